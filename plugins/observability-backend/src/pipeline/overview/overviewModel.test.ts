import type { CollectorSpanFlow, PipelineComponentStatus, PipelineSourceMember } from '@internal/plugin-observability-common';
import { buildOverview, MAX_SOURCE_NODES, type OverviewInput } from './overviewModel';
import { parseServiceRates } from './sourceRates';

const component = (name: PipelineComponentStatus['name'], installed = true): PipelineComponentStatus => ({
  name,
  kind: name === 'collector-gateway' ? 'Deployment' : 'DaemonSet',
  installed,
  desired: installed ? 2 : 0,
  ready: installed ? 2 : 0,
});

const member = (name: string, strategies = ['java'], namespace = 'shop', services = [name]): PipelineSourceMember => ({
  namespace,
  kind: 'Deployment',
  name,
  services,
  strategies,
});

const measuredFlow = (accepted: number, exported: number, pods = 2): CollectorSpanFlow => ({
  flowing: exported > 0,
  acceptedPerSecond: accepted,
  exportedPerSecond: exported,
  failedPerSecond: 0,
  measuredPods: pods,
  pods: Array.from({ length: pods }, (_, i) => ({ pod: `p${i}`, state: 'measured' as const })),
});

function input(overrides: Partial<OverviewInput> = {}): OverviewInput {
  return {
    cluster: 'prod',
    status: {
      components: [component('collector-node'), component('collector-gateway'), component('ebpf-agent'), component('node-agent')],
      spans: { gateway: measuredFlow(30, 30), nodes: measuredFlow(31, 30) },
      byExporter: { 'otlp_grpc/tempo': 30 },
    },
    destinations: [{ name: 'tempo', displayName: 'Grafana Tempo', exporter: 'otlp_grpc', signals: ['traces'] }],
    sources: [member('checkout'), member('ledger', ['ebpf'])],
    rates: parseServiceRates([
      { labels: { service: 'checkout', k8s_cluster_name: 'prod' }, value: 20 },
      { labels: { service: 'ledger', k8s_cluster_name: 'prod' }, value: 10 },
    ]),
    ...overrides,
  };
}

const node = (o: ReturnType<typeof buildOverview>, id: string) => o.nodes.find(n => n.id === id);
const edge = (o: ReturnType<typeof buildOverview>, from: string, to: string) =>
  o.edges.find(e => e.from === from && e.to === to);

