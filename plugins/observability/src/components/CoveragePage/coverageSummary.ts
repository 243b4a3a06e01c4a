import {
  INSTRUMENTED_COVERAGE_STATES,
  type EntityCoverage,
} from '@internal/plugin-observability-common';

export const isInstrumented = (row: EntityCoverage) =>
  INSTRUMENTED_COVERAGE_STATES.includes(row.coverage);

/** Components and how many are instrumented, per owner or system. */
export interface CoverageGroup {
  group: string;
  components: number;
  instrumented: number;
  /** 0..1 */
  share: number;
}

/** Rows counted by `owner` or `system`, largest group first. */
export function summarize(rows: EntityCoverage[], by: 'owner' | 'system'): CoverageGroup[] {
  const groups = new Map<string, { components: number; instrumented: number }>();
  for (const row of rows) {
    const group = groups.get(row[by]) ?? { components: 0, instrumented: 0 };
    group.components++;
    if (isInstrumented(row)) group.instrumented++;
    groups.set(row[by], group);
  }
  return [...groups.entries()]
    .map(([group, g]) => ({ group, ...g, share: g.components ? g.instrumented / g.components : 0 }))
    .sort((a, b) => b.components - a.components || a.group.localeCompare(b.group));
}

/** Filters the page offers. Empty values mean "any". */
export interface CoverageFilters {
  owner?: string;
  system?: string;
  coverage?: string;
  language?: string;
}

export function applyFilters(rows: EntityCoverage[], filters: CoverageFilters): EntityCoverage[] {
  return rows.filter(
    r =>
      (!filters.owner || r.owner === filters.owner) &&
      (!filters.system || r.system === filters.system) &&
      (!filters.coverage || r.coverage === filters.coverage) &&
      (!filters.language || (r.languages as string[]).includes(filters.language)),
  );
}
