import type { Entity } from '@backstage/catalog-model';
import {
  COVERAGE_STATES,
  type EntityCoverage,
  type Language,
  type Workload,
} from '@internal/plugin-observability-common';
import { stringifyEntityRef } from '@backstage/catalog-model';

/** `group:default/team-web` and `team-web` both read `team-web`; other namespaces stay whole. */
function shortRef(ref: unknown, fallback: string): string {
  if (typeof ref !== 'string' || !ref) return fallback;
  const match = /^(?:[^:]+:)?(?:default\/)?(.+)$/.exec(ref);
  return match ? match[1] : ref;
}

/**
 * One Component's row on the coverage page: its least-covered workload decides its state, so
 * a service counts as covered only when all of it is.
 */
export function entityCoverage(entity: Entity, workloads: Workload[]): EntityCoverage {
  const rank = (w: Workload) => COVERAGE_STATES.indexOf(w.coverage);
  const least = workloads.reduce<Workload | undefined>(
    (min, w) => (!min || rank(w) < rank(min) ? w : min),
    undefined,
  );
  const languages = new Set<Language>();
  for (const w of workloads) {
    for (const c of w.containers) {
      if (c.detection.language !== 'unknown') languages.add(c.detection.language);
    }
  }
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    owner: shortRef(entity.spec?.owner, 'unowned'),
    system: shortRef(entity.spec?.system, 'no system'),
    languages: [...languages].sort(),
    workloads: workloads.length,
    coverage: least?.coverage ?? 'no-workloads',
    clusters: [...new Set(workloads.map(w => w.cluster))].sort(),
  };
}
