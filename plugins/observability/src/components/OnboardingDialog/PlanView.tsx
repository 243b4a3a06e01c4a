import type { PlanResponse } from '@internal/plugin-observability-common';
import {
  Box,
  Checkbox,
  FormControlLabel,
  Typography,
} from '@material-ui/core';
import { WarningPanel } from '@backstage/core-components';
import { DiffView } from './DiffView';

const ACTION_LABEL = {
  instrument: 'will be instrumented',
  refuse: 'cannot be instrumented',
  'already-instrumented': 'already traced',
};

/** The dry run: per workload and container what changes and why, then the template diff. */
export function PlanView(props: {
  plan: PlanResponse;
  confirmed: string[];
  onConfirm(token: string, checked: boolean): void;
}) {
  const { plan } = props;
  return (
    <div data-testid="plan-view">
      {plan.clusterErrors.map(e => (
        <WarningPanel key={e.cluster} title={`Cluster ${e.cluster} could not be read`} message={e.error} />
      ))}
      {plan.plans.length === 0 && (
        <Typography>No workloads found for this entity in any reachable cluster.</Typography>
      )}
      {plan.plans.map(p => {
        const key = `${p.workload.cluster}/${p.workload.kind}/${p.workload.namespace}/${p.workload.name}`;
        return (
          <Box key={key} mb={3}>
            <Typography variant="h6">
              {p.workload.kind} {p.workload.namespace}/{p.workload.name}{' '}
              <Typography component="span" variant="body2" color="textSecondary">
                in cluster {p.workload.cluster}
              </Typography>
            </Typography>
            {p.alreadyApplied && (
              <Typography variant="body2" color="textSecondary">
                Already instrumented with this configuration: applying changes nothing.
              </Typography>
            )}
            <ul>
              {p.containers.map(c => (
                <li key={c.container}>
                  <strong>{c.container}</strong> {ACTION_LABEL[c.action]}: {c.reason}
                  {c.requiresConfirmation.map(token => (
                    <div key={token}>
                      <FormControlLabel
                        control={
                          <Checkbox
                            checked={props.confirmed.includes(token)}
                            onChange={(_, checked) => props.onConfirm(token, checked)}
                          />
                        }
                        // Names the container: several may ask, and each box needs its own label.
                        label={`Another vendor's agent is present in ${c.container}; instrument anyway (both will run)`}
                      />
                    </div>
                  ))}
                </li>
              ))}
            </ul>
            {p.extendsEnv.length > 0 && (
              <Typography variant="body2">
                Keeps your {p.extendsEnv.map(e => e.name).join(', ')} and adds the agent to it.
              </Typography>
            )}
            {p.usesEbpf && (
              <Typography variant="body2">
                Compiled code is traced by the eBPF agent running on each node; the pod only gets
                an annotation.
              </Typography>
            )}
            {p.diff && <DiffView diff={p.diff} />}
          </Box>
        );
      })}
    </div>
  );
}
