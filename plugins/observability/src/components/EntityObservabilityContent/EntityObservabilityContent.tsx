import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { hasKubernetesAnnotations } from '@internal/plugin-observability-common';
import { Box, Button, Grid } from '@material-ui/core';
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
import { KubernetesMappingCard } from './KubernetesMappingCard';
import { WorkloadsCard } from './WorkloadsCard';
import { EntityTracesSection } from '../traces/EntityTracesSection';

function onboardingBlocker(loading: boolean, workloads: number): string | undefined {
  if (loading) return 'Looking for workloads…';
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
  const { allowed: mayInstrument } = usePermission({
    permission: observabilityEntityInstrumentPermission,
    resourceRef: entityRef,
  });
  const workloads = value?.clusters.flatMap(c => c.workloads) ?? [];
  const instrumented = workloads.some(w => w.coverage !== 'not-instrumented');
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" style={{ gap: 8 }}>
          <OnboardingButton
            onClick={() => setDialog('onboard')}
            disabledReason={onboardingBlocker(loading, workloads.length)}
          />
          <Button
            variant="outlined"
            disabled={workloads.length === 0}
            onClick={() => setDialog('export')}
          >
            Export for GitOps
          </Button>
          {instrumented && (
            <Button
              variant="outlined"
              color="secondary"
              disabled={!mayInstrument}
              title={mayInstrument ? undefined : 'Only owners and admins can remove tracing'}
              onClick={() => setDialog('remove')}
              data-testid="uninstrument-button"
            >
              Remove tracing
            </Button>
          )}
        </Box>
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
