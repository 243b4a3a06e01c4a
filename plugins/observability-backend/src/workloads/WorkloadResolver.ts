import type { Entity } from '@backstage/catalog-model';
import type { ClusterWorkloads, Workload } from '@internal/plugin-observability-common';
import type { V1Pod } from '@kubernetes/client-node';
import type { ClusterClient, ClusterRegistry } from '../clusters/ClusterRegistry';
import { FindingsIndex } from '../detection/FindingsIndex';
import { describeError } from '../util/withTimeout';
import { workloadQueryFor, type WorkloadQuery } from './entityQuery';
import { NamespaceListings } from './NamespaceListings';
import { toWorkload, type RawWorkload } from './toWorkload';

/**
 * Lists workloads in one cluster: one request per kind, plus pods and findings. Without a
 * label selector it lists every workload (the coverage page's view of a cluster).
 */
export async function listRawWorkloads(
  client: ClusterClient,
  query: Partial<WorkloadQuery>,
): Promise<{ raws: RawWorkload[]; pods: V1Pod[]; findings: FindingsIndex }> {
  const { labelSelector, namespace } = query;
  const ns = labelSelector ? { labelSelector } : {};
  const [deployments, statefulSets, daemonSets, cronJobs, pods, findings] = await Promise.all([
    namespace
      ? client.apps.listNamespacedDeployment({ namespace, labelSelector })
      : client.apps.listDeploymentForAllNamespaces(ns),
    namespace
      ? client.apps.listNamespacedStatefulSet({ namespace, labelSelector })
      : client.apps.listStatefulSetForAllNamespaces(ns),
    namespace
      ? client.apps.listNamespacedDaemonSet({ namespace, labelSelector })
      : client.apps.listDaemonSetForAllNamespaces(ns),
    namespace
      ? client.batch.listNamespacedCronJob({ namespace, labelSelector })
      : client.batch.listCronJobForAllNamespaces(ns),
    namespace
      ? client.core.listNamespacedPod({ namespace, labelSelector })
      : client.core.listPodForAllNamespaces(ns),
    FindingsIndex.load(client.core),
  ]);
  const raws: RawWorkload[] = [
    ...deployments.items.map(d => ({
      object: { ...d, apiVersion: 'apps/v1', kind: 'Deployment' },
      kind: 'Deployment' as const,
      metadata: d.metadata ?? {},
      template: d.spec!.template,
      selector: d.spec?.selector.matchLabels,
      desiredReplicas: d.spec?.replicas ?? 1,
      readyReplicas: d.status?.readyReplicas ?? 0,
    })),
    ...statefulSets.items.map(s => ({
      object: { ...s, apiVersion: 'apps/v1', kind: 'StatefulSet' },
      kind: 'StatefulSet' as const,
      metadata: s.metadata ?? {},
      template: s.spec!.template,
      selector: s.spec?.selector.matchLabels,
      desiredReplicas: s.spec?.replicas ?? 1,
      readyReplicas: s.status?.readyReplicas ?? 0,
    })),
    ...daemonSets.items.map(d => ({
      object: { ...d, apiVersion: 'apps/v1', kind: 'DaemonSet' },
      kind: 'DaemonSet' as const,
      metadata: d.metadata ?? {},
      template: d.spec!.template,
      selector: d.spec?.selector.matchLabels,
      desiredReplicas: d.status?.desiredNumberScheduled ?? 0,
      readyReplicas: d.status?.numberReady ?? 0,
    })),
    // A CronJob's pods come and go; it is instrumented from its next run on.
    ...cronJobs.items.map(c => ({
      object: { ...c, apiVersion: 'batch/v1', kind: 'CronJob' },
      kind: 'CronJob' as const,
      metadata: c.metadata ?? {},
      template: c.spec!.jobTemplate.spec!.template,
      selector: c.spec?.jobTemplate.spec?.template.metadata?.labels,
      desiredReplicas: 0,
      readyReplicas: 0,
    })),
  ];
  return { raws, pods: pods.items, findings };
}

/** A workload as the API returns it, with the live object it was read from. */
export interface ResolvedWorkload {
  workload: Workload;
  object: RawWorkload['object'];
}

/** One cluster's workloads for an entity, with their live objects. */
export interface ResolvedCluster {
  cluster: string;
  workloads: ResolvedWorkload[];
  error?: string;
}

/** Finds an entity's workloads in every configured cluster, one cluster's failure not failing the rest. */
export class WorkloadResolver {
  private readonly listings = new NamespaceListings(listRawWorkloads);

  // Every request to a cluster is bounded by its client (clusters/boundedHttp.ts), so a hung
  // cluster fails its listing in time without a second timer here.
  constructor(private readonly clusters: ClusterRegistry) {}

  async resolve(entity: Entity): Promise<ClusterWorkloads[]> {
    const clusters = await this.resolveWithObjects(entity);
    return clusters.map(c => ({
      cluster: c.cluster,
      workloads: c.workloads.map(w => w.workload),
      ...(c.error ? { error: c.error } : {}),
    }));
  }

  async resolveWithObjects(entity: Entity): Promise<ResolvedCluster[]> {
    const query = workloadQueryFor(entity);
    return Promise.all(
      this.clusters.list().map(async (client): Promise<ResolvedCluster> => {
        if (client.unusableReason) {
          return { cluster: client.name, workloads: [], error: client.unusableReason };
        }
        try {
          const { raws, pods, findings } = await this.listings.list(client, query);
          return {
            cluster: client.name,
            workloads: raws.map(raw => ({
              workload: toWorkload(client.name, raw, pods, findings),
              object: raw.object,
            })),
          };
        } catch (error) {
          return { cluster: client.name, workloads: [], error: describeError(error) };
        }
      }),
    );
  }
}
