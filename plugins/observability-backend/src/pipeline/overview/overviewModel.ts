import type {
  ClusterPipelineStatus,
  CollectorSpanFlow,
  MeasuredRate,
  PipelineComponentName,
  PipelineOverview,
  PipelineSourceMember,
  Signal,
} from '@internal/plugin-observability-common';
import { rateOfService, SOURCE_RATE_WINDOW, type ServiceRates } from './sourceRates';

/** Up to this many source nodes are drawn one by one; beyond, they are grouped by namespace. */
export const MAX_SOURCE_NODES = 8;

export interface OverviewDestination {
  name: string;
  displayName: string;
  /** Exporter type, e.g. `otlp_grpc`: the gateway's exporter id is `<exporter>/<name>`. */
  exporter: string;
  signals: Signal[];
}

export interface OverviewInput {
  cluster: string;
  status: Pick<ClusterPipelineStatus, 'components' | 'spans'> & { byExporter?: Record<string, number> };
  destinations: OverviewDestination[];
  sources: PipelineSourceMember[] | { error: string };
  /** Span rates per service; `undefined` when no Prometheus is configured. */
  rates: ServiceRates | { error: string } | undefined;
}

type Node = PipelineOverview['nodes'][number];
type Edge = PipelineOverview['edges'][number];

const notMeasured = (note: string): MeasuredRate => ({ state: 'not-measured', note });

/** The rate of one collector component from its pods' own counters. */
function collectorRate(
  flow: CollectorSpanFlow | undefined,
  pick: (f: CollectorSpanFlow) => number | undefined,
  what: string,
): MeasuredRate {
  if (!flow || flow.pods.length === 0) return notMeasured(`no ${what} pod runs`);
  const value = pick(flow);
  if (flow.measuredPods === 0 || value === undefined) {
    const unreadable = flow.pods.find(p => p.state === 'unreadable');
    return notMeasured(
      unreadable
        ? `${what} metrics unreadable: ${unreadable.error}`
        : `first read of the ${what} counters; the next status read gives a rate`,
    );
  }
  const basis = `${what} metrics, ${flow.measuredPods} of ${flow.pods.length} pod(s)`;
  return flow.measuredPods === flow.pods.length
    ? { state: 'measured', spansPerSecond: value, basis }
    : { state: 'partial', spansPerSecond: value, basis, note: `${flow.pods.length - flow.measuredPods} pod(s) not measured` };
}

/** A source unit: workloads whose spans carry the same service names. */
interface SourceUnit {
  members: PipelineSourceMember[];
  services: string[];
  rate: MeasuredRate;
}

/** The rate of a set of services, summed; measured only when every service was measured. */
function servicesRate(
  services: string[],
  input: OverviewInput,
  sharedWithOthers: Set<string>,
): MeasuredRate {
  const { rates } = input;
  if (rates === undefined) {
    return notMeasured("span metrics need observability.prometheus (Tempo's span metrics in Prometheus)");
  }
  if ('error' in rates) return notMeasured(`Prometheus could not be read: ${rates.error}`);
  let sum = 0;
  let measured = 0;
  let allClusters = false;
  const missing: string[] = [];
  const shared: string[] = [];
  for (const service of services) {
    if (sharedWithOthers.has(service)) {
      shared.push(service);
      continue;
    }
    const rate = rateOfService(rates, service, input.cluster);
    if (!rate) {
      missing.push(service);
      continue;
    }
    sum += rate.perSecond;
    measured++;
    allClusters ||= rate.allClusters;
  }
  const why = [
    missing.length ? `no span metrics for service ${missing.map(s => `'${s}'`).join(', ')}` : '',
    shared.length ? `service ${shared.map(s => `'${s}'`).join(', ')} also runs in other sources` : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (measured === 0) return notMeasured(why || 'no service to measure');
  const basis = `Tempo span metrics, ${SOURCE_RATE_WINDOW} rate${allClusters ? ", all clusters (no k8s_cluster_name label)" : ''}`;
  return measured === services.length
    ? { state: 'measured', spansPerSecond: sum, basis }
    : { state: 'partial', spansPerSecond: sum, basis, note: why };
}

/** Sums rates of several nodes into one: measured only when all of them were. */
function sumOf(rates: MeasuredRate[]): MeasuredRate {
  const withNumber = rates.filter(r => r.spansPerSecond !== undefined);
  if (withNumber.length === 0) return notMeasured(rates.find(r => r.note)?.note ?? 'not measured');
  const spansPerSecond = withNumber.reduce((s, r) => s + r.spansPerSecond!, 0);
  const basis = withNumber[0].basis;
  const complete = rates.every(r => r.state === 'measured');
  return complete
    ? { state: 'measured', spansPerSecond, basis }
    : {
        state: 'partial',
        spansPerSecond,
        basis,
        note: `${rates.filter(r => r.state !== 'measured').length} of ${rates.length} not fully measured`,
      };
}

/** Groups workloads by the service names they emit, so one service's rate is counted once. */
function sourceUnits(members: PipelineSourceMember[], input: OverviewInput): SourceUnit[] {
  const byKey = new Map<string, PipelineSourceMember[]>();
  for (const m of members) {
    const key = m.services.join('\u0000');
    byKey.set(key, [...(byKey.get(key) ?? []), m]);
  }
  // A service emitted by two different units cannot be split between them.
  const unitsOf = new Map<string, number>();
  for (const key of byKey.keys()) {
    for (const s of key.split('\u0000')) unitsOf.set(s, (unitsOf.get(s) ?? 0) + 1);
  }
  const shared = new Set([...unitsOf].filter(([, n]) => n > 1).map(([s]) => s));
  return [...byKey.entries()].map(([key, group]) => {
    const services = key.split('\u0000');
    return { members: group, services, rate: servicesRate(services, input, shared) };
  });
}

function describeMember(m: PipelineSourceMember): string {
  return `${m.kind} ${m.namespace}/${m.name} · ${m.strategies.join(', ')}`;
}

function unitNode(unit: SourceUnit, index: number): Node {
  const only = unit.members.length === 1 ? unit.members[0] : undefined;
  return {
    id: `source:${index}`,
    label: only ? only.name : `${unit.services.join(', ')} (${unit.members.length} workloads)`,
    role: 'source',
    detail: only ? describeMember(only) : unit.members.map(m => `${m.namespace}/${m.name}`).join(', '),
    members: unit.members,
    rate: unit.rate,
  };
}

/** More sources than fit: one node per namespace (the largest), the rest in one node. */
function groupedNodes(units: SourceUnit[]): Node[] {
  const byNamespace = new Map<string, SourceUnit[]>();
  for (const u of units) {
    const ns = [...new Set(u.members.map(m => m.namespace))].sort().join(', ');
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), u]);
  }
  let groups = [...byNamespace.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  if (groups.length > MAX_SOURCE_NODES) {
    const rest = groups.slice(MAX_SOURCE_NODES - 1);
    groups = [
      ...groups.slice(0, MAX_SOURCE_NODES - 1),
      [`${rest.length} more namespaces`, rest.flatMap(([, u]) => u)],
    ];
  }
  return groups.map(([label, group], i) => {
    const members = group.flatMap(u => u.members);
    return {
      id: `source-group:${i}`,
      label: `${label} · ${members.length} workloads`,
      role: 'source' as const,
      detail: members.map(m => m.name).join(', '),
      members,
      rate: sumOf(group.map(u => u.rate)),
    };
  });
}

