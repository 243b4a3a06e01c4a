import type {
  ClusterPipelineStatus,
  PipelineComponentName,
  PipelineComponentStatus,
  CollectorSpanFlow,
  PipelineOverview,
  PipelineSourceMember,
  SpanFlow,
} from '@internal/plugin-observability-common';
import { NODE_AGENT_NAME } from '@internal/node-agent';
import type { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { GATEWAY, NAMESPACE, NODE_COLLECTOR, PIPELINE_VERSION } from '../collector/constants';
import { getDestinationSpec } from '../destinations';
import { EBPF_AGENT } from '../ebpf/manifests';
import type { DestinationStore } from '../store/DestinationStore';
import { buildOverview } from '../overview/overviewModel';
import { kubeSourceLister, type SourceLister } from '../overview/sources';
import type { ServiceRates, SourceRateReader } from '../overview/sourceRates';
import { isNotFound, kubeErrorMessage } from './kube';
import type { PipelineInstaller } from './PipelineInstaller';
import { kubePodMetricsReader } from './podMetrics';
import { SpanFlowSampler, type CollectorPod, type ComponentFlow, type PodMetricsReader } from './spanFlow';

const COMPONENTS: { name: PipelineComponentName; kind: 'DaemonSet' | 'Deployment'; object: string }[] = [
  { name: 'collector-node', kind: 'DaemonSet', object: NODE_COLLECTOR },
  { name: 'collector-gateway', kind: 'Deployment', object: GATEWAY },
  { name: 'ebpf-agent', kind: 'DaemonSet', object: EBPF_AGENT },
  { name: 'node-agent', kind: 'DaemonSet', object: NODE_AGENT_NAME },
];

/**
 * Reads what runs: desired and ready pods, image and version of each component, the latest
 * problem (conditions, waiting containers), and spans flowing from each collector pod's own
 * counters (every gateway pod and every node collector, read one by one).
 */
export class PipelineStatusReader {
  private readonly sampler: SpanFlowSampler;

  constructor(
    private readonly deps: {
      registry: ClusterRegistry;
      store: DestinationStore;
      installer: PipelineInstaller;
      timeoutMs: number;
      /** How a collector pod's metrics are read; the API server's pod proxy by default. */
      podMetrics?: PodMetricsReader;
      /** What the overview needs besides the status (sources and their span rates). */
      sources?: SourceLister;
      sourceRates?: SourceRateReader;
    },
  ) {
    this.sampler = new SpanFlowSampler({
      read: deps.podMetrics ?? kubePodMetricsReader(deps.registry),
      timeoutMs: deps.timeoutMs,
    });
  }

  private async component(
    cluster: string,
    c: (typeof COMPONENTS)[number],
  ): Promise<{ status: PipelineComponentStatus; pods: CollectorPod[] }> {
    const { apps, core } = this.deps.registry.get(cluster);
    let workload: any;
    try {
      workload =
        c.kind === 'DaemonSet'
          ? await apps.readNamespacedDaemonSet({ name: c.object, namespace: NAMESPACE })
          : await apps.readNamespacedDeployment({ name: c.object, namespace: NAMESPACE });
    } catch (e) {
      if (isNotFound(e)) return { status: { name: c.name, kind: c.kind, installed: false, desired: 0, ready: 0 }, pods: [] };
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
      status: {
        name: c.name,
        kind: c.kind,
        installed: true,
        desired,
        ready,
        image: template?.spec?.containers?.[0]?.image,
        version: template?.metadata?.labels?.['app.kubernetes.io/version'],
        lastError: problems[0],
      },
      pods: pods.items
        .map(p => ({
          name: p.metadata?.name ?? '',
          uid: p.metadata?.uid ?? p.metadata?.name ?? '',
          ready:
            !p.metadata?.deletionTimestamp &&
            (p.status?.conditions ?? []).some(x => x.type === 'Ready' && x.status === 'True'),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /** Span rates of every gateway pod and every node collector, each pod read on its own. */
  private async spans(
    cluster: string,
    gateway: { status: PipelineComponentStatus; pods: CollectorPod[] },
    node: { status: PipelineComponentStatus; pods: CollectorPod[] },
  ): Promise<{ spans: SpanFlow; byExporter?: Record<string, number> }> {
    if (!gateway.status.installed) return { spans: { error: 'the gateway is not installed' } };
    const [gatewayFlow, nodeFlow] = await Promise.all([
      this.sampler.sample(cluster, 'gateway', gateway.pods),
      node.status.installed ? this.sampler.sample(cluster, 'node', node.pods) : undefined,
    ]);
    const { byExporter, ...gatewaySpans } = gatewayFlow;
    const nodeSpans = nodeFlow ? withoutByExporter(nodeFlow) : undefined;
    let error: string | undefined;
    if (!gateway.pods.some(p => p.ready)) error = 'gateway has no ready pod';
    else if (gatewayFlow.pods.every(p => p.state === 'unreadable' || p.state === 'not-ready')) {
      const first = gatewayFlow.pods.find(p => p.error);
      error = `gateway metrics unavailable: ${first?.error ?? 'no pod could be read'}`;
    }
    return {
      spans: {
        flowing: gatewayFlow.flowing,
        receivedPerSecond: gatewayFlow.acceptedPerSecond,
        exportedPerSecond: gatewayFlow.exportedPerSecond,
        ...(error ? { error } : {}),
        gateway: gatewaySpans,
        ...(nodeSpans ? { nodes: nodeSpans } : {}),
      },
      byExporter,
    };
  }

  async status(cluster: string): Promise<ClusterPipelineStatus & { byExporter?: Record<string, number> }> {
    const base = { cluster, availableVersion: PIPELINE_VERSION, components: [], spans: {}, destinations: 0 };
    try {
      const [state, destinations, components] = await Promise.all([
        this.deps.installer.readState(cluster),
        this.deps.store.list(cluster),
        Promise.all(COMPONENTS.map(c => this.component(cluster, c))),
      ]);
      const byName = (name: PipelineComponentName) => components.find(c => c.status.name === name)!;
      const { spans, byExporter } = await this.spans(cluster, byName('collector-gateway'), byName('collector-node'));
      return {
        cluster,
        reachable: true,
        installedVersion: state?.version,
        availableVersion: PIPELINE_VERSION,
        components: components.map(({ status: c }) =>
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

  /**
   * Sources → (eBPF agent) → node collector → gateway → destinations: the workloads the portal
   * instrumented, with spans per second wherever they are measured (collectors' own counters,
   * Tempo's span metrics per service) and why not wherever they are not.
   */
  async overview(cluster: string): Promise<PipelineOverview> {
    const [status, sources, rates] = await Promise.all([
      this.status(cluster),
      this.listSources(cluster),
      this.readRates(),
    ]);
    const destinations = status.reachable ? await this.deps.store.list(cluster) : [];
    return buildOverview({
      cluster,
      status,
      sources,
      rates,
      destinations: destinations.map(d => {
        const spec = getDestinationSpec(d.type);
        return { name: d.name, displayName: spec.displayName, exporter: spec.exporter, signals: d.signals };
      }),
    });
  }

  private async listSources(cluster: string): Promise<PipelineSourceMember[] | { error: string }> {
    const list = this.deps.sources ?? kubeSourceLister(this.deps.registry, this.deps.timeoutMs);
    try {
      return await list(cluster);
    } catch (e) {
      return { error: kubeErrorMessage(e) };
    }
  }

  private async readRates(): Promise<ServiceRates | { error: string } | undefined> {
    if (!this.deps.sourceRates) return undefined;
    try {
      return await this.deps.sourceRates();
    } catch (e) {
      return { error: kubeErrorMessage(e) };
    }
  }
}

function withoutByExporter(flow: ComponentFlow): CollectorSpanFlow {
  const { byExporter: _, ...rest } = flow;
  return rest;
}
