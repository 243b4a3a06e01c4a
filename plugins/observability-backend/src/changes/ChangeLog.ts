import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { openDatabase } from '../database/openDatabase';

/** One recorded change to one workload. */
export interface ChangeRecord {
  operationId: string;
  entityRef: string;
  action: 'instrument' | 'uninstrument' | 'rollback';
  actor: string;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  outcome: string;
  message: string;
  createdAt?: string;
}

const TABLE = 'observability_changes';

/** The database record of every change (the auditor's events go to logs; this is queryable). */
export class ChangeLog {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<ChangeLog> {
    return new ChangeLog(await openDatabase(database));
  }

  async record(records: ChangeRecord[]): Promise<void> {
    if (!records.length) return;
    await this.db(TABLE).insert(
      records.map(r => ({
        operation_id: r.operationId,
        entity_ref: r.entityRef,
        action: r.action,
        actor: r.actor,
        cluster: r.cluster,
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        outcome: r.outcome,
        message: r.message.slice(0, 4000),
      })),
    );
  }

  /** The newest changes to an entity's workloads, newest first. */
  async list(entityRef: string, limit = 50): Promise<ChangeRecord[]> {
    const rows = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(row => ({
      operationId: row.operation_id,
      entityRef: row.entity_ref,
      action: row.action,
      actor: row.actor,
      cluster: row.cluster,
      kind: row.kind,
      namespace: row.namespace,
      name: row.name,
      outcome: row.outcome,
      message: row.message,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }
}
