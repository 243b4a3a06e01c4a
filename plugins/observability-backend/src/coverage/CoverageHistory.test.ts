import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { EntityCoverage } from '@internal/plugin-observability-common';
import { CoverageHistory } from './CoverageHistory';

const row = (
  name: string,
  owner: string,
  system: string,
  coverage: EntityCoverage['coverage'],
): EntityCoverage => ({
  entityRef: `component:default/${name}`,
  title: name,
  owner,
  system,
  languages: [],
  workloads: 1,
  coverage,
  clusters: ['local'],
});

describe('CoverageHistory', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'records snapshots per catalog, owner and system, and lists them oldest first (%p)',
    async id => {
      const knex = await databases.init(id);
      const history = await CoverageHistory.create(mockServices.database({ knex }));
      const day1 = new Date('2026-11-01T10:00:00Z');
      const day2 = new Date('2026-11-02T10:00:00Z');
      await history.record(
        [row('a', 'team-web', 'shop', 'not-instrumented'), row('b', 'team-pay', 'shop', 'applied')],
        day1,
      );
      await history.record(
        [row('a', 'team-web', 'shop', 'emitting'), row('b', 'team-pay', 'shop', 'rolled-out')],
        day2,
      );

      const all = await history.list({ days: 30, scope: 'all', now: day2 });
      expect(all).toEqual([
        { takenAt: day1.toISOString(), scope: 'all', group: 'all', components: 2, instrumented: 1, emitting: 0 },
        { takenAt: day2.toISOString(), scope: 'all', group: 'all', components: 2, instrumented: 2, emitting: 1 },
      ]);
      const owners = await history.list({ days: 30, scope: 'owner', now: day2 });
      expect(owners.filter(p => p.takenAt === day2.toISOString())).toEqual([
        expect.objectContaining({ group: 'team-pay', components: 1, instrumented: 1, emitting: 0 }),
        expect.objectContaining({ group: 'team-web', components: 1, instrumented: 1, emitting: 1 }),
      ]);
      // Only the requested window.
      const laterThatDay = new Date(day2.getTime() + 3_600_000);
      expect(await history.list({ days: 1, scope: 'all', now: laterThatDay })).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())('records an empty catalog as zero, and drops year-old snapshots (%p)', async id => {
    const knex = await databases.init(id);
    const history = await CoverageHistory.create(mockServices.database({ knex }));
    const old = new Date('2025-01-01T00:00:00Z');
    const now = new Date('2026-11-01T00:00:00Z');
    await history.record([row('a', 'x', 'y', 'applied')], old);
    await history.record([], now);
    expect(await history.list({ days: 365, scope: 'all', now })).toEqual([
      { takenAt: now.toISOString(), scope: 'all', group: 'all', components: 0, instrumented: 0, emitting: 0 },
    ]);
    expect(await knex('observability_coverage_snapshots').where('taken_at', '<', now)).toEqual([]);
  });
});
