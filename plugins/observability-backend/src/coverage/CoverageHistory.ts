import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  CoverageHistoryPoint,
  EntityCoverage,
} from '@internal/plugin-observability-common';
import type { Knex } from 'knex';
import { openDatabase } from '../database/openDatabase';
import { snapshotCounts } from './snapshotCounts';

const TABLE = 'observability_coverage_snapshots';
/** Snapshots older than this are dropped when a new one is taken. */
const RETENTION_DAYS = 400;
const DAY_MS = 86_400_000;

/** Coverage over time, per catalog, owner and system (counts only, never entity names). */
export class CoverageHistory {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<CoverageHistory> {
    return new CoverageHistory(await openDatabase(database));
  }

  async record(entities: EntityCoverage[], takenAt = new Date()): Promise<void> {
    const rows = snapshotCounts(entities).map(c => ({
      taken_at: takenAt,
      scope: c.scope,
      group_name: c.group,
      components: c.components,
      instrumented: c.instrumented,
      emitting: c.emitting,
    }));
    await this.db.transaction(async tx => {
      await tx(TABLE).insert(rows);
      await tx(TABLE)
        .where('taken_at', '<', new Date(takenAt.getTime() - RETENTION_DAYS * DAY_MS))
        .delete();
    });
  }

  /** Points of one scope within the last `days`, oldest first. */
  async list(options: {
    days: number;
    scope: CoverageHistoryPoint['scope'];
    now?: Date;
  }): Promise<CoverageHistoryPoint[]> {
    const since = new Date((options.now ?? new Date()).getTime() - options.days * DAY_MS);
    const rows = await this.db(TABLE)
      .where('scope', options.scope)
      .andWhere('taken_at', '>=', since)
      .orderBy([{ column: 'taken_at' }, { column: 'group_name' }]);
    return rows.map(r => ({
      takenAt: new Date(r.taken_at).toISOString(),
      scope: r.scope,
      group: r.group_name,
      components: Number(r.components),
      instrumented: Number(r.instrumented),
      emitting: Number(r.emitting),
    }));
  }
}
