import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { hasKubernetesAnnotations } from '@internal/plugin-observability-common';
import { Grid } from '@material-ui/core';
import { OnboardingButton } from '../OnboardingButton';
import { KubernetesMappingCard } from './KubernetesMappingCard';

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
      <Grid item xs={12}>
        <OnboardingButton />
      </Grid>
      <Grid item xs={12} md={6}>
        <KubernetesMappingCard />
      </Grid>
    </Grid>
  );
}
