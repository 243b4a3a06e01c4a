import { ConflictError } from '@backstage/errors';
import type { PipelineOperation, PipelineStep, PipelineStepStatus } from '@internal/plugin-observability-common';
import { randomUUID } from 'node:crypto';
import { PIPELINE_VERSION } from '../collector/constants';

/** How an install or uninstall reports its steps while it runs. */
export interface StepProgress {
  /** Adds steps (all pending) and returns the index of the first. */
  add(steps: Omit<PipelineStep, 'status'>[]): number;
  set(index: number, status: PipelineStepStatus, message?: string): void;
}

/** Reports nowhere: for callers that only want the end result. */
export const NO_PROGRESS: StepProgress = { add: () => 0, set: () => undefined };

/** Finished operations kept for polling, newest last. */
const KEEP_FINISHED = 50;

/**
 * Install and uninstall operations, run in the background and polled by the settings page.
 * One at a time per cluster: two applies of the same objects at once would interleave.
 * Kept in memory: an operation is only of interest while someone watches it.
 */
export class PipelineOperations {
  private readonly operations = new Map<string, PipelineOperation>();

  constructor(private readonly onError?: (operation: PipelineOperation, error: Error) => void) {}

  /**
   * Starts `run` and returns the operation at once (state `running`) and a promise of its end.
   * Throws a conflict when an operation is already running on the cluster.
   */
  start(
    cluster: string,
    action: PipelineOperation['action'],
    run: (progress: StepProgress) => Promise<void>,
  ): { operation: PipelineOperation; done: Promise<PipelineOperation> } {
    const running = [...this.operations.values()].find(o => o.cluster === cluster && o.state === 'running');
    if (running) {
      throw new ConflictError(`An ${running.action} is already running on ${cluster} (operation ${running.id})`);
    }
    const operation: PipelineOperation = {
      id: randomUUID(),
      cluster,
      action,
      state: 'running',
      steps: [],
      version: PIPELINE_VERSION,
      startedAt: new Date().toISOString(),
    };
    this.operations.set(operation.id, operation);
    const progress: StepProgress = {
      add: steps => {
        const first = operation.steps.length;
        operation.steps.push(...steps.map(s => ({ ...s, status: 'pending' as const })));
        return first;
      },
      set: (index, status, message) => {
        const step = operation.steps[index];
        if (!step) return;
        step.status = status;
        if (message) step.message = message;
        else delete step.message;
      },
    };
    const done = (async () => {
      try {
        await run(progress);
        operation.state = 'succeeded';
      } catch (e) {
        operation.state = 'failed';
        operation.error = (e as Error).message;
        this.onError?.(operation, e as Error);
      }
      operation.finishedAt = new Date().toISOString();
      this.prune();
      return operation;
    })();
    return { operation: snapshot(operation), done };
  }

  /** A copy of the operation as it is now. */
  get(id: string): PipelineOperation | undefined {
    const operation = this.operations.get(id);
    return operation && snapshot(operation);
  }

  private prune() {
    const finished = [...this.operations.values()].filter(o => o.state !== 'running');
    for (const o of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.operations.delete(o.id);
  }
}

function snapshot(operation: PipelineOperation): PipelineOperation {
  return { ...operation, steps: operation.steps.map(s => ({ ...s })) };
}
