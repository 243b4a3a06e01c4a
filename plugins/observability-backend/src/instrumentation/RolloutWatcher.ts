import {
  RESTARTED_AT_ANNOTATION,
  type WorkloadRef,
} from '@internal/plugin-observability-common';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import { readWorkload } from './applyInstrumentation';
import { rolloutState, type RolloutState } from './rolloutState';
import { podTemplateOf } from './workloadObject';

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
  const template = podTemplateOf(ref.kind, object);
  const restartedAt = template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
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
  const newPods = pods.items.filter(
    p => p.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === restartedAt,
  );
  return rolloutState(ref.kind, object, newPods, replicaSets?.items ?? []);
}

/**
 * Polls a rollout until it completes, fails or runs out of time; each look is reported to
 * `onUpdate` so the dialog's progress bar moves.
 */
export async function watchRollout(
  client: ClusterClient,
  ref: WorkloadRef,
  options: { timeoutMs: number; pollMs: number; onUpdate(state: RolloutState): void },
): Promise<RolloutState> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let state: RolloutState;
    try {
      state = await observeRollout(client, ref);
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
