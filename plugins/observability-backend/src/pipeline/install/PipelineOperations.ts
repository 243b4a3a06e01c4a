import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { PipelineOperation, PipelineStep, PipelineStepStatus } from '@internal/plugin-observability-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../database/openDatabase';
import { PIPELINE_VERSION } from '../collector/constants';

/** How an install or uninstall reports its steps while it runs. */
export interface StepProgress {
  /** Adds steps (all pending) and returns the index of the first. */
  add(steps: Omit<PipelineStep, 'status'>[]): number;
  set(index: number, status: PipelineStepStatus, message?: string): void;
}

/** Reports nowhere: for callers that only want the end result. */
export const NO_PROGRESS: StepProgress = { add: () => 0, set: () => undefined };

const TABLE = 'observability_pipeline_operations';

/** How long a running operation's row stays valid without a write from its backend. */
const DEFAULT_LEASE_MS = 60_000;

/** Finished operations are deleted after this long: they are only of interest while watched. */
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Coalesces an operation's changes into one write at a time: a step change while a write
 * is in flight is written once that write ends. `flush` resolves once the latest is stored.
 */
class RowWriter {
  private pending?: Promise<void>;
  private dirty = false;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly onError: (error: Error) => void,
  ) {}

  changed(): void {
    this.dirty = true;
    if (!this.pending) this.pending = this.drain();
  }

  async flush(): Promise<void> {
    this.changed();
    while (this.pending) await this.pending;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await this.write();
        } catch (error) {
          // The run carries on; the next change (or the heartbeat) writes again.
          this.onError(error as Error);
          return;
        }
      }
    } finally {
      this.pending = undefined;
    }
  }
}

export interface PipelineOperationsOptions {
  onError?: (operation: PipelineOperation, error: Error) => void;
  /** Store write failures (the run carries on; the next change writes again). */
  onWriteError?: (operation: PipelineOperation, error: Error) => void;
  leaseMs?: number;
  now?: () => Date;
}

/**
 * Install and uninstall operations, run in the background and polled by the settings page.
 * Stored in the plugin's database so `GET /pipeline/operations/:id` answers on every replica
 * and after a restart. The backend running an operation rewrites its row as steps move (and
 * on a heartbeat), each write extending its lease; a running operation whose lease ran out
 * lost its backend and reads as failed.
 * One at a time per cluster, across replicas: two applies of the same objects at once would
 * interleave. A unique index on running rows per cluster (see the migration) enforces it.
 */
export class PipelineOperations {
  private readonly leaseMs: number;
  private readonly now: () => Date;
  /** Writers of the operations this backend runs. */
  private readonly writers = new Map<string, RowWriter>();