/**
 * The pipeline picture of one cluster: the instrumented workloads (one node each, or grouped),
 * the eBPF agent, node collector, gateway and destinations, with a rate wherever one is
 * measured and the reason wherever it is not. Pure.
 */
export function buildOverview(input: OverviewInput): PipelineOverview {
  const { status } = input;
  const component = (name: PipelineComponentName) => status.components.find(x => x.name === name);
  const healthy = (name: PipelineComponentName) => {
    const c = component(name);
    return c?.installed ? c.ready > 0 && c.ready >= c.desired : undefined;
  };
  const nodes: Node[] = [];
  const edges: Edge[] = [];

  const members = 'error' in input.sources ? [] : input.sources;
  const units = sourceUnits(members, input);
  const sourceNodes = units.length > MAX_SOURCE_NODES ? groupedNodes(units) : units.map(unitNode);
  const usesEbpf = members.some(m => m.strategies.includes('ebpf'));
  const ebpfInstalled = component('ebpf-agent')?.installed ?? false;

  if ('error' in input.sources) {
    nodes.push({ id: 'sources', label: 'Sources unavailable', role: 'source', detail: input.sources.error });
  } else if (sourceNodes.length === 0) {
    nodes.push({ id: 'sources', label: 'No instrumented workloads', role: 'source', detail: 'Instrument a service from its entity page' });
  }
  for (const node of sourceNodes) {
    nodes.push(node);
    const viaSdk = node.members!.some(m => m.strategies.some(s => s !== 'ebpf'));
    const viaEbpf = node.members!.some(m => m.strategies.includes('ebpf'));
    // The rate belongs to the source; it is on the edge only when the edge carries all of it.
    const single = viaSdk !== viaEbpf;
    if (viaSdk) edges.push({ from: node.id, to: 'node', ...(single ? { rate: node.rate } : {}) });
    if (viaEbpf) edges.push({ from: node.id, to: 'ebpf', ...(single ? { rate: node.rate } : {}) });
  }
  if (usesEbpf || ebpfInstalled) {
    nodes.push({
      id: 'ebpf',
      label: 'eBPF agent',
      role: 'agent',
      healthy: healthy('ebpf-agent'),
      ...(ebpfInstalled ? {} : { detail: 'not installed' }),
    });
    edges.push({ from: 'ebpf', to: 'node', rate: notMeasured("the eBPF agent's own counters are not read") });
  }

  const nodeFlow = status.spans.nodes;
  const gatewayFlow = status.spans.gateway;
  nodes.push({
    id: 'node',
    label: 'Node collector',
    role: 'collector',
    healthy: healthy('collector-node'),
    rate: collectorRate(nodeFlow, f => f.acceptedPerSecond, 'node collector'),
  });
  nodes.push({
    id: 'gateway',
    label: 'Gateway',
    role: 'collector',
    healthy: healthy('collector-gateway'),
    rate: collectorRate(gatewayFlow, f => f.acceptedPerSecond, 'gateway'),
  });
  edges.push({ from: 'node', to: 'gateway', rate: collectorRate(nodeFlow, f => f.exportedPerSecond, 'node collector') });

  for (const d of input.destinations) {
    const id = `dest:${d.name}`;
    nodes.push({ id, label: `${d.name} (${d.displayName})`, role: 'destination' });
    const exporterId = `${d.exporter}/${d.name}`;
    let rate: MeasuredRate;
    if (!d.signals.includes('traces')) rate = notMeasured('receives no traces');
    else {
      rate = collectorRate(gatewayFlow, () => status.byExporter?.[exporterId], 'gateway');
      if (rate.state === 'not-measured' && gatewayFlow && gatewayFlow.measuredPods > 0) {
        rate = notMeasured(`no counter for exporter ${exporterId} on the gateway yet (not rolled out, or nothing sent)`);
      }
    }
    edges.push({ from: 'gateway', to: id, rate });
  }
  return {
    cluster: input.cluster,
    nodes,
    edges,
    ...('error' in input.sources ? { sourcesError: input.sources.error } : {}),
  };
}
