import type { TempoClient } from './TempoClient';

/** One configured Tempo: `global` (observability.tempo) or the cluster it serves. */
export interface TempoInstance {
  /** `global`, or the name of the cluster from `observability.tempo.clusters`. */
  name: string;
  client: TempoClient;
}

/**
 * The configured Tempo instances and which of them serve which clusters. Only these clients
 * are ever asked, so only configured URLs are ever fetched.
 */
export class TempoInstances {
  private readonly global?: TempoInstance;
  private readonly byCluster: Map<string, TempoInstance>;

  constructor(options: {
    global?: TempoClient;
    clusters?: Record<string, TempoClient>;
  }) {
    this.global = options.global
      ? { name: 'global', client: options.global }
      : undefined;
    this.byCluster = new Map(
      Object.entries(options.clusters ?? {}).map(([name, client]) => [
        name,
        { name, client },
      ]),
    );
  }

  /** Every instance, the global one first. */
  all(): TempoInstance[] {
    return [...(this.global ? [this.global] : []), ...this.byCluster.values()];
  }

  hasPerCluster(): boolean {
    return this.byCluster.size > 0;
  }

  /**
   * The instances for an entity whose workloads run in `clusters`: those clusters' own
   * instances; else the global one; else (per-cluster Tempo only, entity running in none of
   * them, e.g. no longer deployed) every instance, since its past traces may be in any.
   */
  forClusters(clusters: string[]): TempoInstance[] {
    const own = [...new Set(clusters)]
      .map(name => this.byCluster.get(name))
      .filter((i): i is TempoInstance => i !== undefined);
    if (own.length > 0) return own;
    return this.global ? [this.global] : this.all();
  }
}
