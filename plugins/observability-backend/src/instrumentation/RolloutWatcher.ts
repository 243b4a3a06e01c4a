import {
  RESTARTED_AT_ANNOTATION,
  type WorkloadRef,
} from '@internal/plugin-observability-common';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import { readWorkload } from './applyInstrumentation';
import { rolloutState, type RolloutState } from './rolloutState';
import { podTemplateOf, type WorkloadObject } from './workloadObject';
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';

/**
 * One look at a rollout: the workload's status, the pods of the newest template and, for a
 * Deployment, its ReplicaSets (to name the new one).
 */
export async function observeRollout(
  client: ClusterClient,
  ref: WorkloadRef,
): Promise<RolloutState> {
  const object = await readWorkload(client, ref.kind, ref.namespace, ref.name);
  if (ref.kind === 'CronJob') return rolloutState('CronJob', object, []);
  const matchLabels: Record<string, string> = (object.spec as any)?.selector?.matchLabels ?? {};
  const labelSelector = Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (!labelSelector) return rolloutState(ref.kind, object, []);
  const [pods, replicaSets] = await Promise.all([
    client.core.listNamespacedPod({ namespace: ref.namespace, labelSelector }),
    ref.kind === 'Deployment'
      ? client.apps.listNamespacedReplicaSet({ namespace: ref.namespace, labelSelector })
      : undefined,
  ]);
  return rolloutOf(ref.kind, object, pods.items, replicaSets?.items ?? []);
}

/**
 * A rollout from the workload and its selector's pods and ReplicaSets: only the pods of the
 * newest template (carrying its restart annotation) count as new.
 */
export function rolloutOf(
  kind: WorkloadRef['kind'],
  object: WorkloadObject,
  pods: V1Pod[],
  replicaSets: V1ReplicaSet[],
): RolloutState {
  const restartedAt = podTemplateOf(kind, object).metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
  const newPods = pods.filter(p => p.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === restartedAt);
  return rolloutState(kind, object, newPods, replicaSets);
}

/**
 * Polls a rollout until it completes, fails or runs out of time; each look is reported to
 * `onUpdate` so the dialog's progress bar moves.
 */
export async function watchRollout(
  client: ClusterClient,
  ref: WorkloadRef,
  options: {
    timeoutMs: number;
    pollMs: number;
    onUpdate(state: RolloutState): void;
    /** How to look once; by default `observeRollout` (three requests). */
    observe?: () => Promise<RolloutState>;
  },
): Promise<RolloutState> {
  const observe = options.observe ?? (() => observeRollout(client, ref));
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let state: RolloutState;
    try {
      state = await observe();
    } catch (error) {
      state = {
        phase: 'progressing',
        desired: 0,
        updated: 0,
        ready: 0,
        message: `Could not read the rollout: ${(error as Error).message}`,
      };
    }
    if (state.phase !== 'progressing') {
      options.onUpdate(state);
      return state;
    }
    if (Date.now() >= deadline) {
      const failed: RolloutState = {
        ...state,
        phase: 'failed',
        message: `Pods did not become ready within ${Math.round(options.timeoutMs / 1000)} s (${state.message})`,
      };
      options.onUpdate(failed);
      return failed;
    }
    options.onUpdate(state);
    await new Promise(resolve => setTimeout(resolve, options.pollMs));
  }
}
