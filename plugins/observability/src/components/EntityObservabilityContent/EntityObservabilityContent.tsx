import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { hasKubernetesAnnotations } from '@internal/plugin-observability-common';
import { Grid } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { observabilityApiRef } from '../../api';
import { OnboardingButton } from '../OnboardingButton';
import { KubernetesMappingCard } from './KubernetesMappingCard';
import { WorkloadsCard } from './WorkloadsCard';

function WorkloadsSection() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsyncRetry(
    () => api.getEntityWorkloads(entityRef),
    [api, entityRef],
  );
  const workloadCount =
    value?.clusters.reduce((sum, c) => sum + c.workloads.length, 0) ?? 0;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <OnboardingButton
          disabledReason={
            loading
              ? 'Looking for workloads…'
              : workloadCount === 0
              ? 'No workloads found for this entity in any cluster'
              : undefined
          }
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
    </Grid>
  );
}
