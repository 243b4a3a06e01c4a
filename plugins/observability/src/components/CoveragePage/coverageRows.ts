import {
  type Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  hasKubernetesAnnotations,
} from '@internal/plugin-observability-common';

/** One Component as the coverage page lists it. */
export interface CoverageRow {
  entityRef: string;
  name: string;
  title: string;
  owner: string;
  system: string;
  /** How the entity points at its workloads: `id=checkout`, `selector=app=x`. */
  workloadSelector: string;
  namespace?: string;
}

/** Counts per group (owner or system). */
export interface CoverageGroup {
  group: string;
  components: number;
}

function shortRef(ref: string | undefined, kind: string): string {
  if (!ref) return '—';
  const parsed = parseEntityRef(ref, { defaultKind: kind, defaultNamespace: 'default' });
  return parsed.namespace === 'default' ? parsed.name : `${parsed.namespace}/${parsed.name}`;
}

/** Components that name their workloads with the Kubernetes plugin's annotations. */
export function toCoverageRows(entities: Entity[]): CoverageRow[] {
  return entities
    .filter(e => e.kind === 'Component' && hasKubernetesAnnotations(e))
    .map(entity => {
      const annotations = entity.metadata.annotations ?? {};
      const id = annotations[KUBERNETES_ID_ANNOTATION];
      const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
      return {
        entityRef: stringifyEntityRef(entity),
        name: getCompoundEntityRef(entity).name,
        title: entity.metadata.title ?? entity.metadata.name,
        owner: shortRef(entity.spec?.owner as string | undefined, 'group'),
        system: shortRef(entity.spec?.system as string | undefined, 'system'),
        workloadSelector: id ? `id=${id}` : `selector=${selector}`,
        namespace: annotations[KUBERNETES_NAMESPACE_ANNOTATION],
      };
    })
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}

/** Rows counted by `owner` or `system`, largest group first. */
export function groupRows(
  rows: CoverageRow[],
  by: 'owner' | 'system',
): CoverageGroup[] {
  const counts = new Map<string, number>();
  rows.forEach(row => counts.set(row[by], (counts.get(row[by]) ?? 0) + 1));
  return [...counts.entries()]
    .map(([group, components]) => ({ group, components }))
    .sort((a, b) => b.components - a.components || a.group.localeCompare(b.group));
}
