import { matchesSelector, parseLabelSelector } from '../coverage/labelSelector';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import type { FindingsIndex } from '../detection/FindingsIndex';
import type { V1Pod } from '@kubernetes/client-node';
import type { WorkloadQuery } from './entityQuery';
import type { RawWorkload } from './toWorkload';

/** One cluster's (or namespace's) workloads, pods and node-agent findings. */
export interface Listing {
  raws: RawWorkload[];
  pods: V1Pod[];
  findings: FindingsIndex;
}

type ListWorkloads = (client: ClusterClient, query: Partial<WorkloadQuery>) => Promise<Listing>;

/**
 * Shares a load between concurrent callers without handing anyone data older than their
 * call: a caller that arrives while a load runs waits for the next one, which starts when
 * the running one ends and serves everyone who queued meanwhile.
 */
export class FreshCoalescer<T> {
  private running?: Promise<T>;
  private queued?: Promise<T>;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.running) return this.start();
    if (!this.queued) {
      const settle = () => {
        this.queued = undefined;
        return this.start();
      };
      this.queued = this.running.then(settle, settle);
    }
    return this.queued;
  }

  private start(): Promise<T> {
    const load = this.load().finally(() => {
      if (this.running === load) this.running = undefined;
    });
    this.running = load;
    return load;
  }
}

/**
 * An entity's workloads in a named namespace, cut from one listing of that namespace that
 * concurrent lookups share (planning many services at once costs one listing per namespace,
 * not six requests per service). The selector is matched in memory exactly as the API would.
 * Without a namespace the lookup stays a label-selected listing across the cluster.
 */
export class NamespaceListings {
  private readonly byNamespace = new Map<string, FreshCoalescer<Listing>>();

  constructor(private readonly listWorkloads: ListWorkloads) {}

  async list(client: ClusterClient, query: WorkloadQuery): Promise<Listing> {
    const { namespace, labelSelector } = query;
    if (!namespace) return this.listWorkloads(client, query);
    const key = `${client.name}/${namespace}`;
    let shared = this.byNamespace.get(key);
    if (!shared) {
      shared = new FreshCoalescer(() => this.listWorkloads(client, { namespace }));
      this.byNamespace.set(key, shared);
    }
    const selector = parseLabelSelector(labelSelector);
    const { raws, pods, findings } = await shared.get();
    return {
      raws: raws.filter(raw => matchesSelector(selector, raw.metadata.labels)),
      pods: pods.filter(pod => matchesSelector(selector, pod.metadata?.labels)),
      findings,
    };
  }
}
