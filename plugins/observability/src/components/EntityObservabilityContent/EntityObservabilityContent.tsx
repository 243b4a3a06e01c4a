import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { hasKubernetesAnnotations } from '@internal/plugin-observability-common';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import { usePermission } from '@backstage/plugin-permission-react';
import { observabilityEntityInstrumentPermission } from '@internal/plugin-observability-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { observabilityApiRef } from '../../api';
import { OnboardingButton } from '../OnboardingButton';
import {
  GitOpsExportDialog,
  OnboardingDialog,
  UninstrumentDialog,
} from '../OnboardingDialog';
import { DisabledReason } from './DisabledReason';
import { KubernetesMappingCard } from './KubernetesMappingCard';
import { WorkloadsCard } from './WorkloadsCard';
import { EntityTracesSection } from '../traces/EntityTracesSection';

/** Why the actions that need workloads (enable, export) cannot be used yet, if they cannot. */
function workloadsBlocker(loading: boolean, failed: boolean, workloads: number): string | undefined {
  if (loading) return 'Looking for workloads…';
  if (failed) return 'The workloads could not be read';
  if (workloads === 0) return 'No workloads found for this entity in any cluster';
  return undefined;
}

function WorkloadsSection() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getEntityWorkloads(entityRef),
    [api, entityRef],
  );
  const [dialog, setDialog] = useState<'onboard' | 'remove' | 'export'>();
  const permission = usePermission({
    permission: observabilityEntityInstrumentPermission,
    resourceRef: entityRef,
  });
  const denied = !permission.loading && !permission.allowed;
  const owner = String(entity.spec?.owner ?? 'no owner');
  let removeBlocker: string | undefined;
  if (permission.loading) removeBlocker = 'Checking your permissions…';
  else if (denied)
    removeBlocker = `Only the owners of ${entity.metadata.name} (${owner}) and observability admins can remove tracing.`;
  const workloads = value?.clusters.flatMap(c => c.workloads) ?? [];
  const instrumented = workloads.some(w => w.coverage !== 'not-instrumented');
  const blocker = workloadsBlocker(loading, Boolean(error), workloads.length);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" style={{ gap: 8 }}>
          <OnboardingButton onClick={() => setDialog('onboard')} disabledReason={blocker} />
          <DisabledReason reason={blocker} testId="gitops-export-reason">
            <Button
              variant="outlined"
              disabled={Boolean(blocker)}
              onClick={() => setDialog('export')}
              data-testid="gitops-export-button"
            >
              Export for GitOps
            </Button>
          </DisabledReason>
          {instrumented && (
            <DisabledReason reason={removeBlocker} testId="uninstrument-reason">
              <Button
                variant="outlined"
                color="secondary"
                disabled={Boolean(removeBlocker)}
                onClick={() => setDialog('remove')}
                data-testid="uninstrument-button"
              >
                Remove tracing
              </Button>
            </DisabledReason>
          )}
        </Box>
        {denied && (
          // Said in the page as well as in the tooltips: not everyone hovers a disabled button.
          <Typography
            variant="caption"
            color="textSecondary"
            display="block"
            data-testid="instrument-permission-note"
          >
            You can see this entity's workloads, but only its owners ({owner}) and observability
            admins can enable or remove tracing.
          </Typography>
        )}
        <OnboardingDialog
          entityRef={entityRef}
          open={dialog === 'onboard'}
          onClose={() => setDialog(undefined)}
          onFinished={retry}
        />
        <UninstrumentDialog
          entityRef={entityRef}
          open={dialog === 'remove'}
          onClose={() => setDialog(undefined)}
          onFinished={retry}
        />
        <GitOpsExportDialog
          entityRef={entityRef}
          open={dialog === 'export'}
          onClose={() => setDialog(undefined)}
        />
      </Grid>
      <Grid item xs={12}>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && <WorkloadsCard clusters={value.clusters} />}
      </Grid>
    </Grid>
  );
}

/** The Observability tab of an entity page. */
export function EntityObservabilityContent() {
  const { entity } = useEntity();
  if (!hasKubernetesAnnotations(entity)) {
    return (
      <EmptyState
        missing="field"
        title="No Kubernetes workloads linked"
        description="Add the backstage.io/kubernetes-id annotation (or backstage.io/kubernetes-label-selector) to this entity so the portal can find its workloads."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <WorkloadsSection />
      </Grid>
      <Grid item xs={12} md={4}>
        <KubernetesMappingCard />
      </Grid>
      <Grid item xs={12}>
        <EntityTracesSection />
      </Grid>
    </Grid>
  );
}
