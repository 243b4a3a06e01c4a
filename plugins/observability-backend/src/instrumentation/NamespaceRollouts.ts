import type { WorkloadRef } from '@internal/plugin-observability-common';
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import { matchesLabels } from '../workloads/entityQuery';
import { FreshCoalescer } from '../workloads/NamespaceListings';
import { observeRollout, rolloutOf } from './RolloutWatcher';
import type { RolloutState } from './rolloutState';
import type { WorkloadObject } from './workloadObject';

/** One look at a namespace: its rolling kinds, pods and ReplicaSets. */
interface NamespaceSnapshot {
  workloads: Map<string, WorkloadObject>;
  pods: V1Pod[];
  replicaSets: V1ReplicaSet[];
}

type RollingKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';
const workloadKey = (kind: string, name: string) => `${kind}/${name}`;

async function snapshot(client: ClusterClient, namespace: string): Promise<NamespaceSnapshot> {
  const [deployments, statefulSets, daemonSets, pods, replicaSets] = await Promise.all([
    client.apps.listNamespacedDeployment({ namespace }),
    client.apps.listNamespacedStatefulSet({ namespace }),
    client.apps.listNamespacedDaemonSet({ namespace }),
    client.core.listNamespacedPod({ namespace }),
    client.apps.listNamespacedReplicaSet({ namespace }),
  ]);
  const workloads = new Map<string, WorkloadObject>();
  const add = (kind: RollingKind, items: Array<{ metadata?: { name?: string } }>) =>
    items.forEach(item => workloads.set(workloadKey(kind, item.metadata?.name ?? ''), item as WorkloadObject));
  add('Deployment', deployments.items);
  add('StatefulSet', statefulSets.items);
  add('DaemonSet', daemonSets.items);
  return { workloads, pods: pods.items, replicaSets: replicaSets.items };
}

/**
 * Rollout looks for every watched workload. While several rollouts in one namespace are
 * watched (an apply to many services), each poll round reads the namespace once (five
 * listings) and every watcher takes its workload from that, instead of three requests per
 * workload per poll; a lone rollout keeps its own three selector-scoped requests.
 */
export class NamespaceRollouts {
  private readonly watched = new Map<string, number>();
  private readonly snapshots = new Map<string, FreshCoalescer<NamespaceSnapshot>>();

  /** Counts a rollout as watched until the returned function is called. */
  track(ref: WorkloadRef): () => void {
    const key = `${ref.cluster}/${ref.namespace}`;
    this.watched.set(key, (this.watched.get(key) ?? 0) + 1);
    return () => {
      const left = (this.watched.get(key) ?? 1) - 1;
      if (left > 0) {
        this.watched.set(key, left);
      } else {
        this.watched.delete(key);
        this.snapshots.delete(key);
      }
    };
  }

  async observe(client: ClusterClient, ref: WorkloadRef): Promise<RolloutState> {
    const key = `${ref.cluster}/${ref.namespace}`;
    if (ref.kind === 'CronJob' || (this.watched.get(key) ?? 0) < 2) return observeRollout(client, ref);
    let shared = this.snapshots.get(key);
    if (!shared) {
      shared = new FreshCoalescer(() => snapshot(client, ref.namespace));
      this.snapshots.set(key, shared);
    }
    const { workloads, pods, replicaSets } = await shared.get();
    const object = workloads.get(workloadKey(ref.kind, ref.name));
    if (!object) throw new Error(`${ref.kind} ${ref.namespace}/${ref.name} not found`);
    const matchLabels: Record<string, string> | undefined = (object.spec as any)?.selector?.matchLabels;
    if (!matchLabels || !Object.keys(matchLabels).length) return rolloutOf(ref.kind, object, [], []);
    return rolloutOf(
      ref.kind,
      object,
      pods.filter(p => matchesLabels(matchLabels, p.metadata?.labels)),
      ref.kind === 'Deployment' ? replicaSets.filter(rs => matchesLabels(matchLabels, rs.metadata?.labels)) : [],
    );
  }
}
