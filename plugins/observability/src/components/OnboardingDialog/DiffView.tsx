import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: 12,
    whiteSpace: 'pre',
    overflow: 'auto',
    maxHeight: 360,
    background: theme.palette.background.default,
    padding: theme.spacing(1),
    borderRadius: 4,
  },
  added: { color: theme.palette.success?.main ?? '#2e7d32' },
  removed: { color: theme.palette.error.main },
  hunk: { color: theme.palette.info?.main ?? '#0277bd' },
}));

/** A unified diff with added and removed lines coloured, as code review tools show it. */
export function DiffView(props: { diff: string }) {
  const classes = useStyles();
  const lines = props.diff.split('\n').filter(l => !l.startsWith('====='));
  return (
    <div className={classes.diff} data-testid="plan-diff">
      {lines.map((line, i) => {
        let className: string | undefined;
        if (line.startsWith('+') && !line.startsWith('+++')) className = classes.added;
        else if (line.startsWith('-') && !line.startsWith('---')) className = classes.removed;
        else if (line.startsWith('@@')) className = classes.hunk;
        return (
          <div key={i} className={className}>
            {line || ' '}
          </div>
        );
      })}
    </div>
  );
}