describe('buildOverview', () => {
  it('draws each instrumented workload as a source, SDK ones into the node collector and eBPF ones through the agent', () => {
    const o = buildOverview(input());
    expect(o.nodes.map(n => [n.id, n.role, n.label])).toEqual([
      ['source:0', 'source', 'checkout'],
      ['source:1', 'source', 'ledger'],
      ['ebpf', 'agent', 'eBPF agent'],
      ['node', 'collector', 'Node collector'],
      ['gateway', 'collector', 'Gateway'],
      ['dest:tempo', 'destination', 'tempo (Grafana Tempo)'],
    ]);
    expect(node(o, 'source:0')).toMatchObject({
      detail: 'Deployment shop/checkout · java',
      rate: { state: 'measured', spansPerSecond: 20, basis: 'Tempo span metrics, 5m rate' },
    });
    expect(edge(o, 'source:0', 'node')?.rate).toMatchObject({ state: 'measured', spansPerSecond: 20 });
    expect(edge(o, 'source:1', 'ebpf')?.rate).toMatchObject({ state: 'measured', spansPerSecond: 10 });
    expect(edge(o, 'source:1', 'node')).toBeUndefined();
    expect(edge(o, 'ebpf', 'node')?.rate).toMatchObject({ state: 'not-measured' });
  });

  it('puts the collectors’ own counters on the collectors and their edges', () => {
    const o = buildOverview(input());
    expect(node(o, 'node')?.rate).toEqual({ state: 'measured', spansPerSecond: 31, basis: 'node collector metrics, 2 of 2 pod(s)' });
    expect(node(o, 'gateway')?.rate).toMatchObject({ state: 'measured', spansPerSecond: 30 });
    expect(edge(o, 'node', 'gateway')?.rate).toMatchObject({ state: 'measured', spansPerSecond: 30 });
    expect(edge(o, 'gateway', 'dest:tempo')?.rate).toMatchObject({ state: 'measured', spansPerSecond: 30 });
  });

  it('says "partial" when only some gateway pods were measured, and why', () => {
    const gateway: CollectorSpanFlow = {
      ...measuredFlow(10, 10, 1),
      pods: [
        { pod: 'a', state: 'measured' },
        { pod: 'b', state: 'first-sample' },
      ],
    };
    const o = buildOverview(input({ status: { ...input().status, spans: { gateway } } }));
    expect(node(o, 'gateway')?.rate).toEqual({
      state: 'partial',
      spansPerSecond: 10,
      basis: 'gateway metrics, 1 of 2 pod(s)',
      note: '1 pod(s) not measured',
    });
  });

  it('never invents a number: no Prometheus, a failing one, or no series for the service', () => {
    const none = buildOverview(input({ rates: undefined }));
    expect(node(none, 'source:0')?.rate).toEqual({
      state: 'not-measured',
      note: "span metrics need observability.prometheus (Tempo's span metrics in Prometheus)",
    });
    const failing = buildOverview(input({ rates: { error: 'HTTP 502' } }));
    expect(node(failing, 'source:0')?.rate).toMatchObject({ state: 'not-measured', note: 'Prometheus could not be read: HTTP 502' });
    const missing = buildOverview(input({ rates: parseServiceRates([]) }));
    expect(node(missing, 'source:1')?.rate).toEqual({ state: 'not-measured', note: "no span metrics for service 'ledger'" });
    expect(node(missing, 'source:1')?.rate?.spansPerSecond).toBeUndefined();
  });

  it('marks a rate that counts the service name in every cluster', () => {
    const o = buildOverview(input({ rates: parseServiceRates([{ labels: { service: 'checkout' }, value: 4 }]) }));
    expect(node(o, 'source:0')?.rate).toEqual({
      state: 'measured',
      spansPerSecond: 4,
      basis: 'Tempo span metrics, 5m rate, all clusters (no k8s_cluster_name label)',
    });
  });

  it('counts a service emitted by several workloads once, as one source', () => {
    const o = buildOverview(
      input({ sources: [member('checkout-web', ['java'], 'shop', ['checkout']), member('checkout-worker', ['java'], 'shop', ['checkout'])] }),
    );
    const sources = o.nodes.filter(n => n.role === 'source');
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({
      label: 'checkout (2 workloads)',
      detail: 'shop/checkout-web, shop/checkout-worker',
      rate: { state: 'measured', spansPerSecond: 20 },
    });
  });

  it('does not split a service between two sources that both emit it', () => {
    const o = buildOverview(
      input({
        sources: [member('a', ['java'], 'shop', ['checkout']), member('b', ['java'], 'shop', ['checkout', 'ledger'])],
      }),
    );
    expect(node(o, 'source:0')?.rate).toEqual({ state: 'not-measured', note: "service 'checkout' also runs in other sources" });
    expect(node(o, 'source:1')?.rate).toMatchObject({ state: 'partial', spansPerSecond: 10 });
  });

  it('groups many sources by namespace, summing only what is measured', () => {
    const many = [
      ...Array.from({ length: 6 }, (_, i) => member(`svc-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => member(`job-${i}`, ['python'], 'batch')),
    ];
    const rates = parseServiceRates(
      Array.from({ length: 6 }, (_, i) => ({ labels: { service: `svc-${i}`, k8s_cluster_name: 'prod' }, value: 1 })),
    );
    const o = buildOverview(input({ sources: many, rates }));
    const sources = o.nodes.filter(n => n.role === 'source');
    expect(sources.map(n => n.label)).toEqual(['shop · 6 workloads', 'batch · 4 workloads']);
    expect(sources[0].rate).toMatchObject({ state: 'measured', spansPerSecond: 6 });
    expect(sources[1].rate).toMatchObject({ state: 'not-measured', note: "no span metrics for service 'job-0'" });
    expect(sources[0].members).toHaveLength(6);
    expect(o.edges.filter(e => e.to === 'node' && e.from.startsWith('source')).map(e => e.from)).toEqual(['source-group:0', 'source-group:1']);
  });

  it('keeps the number of namespace groups bounded', () => {
    const many = Array.from({ length: 20 }, (_, i) => member(`svc-${i}`, ['java'], `ns-${String(i).padStart(2, '0')}`));
    const o = buildOverview(input({ sources: many }));
    const sources = o.nodes.filter(n => n.role === 'source');
    expect(sources).toHaveLength(MAX_SOURCE_NODES);
    expect(sources[MAX_SOURCE_NODES - 1].label).toBe('13 more namespaces · 13 workloads');
  });

  it('shows why there are no sources, and leaves the eBPF agent out when nothing uses it', () => {
    const empty = buildOverview(
      input({
        sources: [],
        status: { ...input().status, components: [component('collector-node'), component('collector-gateway'), component('ebpf-agent', false)] },
      }),
    );
    expect(empty.nodes[0]).toMatchObject({ id: 'sources', label: 'No instrumented workloads' });
    expect(node(empty, 'ebpf')).toBeUndefined();
    const failed = buildOverview(input({ sources: { error: 'HTTP 403: forbidden' } }));
    expect(failed.sourcesError).toBe('HTTP 403: forbidden');
    expect(failed.nodes[0]).toMatchObject({ label: 'Sources unavailable', detail: 'HTTP 403: forbidden' });
  });

  it('explains a destination edge without a counter', () => {
    const o = buildOverview(
      input({
        destinations: [
          { name: 'new', displayName: 'OTLP', exporter: 'otlp_http', signals: ['traces'] },
          { name: 'logs', displayName: 'Loki', exporter: 'otlp_http', signals: ['logs'] },
        ],
      }),
    );
    expect(edge(o, 'gateway', 'dest:new')?.rate).toMatchObject({ state: 'not-measured', note: expect.stringContaining('otlp_http/new') });
    expect(edge(o, 'gateway', 'dest:logs')?.rate).toEqual({ state: 'not-measured', note: 'receives no traces' });
  });
});
