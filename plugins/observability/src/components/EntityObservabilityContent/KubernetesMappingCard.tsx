import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@internal/plugin-observability-common';

/** How this entity points at its workloads, in the Kubernetes plugin's own annotations. */
export function KubernetesMappingCard() {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  return (
    <InfoCard title="Kubernetes mapping">
      <StructuredMetadataTable
        metadata={{
          'kubernetes-id': annotations[KUBERNETES_ID_ANNOTATION] ?? '—',
          'label selector': annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION] ?? '—',
          namespace: annotations[KUBERNETES_NAMESPACE_ANNOTATION] ?? 'any',
          'service.name': entity.metadata.name,
          'service.namespace': String(entity.spec?.system ?? '—'),
        }}
      />
    </InfoCard>
  );
}
