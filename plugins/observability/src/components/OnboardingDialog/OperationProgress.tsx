import type { Operation } from '@internal/plugin-observability-common';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import { StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';

const STATE_TEXT: Record<Operation['state'], string> = {
  running: 'Rolling out…',
  succeeded: 'Done',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
};

function StateBadge(props: { state: Operation['state'] }) {
  const text = STATE_TEXT[props.state];
  switch (props.state) {
    case 'succeeded':
      return <StatusOK>{text}</StatusOK>;
    case 'failed':
      return <StatusError>{text}</StatusError>;
    case 'rolled-back':
      return <StatusWarning>{text}</StatusWarning>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}

/** What an apply or removal did, then each rollout with a progress bar until it ends. */
export function OperationProgress(props: { operation: Operation }) {
  const { operation } = props;
  return (
    <div data-testid="operation-progress">
      <Typography variant="h6" data-testid="operation-state">
        <StateBadge state={operation.state} />
      </Typography>
      {operation.results.map(r => (
        <Box key={`${r.workload.cluster}/${r.workload.name}`} mt={1}>
          <Typography variant="body2">
            <strong>{r.workload.kind} {r.workload.namespace}/{r.workload.name}</strong>: {r.message}
          </Typography>
          {r.conflicts.map(c => (
            <Typography key={c.field} variant="caption" color="error" display="block">
              {c.field} is owned by {c.manager}
            </Typography>
          ))}
        </Box>
      ))}
      {operation.rollouts.map(r => {
        const percent = r.desired ? Math.round((Math.min(r.ready, r.updated) / r.desired) * 100) : 0;
        return (
          <Box key={`rollout-${r.workload.cluster}/${r.workload.name}`} mt={2}>
            <Typography variant="body2">
              Rollout of {r.workload.name}: {r.message}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={r.phase === 'complete' ? 100 : percent}
              color={r.phase === 'failed' || r.phase === 'rolled-back' ? 'secondary' : 'primary'}
              aria-label={`rollout of ${r.workload.name}`}
            />
          </Box>
        );
      })}
    </div>
  );
}
