import type { PipelineOperation, PipelineStep } from '@internal/plugin-observability-common';
import { Box, LinearProgress, List, ListItem, ListItemIcon, ListItemText, Typography } from '@material-ui/core';
import CheckIcon from '@material-ui/icons/Check';
import ErrorIcon from '@material-ui/icons/Error';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import RemoveIcon from '@material-ui/icons/Remove';
import SyncIcon from '@material-ui/icons/Sync';

const VERB: Record<PipelineStep['action'], { doing: string; done: string }> = {
  apply: { doing: 'applying', done: 'applied' },
  delete: { doing: 'deleting', done: 'deleted' },
};

function stepText(s: PipelineStep): string {
  const verb = VERB[s.action];
  switch (s.status) {
    case 'done':
      return verb.done;
    case 'running':
      return `${verb.doing}…`;
    case 'skipped':
      return `skipped${s.message ? `: ${s.message}` : ''}`;
    case 'failed':
      return `failed${s.message ? `: ${s.message}` : ''}`;
    default:
      return `to ${s.action}`;
  }
}

const ICON: Record<PipelineStep['status'], JSX.Element> = {
  pending: <RadioButtonUncheckedIcon fontSize="small" color="disabled" />,
  running: <SyncIcon fontSize="small" color="primary" />,
  done: <CheckIcon fontSize="small" style={{ color: 'green' }} />,
  skipped: <RemoveIcon fontSize="small" color="disabled" />,
  failed: <ErrorIcon fontSize="small" color="error" />,
};

/** Steps finished (done, skipped or failed) of all known steps. */
export function progressOf(operation: PipelineOperation): { finished: number; total: number } {
  const finished = operation.steps.filter(s => s.status === 'done' || s.status === 'skipped' || s.status === 'failed').length;
  return { finished, total: operation.steps.length };
}

/** Every object of an install or uninstall with where it is: applied so far, running, to go. */
export function OperationSteps({ operation }: { operation: PipelineOperation }) {
  const { finished, total } = progressOf(operation);
  return (
    <Box>
      {operation.state === 'running' && (
        <LinearProgress
          variant={total ? 'determinate' : 'indeterminate'}
          value={total ? (finished / total) * 100 : undefined}
          aria-label={`${finished} of ${total} objects`}
        />
      )}
      <Typography variant="caption" color="textSecondary" data-testid="pipeline-operation-progress">
        {finished} of {total} object(s) {operation.state === 'running' ? 'so far' : 'processed'}
      </Typography>
      <List dense aria-label="pipeline operation steps" style={{ maxHeight: 280, overflow: 'auto' }}>
        {operation.steps.map((s, i) => (
          <ListItem key={`${i}-${s.kind}-${s.name}`} data-testid={`pipeline-step-${s.status}`}>
            <ListItemIcon style={{ minWidth: 28 }}>{ICON[s.status]}</ListItemIcon>
            <ListItemText
              primary={`${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`}
              secondary={stepText(s)}
              secondaryTypographyProps={{ color: s.status === 'failed' ? 'error' : 'textSecondary' }}
            />
          </ListItem>
        ))}
      </List>
    </Box>
  );
}
