import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { observabilityEntityInstrumentPermission } from '@internal/plugin-observability-common';
import { Button, Tooltip } from '@material-ui/core';
import TimelineIcon from '@material-ui/icons/Timeline';

export interface OnboardingButtonProps {
  /** Called when a permitted user clicks; opens the onboarding dialog. */
  onClick?: () => void;
  /** Why the button cannot be used right now, beyond permissions (e.g. no workloads). */
  disabledReason?: string;
}

/**
 * "Enable tracing" for the current entity. Users who may not instrument it see the button
 * disabled, with the reason in a tooltip, instead of a button that fails on click.
 */
export function OnboardingButton(props: OnboardingButtonProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { allowed, loading } = usePermission({
    permission: observabilityEntityInstrumentPermission,
    resourceRef: entityRef,
  });

  let reason: string | undefined;
  if (loading) reason = 'Checking your permissions…';
  else if (!allowed)
    reason = `Only the owners of ${entity.metadata.name} (${String(
      entity.spec?.owner ?? 'no owner',
    )}) and observability admins can enable tracing.`;
  else reason = props.disabledReason;

  const button = (
    <Button
      variant="contained"
      color="primary"
      startIcon={<TimelineIcon />}
      disabled={Boolean(reason)}
      onClick={props.onClick}
      data-testid="observability-onboarding-button"
    >
      Enable tracing
    </Button>
  );
  // A disabled button swallows hover events, so the tooltip wraps a span.
  return reason ? (
    <Tooltip title={reason}>
      <span data-testid="observability-onboarding-reason" aria-label={reason}>
        {button}
      </span>
    </Tooltip>
  ) : (
    button
  );
}
