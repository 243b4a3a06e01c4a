import { PodRef, podRefFromObject } from '../cgroup/mapper';
import { KubeClient, KubeError, WatchEvent } from './kube';

export type Logger = (
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields?: object,
) => void;

/**
 * Keeps the pods of one node: a list, then a watch from its resourceVersion, relisting when the
 * watch expires (410) and backing off on errors. Calls `onContainersChanged` when a pod gains a
 * container id (a container started), which is when new processes are worth a look.
 */
export class PodWatcher {
  readonly pods = new Map<string, PodRef>();
  private resourceVersion?: string;

  constructor(
    private readonly kube: KubeClient,
    private readonly nodeName: string,
    private readonly onContainersChanged: () => void,
    private readonly log: Logger,
  ) {}

  private get selector() {
    return `fieldSelector=${encodeURIComponent(
      `spec.nodeName=${this.nodeName}`,
    )}`;
  }

  async list(): Promise<void> {
    const list = await this.kube.request<{
      metadata?: { resourceVersion?: string };
      items?: unknown[];
    }>('GET', `/api/v1/pods?${this.selector}`);
    this.pods.clear();
    for (const item of list?.items ?? []) {
      const ref = podRefFromObject(item);
      if (ref) this.pods.set(ref.uid, ref);
    }
    this.resourceVersion = list?.metadata?.resourceVersion;
  }

  private handle(e: WatchEvent) {
    if (e.type === 'BOOKMARK') {
      this.resourceVersion =
        e.object?.metadata?.resourceVersion ?? this.resourceVersion;
      return;
    }
    if (e.type === 'ERROR') {
      const code = e.object?.code;
      throw new KubeError(
        typeof code === 'number' ? code : 500,
        JSON.stringify(e.object),
        'watch event',
      );
    }
    const ref = podRefFromObject(e.object);
    this.resourceVersion =
      e.object?.metadata?.resourceVersion ?? this.resourceVersion;
    if (!ref) return;
    if (e.type === 'DELETED') {
      this.pods.delete(ref.uid);
      return;
    }
    const before = this.pods.get(ref.uid);
    this.pods.set(ref.uid, ref);
    const started = [...ref.containers.keys()].some(
      id => !before?.containers.has(id),
    );
    if (started) this.onContainersChanged();
  }

  /** Watches until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 1000;
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.list();
        const rv = this.resourceVersion
          ? `&resourceVersion=${encodeURIComponent(this.resourceVersion)}`
          : '';
        await this.kube.watch(
          `/api/v1/pods?${this.selector}&watch=true&allowWatchBookmarks=true&timeoutSeconds=300${rv}`,
          e => this.handle(e),
          signal,
        );
        backoff = 1000;
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof KubeError && err.status === 410) {
          this.resourceVersion = undefined;
          continue;
        }
        this.log('warn', 'pod watch failed; retrying', {
          error: err instanceof Error ? err.message : String(err),
          retryInMs: backoff,
        });
        this.resourceVersion = undefined;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
