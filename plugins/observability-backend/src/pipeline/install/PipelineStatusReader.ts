import type {
  ClusterPipelineStatus,
  PipelineComponentName,
  PipelineComponentStatus,
  PipelineOverview,
  SpanFlow,
} from '@internal/plugin-observability-common';
import { NODE_AGENT_NAME } from '@internal/node-agent';
import type { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { withTimeout } from '../../util/withTimeout';
import { GATEWAY, METRICS_PORT, NAMESPACE, NODE_COLLECTOR, PIPELINE_VERSION } from '../collector/constants';
import { getDestinationSpec } from '../destinations';
import { EBPF_AGENT } from '../ebpf/manifests';
import type { DestinationStore } from '../store/DestinationStore';
import { isNotFound, kubeErrorMessage } from './kube';
import type { PipelineInstaller } from './PipelineInstaller';
import { parseSpanTotals, spanRates, type SpanTotals } from './spanMetrics';

const COMPONENTS: { name: PipelineComponentName; kind: 'DaemonSet' | 'Deployment'; object: string }[] = [
  { name: 'collector-node', kind: 'DaemonSet', object: NODE_COLLECTOR },
  { name: 'collector-gateway', kind: 'Deployment', object: GATEWAY },
  { name: 'ebpf-agent', kind: 'DaemonSet', object: EBPF_AGENT },
  { name: 'node-agent', kind: 'DaemonSet', object: NODE_AGENT_NAME },
];

interface Sample {
  at: number;
  totals: SpanTotals;
}

/**
 * Reads what runs: desired and ready pods, image and version of each component, the latest
 * problem (conditions, waiting containers), and the gateway's own span counters.
 */
export class PipelineStatusReader {
  private readonly samples = new Map<string, Sample>();

  constructor(
    private readonly deps: {
      registry: ClusterRegistry;
      store: DestinationStore;
      installer: PipelineInstaller;
      timeoutMs: number;
    },
  ) {}

  private async component(cluster: string, c: (typeof COMPONENTS)[number]): Promise<PipelineComponentStatus> {
    const { apps, core } = this.deps.registry.get(cluster);
    let workload: any;
    try {
      workload =
        c.kind === 'DaemonSet'
          ? await apps.readNamespacedDaemonSet({ name: c.object, namespace: NAMESPACE })
          : await apps.readNamespacedDeployment({ name: c.object, namespace: NAMESPACE });
    } catch (e) {
      if (isNotFound(e)) return { name: c.name, kind: c.kind, installed: false, desired: 0, ready: 0 };
      throw e;
    }
    const status = workload.status ?? {};
    const desired = c.kind === 'DaemonSet' ? (status.desiredNumberScheduled ?? 0) : (workload.spec?.replicas ?? 0);
    const ready = c.kind === 'DaemonSet' ? (status.numberReady ?? 0) : (status.readyReplicas ?? 0);
    const template = workload.spec?.template;
    const problems: string[] = [];
    for (const cond of status.conditions ?? []) {
      const bad = cond.type === 'ReplicaFailure' ? cond.status === 'True' : cond.status === 'False';
      if (bad) problems.push(`${cond.type}: ${cond.message ?? cond.reason ?? 'false'}`);
    }
    const selector = Object.entries(workload.spec?.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: selector });
    for (const pod of pods.items) {
      for (const cs of pod.status?.containerStatuses ?? []) {
        const waiting = cs.state?.waiting;
        if (waiting?.reason && waiting.reason !== 'ContainerCreating') {
          problems.push(`${pod.metadata?.name}: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`);
        }
      }
    }
    return {
      name: c.name,
      kind: c.kind,
      installed: true,
      desired,
      ready,
      image: template?.spec?.containers?.[0]?.image,
      version: template?.metadata?.labels?.['app.kubernetes.io/version'],
      lastError: problems[0],
    };
  }

  /** Reads the gateway's metrics through the API server's service proxy. */
  private async sampleGateway(cluster: string): Promise<Sample> {
    const { core } = this.deps.registry.get(cluster);
    const text = await withTimeout(
      core.connectGetNamespacedServiceProxyWithPath({
        name: `${GATEWAY}:${METRICS_PORT}`,
        namespace: NAMESPACE,
        path: 'metrics',
      }),
      this.deps.timeoutMs,
      'gateway metrics',
    );
    return { at: Date.now(), totals: parseSpanTotals(String(text)) };
  }

  private async spans(cluster: string, gatewayReady: boolean): Promise<SpanFlow & { byExporter?: Record<string, number> }> {
    if (!gatewayReady) return { error: 'gateway has no ready pod' };
    try {
      const current = await this.sampleGateway(cluster);
      const previous = this.samples.get(cluster);
      this.samples.set(cluster, current);
      if (!previous || current.at - previous.at > 10 * 60_000) {
        return { flowing: current.totals.exported > 0 ? undefined : false };
      }
      const rates = spanRates(previous, current);
      return {
        flowing: rates.exported > 0,
        receivedPerSecond: rates.received,
        exportedPerSecond: rates.exported,
        byExporter: rates.byExporter,
      };
    } catch (e) {
      return { error: `gateway metrics unavailable: ${kubeErrorMessage(e)}` };
    }
  }

  async status(cluster: string): Promise<ClusterPipelineStatus & { byExporter?: Record<string, number> }> {
    const base = { cluster, availableVersion: PIPELINE_VERSION, components: [], spans: {}, destinations: 0 };
    try {
      const [state, destinations, components] = await Promise.all([
        this.deps.installer.readState(cluster),
        this.deps.store.list(cluster),
        Promise.all(COMPONENTS.map(c => this.component(cluster, c))),
      ]);
      const gateway = components.find(c => c.name === 'collector-gateway');
      const { byExporter, ...spans } = await this.spans(cluster, (gateway?.ready ?? 0) > 0);
      return {
        cluster,
        reachable: true,
        installedVersion: state?.version,
        availableVersion: PIPELINE_VERSION,
        components: components.map(c =>
          c.name === 'collector-gateway' && state?.lastError && !c.lastError ? { ...c, lastError: state.lastError } : c,
        ),
        spans,
        byExporter,
        destinations: destinations.length,
        ...(state?.lastError ? { error: `last install failed: ${state.lastError}` } : {}),
      };
    } catch (e) {
      return { ...base, reachable: false, error: kubeErrorMessage(e) };
    }
  }

  /** Sources → node collector → gateway → destinations, with spans per second where known. */
  async overview(cluster: string): Promise<PipelineOverview> {
    const status = await this.status(cluster);
    const destinations = status.reachable ? await this.deps.store.list(cluster) : [];
    const healthy = (name: PipelineComponentName) => {
      const c = status.components.find(x => x.name === name);
      return c?.installed ? c.ready > 0 && c.ready >= c.desired : undefined;
    };
    const nodes: PipelineOverview['nodes'] = [
      { id: 'sdk', label: 'Instrumented workloads (SDK agents)', role: 'source' },
      { id: 'ebpf', label: 'eBPF agent', role: 'source', healthy: healthy('ebpf-agent') },
      { id: 'node', label: 'Node collector', role: 'collector', healthy: healthy('collector-node') },
      { id: 'gateway', label: 'Gateway', role: 'collector', healthy: healthy('collector-gateway') },
    ];
    const edges: PipelineOverview['edges'] = [
      { from: 'sdk', to: 'node' },
      { from: 'ebpf', to: 'node' },
      { from: 'node', to: 'gateway', spansPerSecond: status.spans.receivedPerSecond },
    ];
    for (const d of destinations) {
      const spec = getDestinationSpec(d.type);
      const id = `dest:${d.name}`;
      nodes.push({ id, label: `${d.name} (${spec.displayName})`, role: 'destination' });
      edges.push({
        from: 'gateway',
        to: id,
        spansPerSecond: status.byExporter?.[`${spec.exporter}/${d.name}`],
      });
    }
    return { cluster, nodes, edges };
  }
}
