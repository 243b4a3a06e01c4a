import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@internal/plugin-observability-common';

/** How to find an entity's workloads in a cluster: the Kubernetes plugin's own rules. */
export interface WorkloadQuery {
  labelSelector: string;
  /** Only this namespace, when the entity names one. */
  namespace?: string;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `backstage.io/kubernetes-id: x` selects `backstage.io/kubernetes-id=x`; a
 * `backstage.io/kubernetes-label-selector` is used as written. Invalid values are an
 * InputError rather than a selector the API server would reject or misread.
 */
export function workloadQueryFor(entity: Entity): WorkloadQuery {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ID_ANNOTATION];
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];

  let labelSelector: string;
  if (selector) {
    labelSelector = selector.trim();
  } else if (id) {
    if (id.length > 63 || !LABEL_VALUE.test(id)) {
      throw new InputError(
        `Annotation ${KUBERNETES_ID_ANNOTATION} '${id}' is not a valid Kubernetes label value`,
      );
    }
    labelSelector = `${KUBERNETES_ID_LABEL}=${id}`;
  } else {
    throw new InputError(
      `Entity has neither ${KUBERNETES_ID_ANNOTATION} nor ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}; the portal cannot find its workloads`,
    );
  }
  if (namespace !== undefined && !NAMESPACE.test(namespace)) {
    throw new InputError(
      `Annotation ${KUBERNETES_NAMESPACE_ANNOTATION} '${namespace}' is not a valid namespace name`,
    );
  }
  return namespace ? { labelSelector, namespace } : { labelSelector };
}

/** True when every key of `matchLabels` is in `labels` with the same value. */
export function matchesLabels(
  matchLabels: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  return Object.entries(matchLabels).every(([key, value]) => labels?.[key] === value);
}
