import type { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import type { Operation } from '@internal/plugin-observability-common';
import type { Knex } from 'knex';
import { openDatabase } from '../database/openDatabase';

const TABLE = 'observability_operations';

/**
 * Instrumentation operations in the plugin's database, so `GET /operations/:id` answers on
 * every replica and after a restart. The backend that runs an operation rewrites its row as
 * the rollout moves; each write extends the operation's lease. A running operation whose
 * lease has run out lost its backend: it reads as failed, with its unfinished rollouts saying
 * so, because nothing watches or rolls them back any more.
 */
export class OperationStore {
  private constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {}

  static async create(
    database: DatabaseService,
    options: { now?: () => Date } = {},
  ): Promise<OperationStore> {
    return new OperationStore(await openDatabase(database), options.now ?? (() => new Date()));
  }

  async insert(operation: Operation, leaseMs: number): Promise<void> {
    await this.db(TABLE).insert({
      id: operation.id,
      entity_ref: operation.entityRef,
      action: operation.action,
      started_at: new Date(operation.startedAt),
      revision: 1,
      ...this.mutableColumns(operation, leaseMs),
    });
  }

  /** Replaces the operation's state, results and rollouts, and extends its lease. */
  async update(operation: Operation, leaseMs: number): Promise<void> {
    await this.db(TABLE)
      .where({ id: operation.id })
      .update({ ...this.mutableColumns(operation, leaseMs), revision: this.db.raw('revision + 1') });
  }

  async get(id: string): Promise<Operation | undefined> {
    const row = await this.db(TABLE).where({ id }).first();
    if (!row) return undefined;
    const operation = fromRow(row);
    if (operation.state !== 'running' || new Date(row.deadline_at).getTime() > this.now().getTime()) {
      return operation;
    }
    const interrupted = markInterrupted(operation, new Date(row.updated_at));
    // Written back so every replica tells the same story; only if no newer write came in.
    const updated = await this.db(TABLE)
      .where({ id, revision: row.revision })
      .update({
        state: interrupted.state,
        rollouts: JSON.stringify(interrupted.rollouts),
        finished_at: new Date(interrupted.finishedAt!),
        revision: Number(row.revision) + 1,
      });
    return updated ? interrupted : this.get(id);
  }

  private mutableColumns(operation: Operation, leaseMs: number) {
    const now = this.now();
    return {
      state: operation.state,
      results: JSON.stringify(operation.results),
      rollouts: JSON.stringify(operation.rollouts),
      finished_at: operation.finishedAt ? new Date(operation.finishedAt) : null,
      updated_at: now,
      deadline_at: new Date(now.getTime() + leaseMs),
    };
  }
}

function fromRow(row: any): Operation {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    action: row.action,
    state: row.state,
    results: JSON.parse(row.results),
    rollouts: JSON.parse(row.rollouts),
    startedAt: new Date(row.started_at).toISOString(),
    ...(row.finished_at ? { finishedAt: new Date(row.finished_at).toISOString() } : {}),
  };
}

/** A running operation whose backend stopped: failed, and each unfinished rollout says why. */
export function markInterrupted(operation: Operation, lastWrite: Date): Operation {
  const when = lastWrite.toISOString();
  return {
    ...operation,
    state: 'failed',
    finishedAt: when,
    rollouts: operation.rollouts.map(rollout =>
      rollout.phase === 'progressing'
        ? {
            ...rollout,
            phase: 'failed',
            message: `Not confirmed: the backend watching this rollout stopped (last update ${when}), so it was neither confirmed nor rolled back automatically. Check the workload's pods, then instrument or remove it again. Last seen: ${rollout.message}`,
          }
        : rollout,
    ),
  };
}

/**
 * Keeps one operation's row in step with the object the service mutates: changes are
 * coalesced into at most one write per `minIntervalMs` (a rollout of hundreds of workloads
 * reports every poll), and `flush` waits until the latest state is stored.
 */
export class OperationRecorder {
  private pending?: Promise<void>;
  private dirty = false;
  private lastWrite = 0;
  private wake?: () => void;

  constructor(
    private readonly store: OperationStore,
    readonly operation: Operation,
    private readonly options: { leaseMs: number; minIntervalMs: number; logger: LoggerService },
  ) {}

  /** Stores the operation for the first time. */
  async start(): Promise<void> {
    this.lastWrite = Date.now();
    await this.store.insert(this.operation, this.options.leaseMs);
  }

  /** The operation changed; it is written soon. */
  changed(): void {
    this.dirty = true;
    if (!this.pending) this.pending = this.drain(this.options.minIntervalMs);
  }

  /** Writes the latest state now and resolves once it is stored. */
  async flush(): Promise<void> {
    this.dirty = true;
    this.wake?.();
    while (this.dirty || this.pending) {
      if (!this.pending) this.pending = this.drain(0);
      await this.pending;
    }
  }

  private async drain(minIntervalMs: number): Promise<void> {
    try {
      while (this.dirty) {
        const wait = this.lastWrite + minIntervalMs - Date.now();
        if (wait > 0) {
          await new Promise<void>(resolve => {
            const timer = setTimeout(resolve, wait);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wake = undefined;
        }
        this.dirty = false;
        this.lastWrite = Date.now();
        try {
          await this.store.update(this.operation, this.options.leaseMs);
        } catch (error) {
          // The in-memory watcher carries on; the next change or flush writes again.
          this.options.logger.warn(`Could not store operation ${this.operation.id}: ${error}`);
          return;
        }
      }
    } finally {
      this.pending = undefined;
    }
  }
}
