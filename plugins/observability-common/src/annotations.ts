/**
 * Annotations read from catalog entities. The Kubernetes ones are Backstage's own (the
 * Kubernetes plugin reads the same keys), so one annotation serves both plugins.
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/** The label Backstage's Kubernetes plugin matches `kubernetes-id` against. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** True when the entity names its workloads in one of the ways the Kubernetes plugin supports. */
export function hasKubernetesAnnotations(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
}
