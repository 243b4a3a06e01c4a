import type { Attribute, Span } from '@internal/plugin-observability-common';
import { Box, Chip, makeStyles, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { formatDuration, formatTimestamp } from './format';
import { serviceColor } from './model/serviceColors';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(1), overflow: 'auto', fontSize: 12 },
  table: { borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed' },
  key: {
    width: '35%',
    verticalAlign: 'top',
    color: theme.palette.text.secondary,
    padding: '2px 8px 2px 0',
    wordBreak: 'break-all',
  },
  value: {
    fontFamily: 'monospace',
    padding: '2px 0',
    wordBreak: 'break-all',
    whiteSpace: 'pre-wrap',
    maxHeight: 160,
    overflow: 'auto',
    display: 'block',
  },
  section: { marginTop: theme.spacing(1.5) },
}));

function AttributeTable(props: { attributes: Attribute[]; title: string }) {
  const classes = useStyles();
  if (props.attributes.length === 0) return null;
  return (
    <div className={classes.section}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <table className={classes.table}>
        <tbody>
          {props.attributes.map((a, i) => (
            <tr key={`${a.key}-${i}`}>
              <td className={classes.key}>{a.key}</td>
              <td>
                <span className={classes.value}>{String(a.value)}</span>
                {a.truncatedFrom !== undefined && (
                  <Typography variant="caption" color="textSecondary">
                    cut to 4 KB of {Math.round(a.truncatedFrom / 1024)} KB
                  </Typography>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface SpanDetailsProps {
  span: Span;
  traceStartUs: number;
  /** Start after the clock-skew adjustment, when it was moved. */
  shiftUs: number;
  onCriticalPath: boolean;
  spanLink?: string;
  /** Opens a linked span's trace. */
  linkHref?(traceId: string, spanId: string): string;
}

/** Everything about one span: timing, status, attributes, resource, events, links. */
export function SpanDetails(props: SpanDetailsProps) {
  const classes = useStyles();
  const { span } = props;
  return (
    <div className={classes.root} data-testid="span-details">
      <Typography variant="h6" style={{ wordBreak: 'break-all' }}>
        {span.name}
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} mb={1}>
        <Chip
          size="small"
          label={span.serviceName}
          style={{ background: serviceColor(span.serviceName), color: '#fff' }}
        />
        <Chip size="small" label={span.kind} />
        <Chip size="small" label={formatDuration(span.durationUs)} />
        <Chip
          size="small"
          label={`status: ${span.status.code}`}
          color={span.status.code === 'error' ? 'secondary' : 'default'}
        />
        {props.onCriticalPath && (
          <Chip size="small" label="on the critical path" variant="outlined" />
        )}
      </Box>
      {span.status.message && (
        <Alert severity="error">{span.status.message}</Alert>
      )}
      {span.warnings?.map(w => (
        <Alert key={w} severity="warning">
          {w}
        </Alert>
      ))}
      {props.shiftUs !== 0 && (
        <Alert severity="info">
          Drawn {formatDuration(Math.abs(props.shiftUs))}{' '}
          {props.shiftUs > 0 ? 'later' : 'earlier'} than recorded: this
          service’s clock disagrees with its caller’s.
        </Alert>
      )}
      <table className={classes.table}>
        <tbody>
          <tr>
            <td className={classes.key}>span id</td>
            <td className={classes.value}>{span.spanId}</td>
          </tr>
          <tr>
            <td className={classes.key}>parent</td>
            <td className={classes.value}>{span.parentSpanId ?? '(root)'}</td>
          </tr>
          <tr>
            <td className={classes.key}>start</td>
            <td className={classes.value}>
              {formatTimestamp(span.startUs)} (+
              {formatDuration(span.startUs - props.traceStartUs)})
            </td>
          </tr>
          {span.scope && (
            <tr>
              <td className={classes.key}>instrumentation</td>
              <td className={classes.value}>{span.scope}</td>
            </tr>
          )}
        </tbody>
      </table>
      <AttributeTable title="Attributes" attributes={span.attributes} />
      <AttributeTable title="Resource" attributes={span.resource} />
      {span.events.length > 0 && (
        <div className={classes.section}>
          <Typography variant="subtitle2">Events</Typography>
          {span.events.map((event, i) => (
            <div key={`${event.name}-${i}`}>
              <Typography variant="body2">
                +{formatDuration(event.timeUs - span.startUs)}{' '}
                <b>{event.name}</b>
              </Typography>
              <AttributeTable title="" attributes={event.attributes} />
            </div>
          ))}
        </div>
      )}
      {span.links.length > 0 && (
        <div className={classes.section}>
          <Typography variant="subtitle2">Links</Typography>
          {span.links.map((link, i) => (
            <div key={`${link.spanId}-${i}`} className={classes.value}>
              {props.linkHref ? (
                <a href={props.linkHref(link.traceId, link.spanId)}>
                  {link.traceId} / {link.spanId}
                </a>
              ) : (
                `${link.traceId} / ${link.spanId}`
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
