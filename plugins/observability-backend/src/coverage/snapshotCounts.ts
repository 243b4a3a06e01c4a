import {
  INSTRUMENTED_COVERAGE_STATES,
  type CoverageHistoryPoint,
  type EntityCoverage,
} from '@internal/plugin-observability-common';

export type SnapshotCounts = Omit<CoverageHistoryPoint, 'takenAt'>;

/** One snapshot's counts: the whole catalog, each owner and each system. */
export function snapshotCounts(entities: EntityCoverage[]): SnapshotCounts[] {
  const groups = new Map<string, SnapshotCounts>();
  const count = (scope: SnapshotCounts['scope'], group: string, entity: EntityCoverage) => {
    const key = `${scope}\u0000${group}`;
    const counts = groups.get(key) ?? { scope, group, components: 0, instrumented: 0, emitting: 0 };
    counts.components++;
    if (INSTRUMENTED_COVERAGE_STATES.includes(entity.coverage)) counts.instrumented++;
    if (entity.coverage === 'emitting') counts.emitting++;
    groups.set(key, counts);
  };
  for (const entity of entities) {
    count('all', 'all', entity);
    count('owner', entity.owner, entity);
    count('system', entity.system, entity);
  }
  if (!entities.length) return [{ scope: 'all', group: 'all', components: 0, instrumented: 0, emitting: 0 }];
  return [...groups.values()];
}
