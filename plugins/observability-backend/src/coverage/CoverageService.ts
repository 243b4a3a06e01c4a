import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  type CoverageResponse,
  type EntityCoverage,
  type Workload,
} from '@internal/plugin-observability-common';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { describeError } from '../util/withTimeout';
import { workloadQueryFor } from '../workloads/entityQuery';
import { toWorkload, type RawWorkload } from '../workloads/toWorkload';
import { listRawWorkloads } from '../workloads/WorkloadResolver';
import { withEmitting, type EmittingCheck } from './emitting';
import { entityCoverage } from './entityCoverage';
import { matchesSelector, parseLabelSelector } from './labelSelector';

/** Tempo lookups in flight at once while the page is assembled (each is cached a minute). */
const EMITTING_CONCURRENCY = 8;

type ClusterListing = Awaited<ReturnType<typeof listRawWorkloads>> & { cluster: string };

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const byTitle = (a: EntityCoverage, b: EntityCoverage) =>
  a.title.localeCompare(b.title) || a.entityRef.localeCompare(b.entityRef);

/** The entity's workloads in every listed cluster, by the Kubernetes plugin's own rules. */
function workloadsOf(entity: Entity, listings: ClusterListing[]): Workload[] {
  let matches: (raw: RawWorkload) => boolean;
  try {
    // An entity with a malformed annotation has no workloads here; its own tab says why.
    const query = workloadQueryFor(entity);
    if (!query.labelSelector) return [];
    const selector = parseLabelSelector(query.labelSelector);
    matches = raw =>
      (!query.namespace || raw.metadata.namespace === query.namespace) &&
      matchesSelector(selector, raw.metadata.labels);
  } catch {
    return [];
  }
  return listings.flatMap(l =>
    l.raws.filter(matches).map(raw => toWorkload(l.cluster, raw, l.pods, l.findings)),
  );
}

/**
 * The catalog-wide coverage view: every Component with Kubernetes annotations that the caller
 * may see, with its workloads' languages and coverage. Each cluster is listed once (four
 * workload kinds, pods, findings) and workloads are sorted to entities in memory, so the cost
 * does not grow with the number of entities.
 */
export class CoverageService {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      catalog: CatalogService;
      emitting?: EmittingCheck;
    },
  ) {}

  async coverage(credentials: BackstageCredentials): Promise<CoverageResponse> {
    const [entities, listings] = await Promise.all([
      this.kubernetesComponents(credentials),
      this.listClusters(),
    ]);
    const clusterErrors = listings.flatMap(l => ('error' in l ? [l] : []));
    const listed = listings.flatMap(l => ('error' in l ? [] : [l]));
    const rows = await mapLimited(entities, EMITTING_CONCURRENCY, async entity => {
      const workloads = await withEmitting(
        workloadsOf(entity, listed),
        () => entity.metadata.name,
        this.deps.emitting,
      );
      return entityCoverage(entity, workloads);
    });
    return {
      entities: rows.sort(byTitle),
      clusterErrors,
      generatedAt: new Date().toISOString(),
    };
  }

  private async kubernetesComponents(credentials: BackstageCredentials): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [KUBERNETES_ID_ANNOTATION, KUBERNETES_LABEL_SELECTOR_ANNOTATION].map(key => ({
          kind: 'Component',
          [`metadata.annotations.${key}`]: CATALOG_FILTER_EXISTS,
        })),
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'metadata.annotations', 'spec.owner', 'spec.system'],
      },
      { credentials },
    );
    return items;
  }

  private listClusters(): Promise<Array<ClusterListing | { cluster: string; error: string }>> {
    return Promise.all(
      this.deps.clusters.list().map(async client => {
        if (client.unusableReason) return { cluster: client.name, error: client.unusableReason };
        try {
          // Bounded per request by the cluster's client (clusters/boundedHttp.ts).
          const listing = await listRawWorkloads(client, {});
          return { cluster: client.name, ...listing };
        } catch (error) {
          return { cluster: client.name, error: describeError(error) };
        }
      }),
    );
  }
}
