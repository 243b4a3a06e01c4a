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

/**
 * Pod-template annotation the product writes when it instruments a workload: JSON
 * `{"containers": {"<container>": "<strategy>"}, "revision": "<hash>"}`. Pods copy it from the
 * template, so a pod carrying the template's value runs the instrumented revision.
 */
export const INSTRUMENTATION_ANNOTATION = 'observability.backstage.io/instrumentation';

/** Pod-template annotation whose change restarts the rollout (like `kubectl rollout restart`). */
export const RESTARTED_AT_ANNOTATION = 'observability.backstage.io/restartedAt';

/** The field manager of every server-side apply the product makes. */
export const FIELD_MANAGER = 'backstage-observability';