  constructor(
    private readonly database: DatabaseService,
    private readonly options: PipelineOperationsOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Stores and starts `run`, and returns the operation (state `running`) and a promise of its end.
   * Throws a conflict when an operation is already running on the cluster.
   */
  async start(
    cluster: string,
    action: PipelineOperation['action'],
    run: (progress: StepProgress) => Promise<void>,
  ): Promise<{ operation: PipelineOperation; done: Promise<PipelineOperation> }> {
    const db = await openDatabase(this.database);
    // A running row whose backend stopped would block the cluster until read: read (and so
    // fail) those first.
    const running = await db(TABLE).where({ cluster, state: 'running' }).select('id');
    for (const row of running) await this.get(row.id);

    const operation: PipelineOperation = {
      id: randomUUID(),
      cluster,
      action,
      state: 'running',
      steps: [],
      version: PIPELINE_VERSION,
      startedAt: this.now().toISOString(),
    };
    try {
      await db(TABLE).insert({
        id: operation.id,
        cluster,
        action,
        version: operation.version,
        started_at: new Date(operation.startedAt),
        revision: 1,
        ...this.mutableColumns(operation),
      });
    } catch (error) {
      // The unique index refused a second running operation (perhaps from another replica).
      const other = await db(TABLE).where({ cluster, state: 'running' }).first();
      if (other) {
        throw new ConflictError(`An ${other.action} is already running on ${cluster} (operation ${other.id})`);
      }
      throw error;
    }

    const writer = new RowWriter(() => this.write(db, operation), error =>
      this.options.onWriteError?.(snapshot(operation), error),
    );
    this.writers.set(operation.id, writer);
    const progress: StepProgress = {
      add: steps => {
        const first = operation.steps.length;
        operation.steps.push(...steps.map(s => ({ ...s, status: 'pending' as const })));
        writer.changed();
        return first;
      },
      set: (index, status, message) => {
        const step = operation.steps[index];
        if (!step) return;
        step.status = status;
        if (message) step.message = message;
        else delete step.message;
        writer.changed();
      },
    };
    // Keeps the lease while a step takes long (a rollout waiting for pods).
    const heartbeat = setInterval(() => writer.changed(), Math.max(1000, this.leaseMs / 3));
    heartbeat.unref?.();
    const done = (async () => {
      try {
        await run(progress);
        operation.state = 'succeeded';
      } catch (e) {
        operation.state = 'failed';
        operation.error = (e as Error).message;
        this.options.onError?.(snapshot(operation), e as Error);
      } finally {
        clearInterval(heartbeat);
      }
      operation.finishedAt = this.now().toISOString();
      await writer.flush();
      this.writers.delete(operation.id);
      await this.pruneFinished(db).catch(error => this.options.onWriteError?.(snapshot(operation), error));
      return snapshot(operation);
    })();
    return { operation: snapshot(operation), done };
  }

  /** The operation as stored now; a running one whose backend stopped reads (and is stored) as failed. */
  async get(id: string): Promise<PipelineOperation | undefined> {
    const db = await openDatabase(this.database);
    const row = await db(TABLE).where({ id }).first();
    if (!row) return undefined;
    const operation = fromRow(row);
    if (operation.state !== 'running' || new Date(row.deadline_at).getTime() > this.now().getTime()) {
      return operation;
    }
    const interrupted = markInterrupted(operation, new Date(row.updated_at));
    // Written back so every replica tells the same story; only if no newer write came in.
    const updated = await db(TABLE)
      .where({ id, revision: row.revision })
      .update({
        state: interrupted.state,
        steps: JSON.stringify(interrupted.steps),
        error: interrupted.error,
        finished_at: new Date(interrupted.finishedAt!),
        revision: Number(row.revision) + 1,
      });
    return updated ? interrupted : this.get(id);
  }

  /** Resolves once every change this backend made to its running operations is stored. */
  async flush(): Promise<void> {
    await Promise.all([...this.writers.values()].map(w => w.flush()));
  }

  /** Replaces the operation's row and extends its lease, unless another replica already failed it. */
  private async write(db: Knex, operation: PipelineOperation): Promise<void> {
    await db(TABLE)
      .where({ id: operation.id, state: 'running' })
      .update({ ...this.mutableColumns(operation), revision: db.raw('revision + 1') });
  }

  private mutableColumns(operation: PipelineOperation) {
    const now = this.now();
    return {
      state: operation.state,
      steps: JSON.stringify(operation.steps),
      error: operation.error ?? null,
      finished_at: operation.finishedAt ? new Date(operation.finishedAt) : null,
      updated_at: now,
      deadline_at: new Date(now.getTime() + this.leaseMs),
    };
  }

  private async pruneFinished(db: Knex): Promise<void> {
    await db(TABLE)
      .whereNot({ state: 'running' })
      .where('finished_at', '<', new Date(this.now().getTime() - KEEP_FINISHED_MS))
      .delete();
  }
}

function fromRow(row: any): PipelineOperation {
  return {
    id: row.id,
    cluster: row.cluster,
    action: row.action,
    state: row.state,
    steps: JSON.parse(row.steps),
    version: row.version,
    startedAt: new Date(row.started_at).toISOString(),
    ...(row.finished_at ? { finishedAt: new Date(row.finished_at).toISOString() } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

/** A running operation whose backend stopped: failed, saying why, and its step in progress too. */
export function markInterrupted(operation: PipelineOperation, lastWrite: Date): PipelineOperation {
  const when = lastWrite.toISOString();
  return {
    ...operation,
    state: 'failed',
    finishedAt: when,
    error: `Interrupted: the backend running this ${operation.action} stopped (last update ${when}) before it finished. Check the cluster's pipeline status, then run the ${operation.action} again.`,
    steps: operation.steps.map(step =>
      step.status === 'running' ? { ...step, status: 'failed', message: 'Not finished: the backend stopped' } : step,
    ),
  };
}

function snapshot(operation: PipelineOperation): PipelineOperation {
  return { ...operation, steps: operation.steps.map(s => ({ ...s })) };
}
