import type { EntityCoverage } from '@internal/plugin-observability-common';
import { applyFilters, summarize } from './coverageSummary';

const row = (name: string, owner: string, system: string, coverage: EntityCoverage['coverage'], languages: any[] = []): EntityCoverage => ({
  entityRef: `component:default/${name}`,
  title: name,
  owner,
  system,
  languages,
  workloads: 1,
  coverage,
  clusters: ['local'],
});

const rows = [
  row('checkout', 'team-payments', 'shop', 'rolled-out', ['java']),
  row('payments', 'team-payments', 'shop', 'not-instrumented', ['dotnet']),
  row('inventory', 'team-payments', 'logistics', 'emitting', ['go']),
  row('storefront', 'team-web', 'shop', 'no-workloads'),
];

describe('summarize', () => {
  it('counts components and the instrumented share per owner and system', () => {
    expect(summarize(rows, 'owner')).toEqual([
      { group: 'team-payments', components: 3, instrumented: 2, share: 2 / 3 },
      { group: 'team-web', components: 1, instrumented: 0, share: 0 },
    ]);
    expect(summarize(rows, 'system').map(g => [g.group, g.instrumented])).toEqual([
      ['shop', 1],
      ['logistics', 1],
    ]);
  });
});

describe('applyFilters', () => {
  it('filters by owner, system, state and language together', () => {
    expect(applyFilters(rows, { owner: 'team-payments', system: 'shop' }).map(r => r.title)).toEqual(['checkout', 'payments']);
    expect(applyFilters(rows, { coverage: 'emitting' }).map(r => r.title)).toEqual(['inventory']);
    expect(applyFilters(rows, { language: 'java' }).map(r => r.title)).toEqual(['checkout']);
    expect(applyFilters(rows, {})).toHaveLength(4);
  });
});
