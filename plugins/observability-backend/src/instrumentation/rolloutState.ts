import type { WorkloadKind } from '@internal/plugin-observability-common';
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';

/** Where a rollout stands, from the workload's status and its pods. */
export interface RolloutState {
  phase: 'progressing' | 'complete' | 'failed' | 'not-applicable';
  desired: number;
  updated: number;
  ready: number;
  message: string;
  /** Deployments: the ReplicaSet running the new template, once the controller made it. */
  replicaSet?: { name: string; desired: number; ready: number };
}

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/**
 * The Deployment's new ReplicaSet, the way the controller defines it: owned by the
 * Deployment and carrying its current revision. Undefined until the controller has seen the
 * latest generation (before that the Deployment's revision still names the old one).
 */
export function newReplicaSet(
  deployment: any,
  replicaSets: V1ReplicaSet[],
): RolloutState['replicaSet'] {
  const seen = (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  const revision = deployment.metadata?.annotations?.[REVISION_ANNOTATION];
  if (!seen || !revision) return undefined;
  const found = replicaSets.find(
    rs =>
      rs.metadata?.annotations?.[REVISION_ANNOTATION] === revision &&
      rs.metadata?.ownerReferences?.some(o => o.kind === 'Deployment' && o.uid === deployment.metadata?.uid),
  );
  return found
    ? { name: found.metadata!.name!, desired: found.spec?.replicas ?? 0, ready: found.status?.readyReplicas ?? 0 }
    : undefined;
}

/** Restarts of a new pod after which it counts as crash-looping. */
export const CRASH_RESTARTS = 3;

const CRASH_REASONS = new Set(['CrashLoopBackOff', 'Error', 'CreateContainerConfigError', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'RunContainerError']);

/** The first container of a pod that is crash-looping or cannot start, with why. */
export function crashReason(pod: V1Pod): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const status of statuses) {
    const waiting = status.state?.waiting?.reason;
    if (waiting && CRASH_REASONS.has(waiting)) {
      return `pod ${pod.metadata?.name} container ${status.name}: ${waiting}${
        status.state?.waiting?.message ? ` (${status.state.waiting.message})` : ''
      }`;
    }
    if ((status.restartCount ?? 0) >= CRASH_RESTARTS) {
      return `pod ${pod.metadata?.name} container ${status.name} restarted ${status.restartCount} times`;
    }
  }
  return undefined;
}

/**
 * Reads a rollout the way `kubectl rollout status` does (observed generation, updated, ready
 * and available replicas), and fails it as soon as a pod of the new revision crash-loops.
 * `newPods` are the pods carrying the new template (matched by the product's annotation);
 * `replicaSets` are a Deployment's ReplicaSets, to name the new one and its pods.
 */
export function rolloutState(
  kind: WorkloadKind,
  object: any,
  newPods: V1Pod[],
  replicaSets: V1ReplicaSet[] = [],
): RolloutState {
  if (kind === 'CronJob') {
    return { phase: 'not-applicable', desired: 0, updated: 0, ready: 0, message: 'Takes effect from the next scheduled run' };
  }
  const status = object.status ?? {};
  const generationSeen = (status.observedGeneration ?? 0) >= (object.metadata?.generation ?? 0);
  let desired: number;
  let updated: number;
  let ready: number;
  let available: number;
  if (kind === 'DaemonSet') {
    desired = status.desiredNumberScheduled ?? 0;
    updated = status.updatedNumberScheduled ?? 0;
    ready = status.numberReady ?? 0;
    available = status.numberAvailable ?? 0;
  } else {
    desired = object.spec?.replicas ?? 1;
    updated = status.updatedReplicas ?? 0;
    ready = status.readyReplicas ?? 0;
    available = kind === 'StatefulSet' ? ready : status.availableReplicas ?? 0;
  }
  const replicaSet = kind === 'Deployment' ? newReplicaSet(object, replicaSets) : undefined;
  // The Deployment's readyReplicas counts the old pods still serving too; progress is the new ones.
  const newReady = replicaSet?.ready ?? ready;
  const counts = { desired, updated, ready: newReady, ...(replicaSet ? { replicaSet } : {}) };
  const crash = newPods.map(crashReason).find(Boolean);
  if (crash) {
    return { phase: 'failed', ...counts, message: `New pods crash-loop: ${crash}` };
  }
  const progressDeadline = (status.conditions ?? []).find(
    (c: any) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (progressDeadline) {
    return { phase: 'failed', ...counts, message: `Rollout stalled: ${progressDeadline.message}` };
  }
  const total = kind === 'DaemonSet' ? desired : status.replicas ?? 0;
  const complete =
    generationSeen && updated >= desired && ready >= desired && available >= desired && total <= desired;
  return {
    phase: complete ? 'complete' : 'progressing',
    ...counts,
    message: complete
      ? `All ${desired} pod(s) run the new template`
      : `${updated}/${desired} updated, ${newReady}/${desired} ready`,
  };
}
