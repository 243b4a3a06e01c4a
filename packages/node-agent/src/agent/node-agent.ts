import { Detector } from '../detect';
import { FINDINGS_NAMESPACE, NodeFindings } from './findings';
import type { KubeClient } from './kube';
import { Logger, PodWatcher } from './pods';
import { FindingsPublisher } from './publisher';
import { scanContainers } from './scan';

export interface NodeAgentOptions {
  kube: KubeClient;
  nodeName: string;
  agentVersion: string;
  namespace?: string;
  procRoot?: string;
  /** Periodic full rescan. Default 60 s. */
  rescanIntervalMs?: number;
  /** Delay after a container starts before rescanning (lets the runtime exec). Default 2 s. */
  debounceMs?: number;
  /** Republish unchanged findings this often, so readers can tell a live agent. Default 5 min. */
  heartbeatMs?: number;
  log?: Logger;
}

/**
 * The in-cluster loop: keep the node's pods (list + watch), scan /proc when containers start and
 * periodically, and publish changes to ConfigMap observability-node-<node>.
 */
export class NodeAgent {
  private readonly detector: Detector;
  private readonly watcher: PodWatcher;
  private readonly publisher: FindingsPublisher;
  private readonly controller = new AbortController();
  private readonly log: Logger;
  private timer?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private watchLoop?: Promise<void>;
  private running: Promise<void> = Promise.resolve();
  private lastPublished?: { content: string; at: number };
  /** Count of completed scans (for tests and logs). */
  scans = 0;

  constructor(private readonly options: NodeAgentOptions) {
    this.log = options.log ?? (() => {});
    this.detector = new Detector({ procRoot: options.procRoot ?? '/proc' });
    this.publisher = new FindingsPublisher(
      options.kube,
      options.namespace ?? FINDINGS_NAMESPACE,
      options.nodeName,
    );
    this.watcher = new PodWatcher(
      options.kube,
      options.nodeName,
      () => this.scheduleScan('container started'),
      this.log,
    );
  }

  async start(): Promise<void> {
    try {
      await this.watcher.list();
    } catch (err) {
      // Publish anyway: containers get pod UIDs from cgroups; names arrive once the API answers.
      this.log('warn', 'listing pods failed', { error: String(err) });
    }
    await this.scanNow('startup');
    this.watchLoop = this.watcher.run(this.controller.signal);
    this.timer = setInterval(
      () => void this.scanNow('periodic'),
      this.options.rescanIntervalMs ?? 60_000,
    );
  }

  async stop(): Promise<void> {
    this.controller.abort();
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    await this.watchLoop;
    await this.running;
  }

  scheduleScan(reason: string) {
    if (this.controller.signal.aborted) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(
      () => void this.scanNow(reason),
      this.options.debounceMs ?? 2000,
    );
  }

  /** Runs one scan and publish, after any scan already running. */
  scanNow(reason: string): Promise<void> {
    this.running = this.running.then(() => this.scanAndPublish(reason));
    return this.running;
  }

  private async scanAndPublish(reason: string): Promise<void> {
    if (this.controller.signal.aborted && reason !== 'final') return;
    const started = process.hrtime.bigint();
    const containers = scanContainers(this.detector, this.watcher.pods);
    this.scans++;
    const content = JSON.stringify(containers);
    const now = Date.now();
    const changed = content !== this.lastPublished?.content;
    const stale =
      now - (this.lastPublished?.at ?? 0) >=
      (this.options.heartbeatMs ?? 300_000);
    if (!changed && !stale) return;
    const findings: NodeFindings = {
      node: this.options.nodeName,
      updatedAt: new Date(now).toISOString(),
      agentVersion: this.options.agentVersion,
      containers,
    };
    try {
      await this.publisher.publish(findings);
      this.lastPublished = { content, at: now };
      this.log('info', 'published findings', {
        reason,
        containers: containers.length,
        scanMs: Number(process.hrtime.bigint() - started) / 1e6,
      });
    } catch (err) {
      this.log('error', 'publishing findings failed', {
        reason,
        error: String(err),
      });
    }
  }
}
