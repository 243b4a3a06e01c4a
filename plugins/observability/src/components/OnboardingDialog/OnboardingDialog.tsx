import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Operation, PlanResponse } from '@internal/plugin-observability-common';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { FirstSpan } from './FirstSpan';
import { OperationProgress } from './OperationProgress';
import { PlanView } from './PlanView';
import { useOperation } from './useOperation';

/**
 * Why the Operator strategy cannot be chosen, when no cluster of the plan has the Operator
 * (undefined while unknown or when at least one cluster has it).
 */
export function operatorUnavailableReason(plan: PlanResponse | undefined): string | undefined {
  if (!plan || plan.operator.some(c => c.installed)) return undefined;
  if (!plan.operator.length) return 'No workload of this entity was found in a cluster with the OpenTelemetry Operator';
  return plan.operator.map(c => c.reason ?? `The OpenTelemetry Operator is not installed in cluster ${c.cluster}`).join('; ');
}

export interface OnboardingDialogProps {
  entityRef: string;
  open: boolean;
  onClose(): void;
  /**
   * Called when the dialog closes after an apply started (finished or still rolling out: the
   * template has changed either way), so the tab can reload its workloads.
   */
  onFinished?(operation: Operation): void;
}

/** Enable tracing: plan and diff, then apply and follow the rollout to its result. */
export function OnboardingDialog(props: OnboardingDialogProps) {
  const api = useApi(observabilityApiRef);
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [started, setStarted] = useState<Operation>();
  const [applyError, setApplyError] = useState<Error>();
  const [applying, setApplying] = useState(false);
  const [strategy, setStrategy] = useState<'inject' | 'operator'>('inject');
  const plan = useAsync(
    () =>
      props.open
        ? api.planInstrumentation(props.entityRef, { strategy })
        : Promise.resolve(undefined),
    [api, props.entityRef, props.open, strategy],
  );
  const { operation, error: pollError } = useOperation(started);

  const required = [
    ...new Set(
      plan.value?.plans.flatMap(p => p.containers.flatMap(c => c.requiresConfirmation)) ?? [],
    ),
  ];
  const operatorUnavailable = operatorUnavailableReason(plan.value);
  const hasWork = plan.value?.plans.some(p => p.diff && !p.alreadyApplied) ?? false;
  // Not while a plan for another strategy loads: the one shown would not be the one applied.
  const canApply =
    hasWork && required.every(t => confirmed.includes(t)) && !applying && !plan.loading;

  const apply = async () => {
    setApplying(true);
    setApplyError(undefined);
    try {
      setStarted(await api.applyInstrumentation(props.entityRef, { confirm: confirmed, strategy }));
    } catch (e) {
      setApplyError(e as Error);
    } finally {
      setApplying(false);
    }
  };

  const close = () => {
    if (operation) props.onFinished?.(operation);
    setStarted(undefined);
    setConfirmed([]);
    setApplyError(undefined);
    props.onClose();
  };

  return (
    <Dialog open={props.open} onClose={close} maxWidth="md" fullWidth>
      <DialogTitle>Enable tracing for {props.entityRef}</DialogTitle>
      <DialogContent dividers>
        {!operation && (
          <RadioGroup
            row
            value={strategy}
            onChange={e => setStrategy(e.target.value as 'inject' | 'operator')}
          >
            <FormControlLabel value="inject" control={<Radio />} label="Inject the agent directly" />
            <FormControlLabel
              value="operator"
              control={<Radio />}
              disabled={Boolean(operatorUnavailable)}
              label="Let the OpenTelemetry Operator inject it"
            />
          </RadioGroup>
        )}
        {!operation && operatorUnavailable && (
          <Typography
            variant="caption"
            color="textSecondary"
            display="block"
            data-testid="operator-unavailable"
          >
            {operatorUnavailable}
          </Typography>
        )}
        {!operation && plan.loading && <Progress />}
        {!operation && plan.error && <ResponseErrorPanel error={plan.error} />}
        {!operation && plan.value && (
          <PlanView
            plan={plan.value}
            confirmed={confirmed}
            onConfirm={(token, checked) =>
              setConfirmed(c => (checked ? [...c, token] : c.filter(t => t !== token)))
            }
          />
        )}
        {applyError && <ResponseErrorPanel error={applyError} />}
        {pollError && <ResponseErrorPanel error={pollError} />}
        {operation && <OperationProgress operation={operation} />}
        {operation?.state === 'running' && (
          <Typography variant="caption" color="textSecondary" display="block">
            The rollout goes on if you close this dialog.
          </Typography>
        )}
        {operation?.state === 'succeeded' && operation.results.some(r => r.outcome === 'applied') && (
          <Box mt={2}>
            <FirstSpan
              service={parseEntityRef(props.entityRef).name}
              entityRef={props.entityRef}
              since={operation.startedAt}
            />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        {/* Once applied, closing no longer cancels anything. */}
        <Button onClick={close}>{operation ? 'Close' : 'Cancel'}</Button>
        {!operation && (
          <Button
            color="primary"
            variant="contained"
            disabled={!canApply}
            onClick={apply}
            data-testid="onboarding-apply"
          >
            {applying ? 'Applying…' : 'Apply'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
