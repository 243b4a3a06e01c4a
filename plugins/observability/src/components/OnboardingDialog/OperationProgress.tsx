import type { Operation, WorkloadRef } from '@internal/plugin-observability-common';
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

// A Deployment and a CronJob may share a name: the key names the workload in full.
const workloadKey = (w: WorkloadRef) => `${w.cluster}/${w.kind}/${w.namespace}/${w.name}`;

/** What an apply or removal did, then each rollout with a progress bar until it ends. */
export function OperationProgress(props: { operation: Operation }) {
  const { operation } = props;
  return (
    <div data-testid="operation-progress">
      <Typography variant="h6" data-testid="operation-state">
        <StateBadge state={operation.state} />
      </Typography>
      {operation.results.map(r => (
        <Box key={workloadKey(r.workload)} mt={1}>
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
          <Box key={`rollout-${workloadKey(r.workload)}`} mt={2}>
            <Typography variant="body2">
              Rollout of {r.workload.name}: {r.message}
            </Typography>
            {r.replicaSet && (
              <Typography variant="caption" display="block" data-testid="rollout-replicaset">
                New ReplicaSet {r.replicaSet.name}: {r.replicaSet.ready}/{r.replicaSet.desired} pods ready
              </Typography>
            )}
            {/* A CronJob has nothing to roll out until its next run: no bar stuck at 0%. */}
            {r.phase !== 'not-applicable' && (
              <LinearProgress
                variant="determinate"
                value={r.phase === 'complete' ? 100 : percent}
                color={r.phase === 'failed' || r.phase === 'rolled-back' ? 'secondary' : 'primary'}
                aria-label={`rollout of ${r.workload.name}`}
              />
            )}
          </Box>
        );
      })}
    </div>
  );
}
