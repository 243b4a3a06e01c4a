import type {
  ServiceGraph,
  ServiceGraphEdge,
  ServiceGraphNode,
  Span,
  Trace,
} from '@internal/plugin-observability-common';
import type { VectorSample } from './prometheus/PrometheusClient';

/*
 * Pure builders of the service graph around one service: from Tempo's service-graph metrics,
 * or, when Prometheus has none, from a sample of recent traces.
 */

const VIRTUAL_CONNECTION_TYPES = new Set([
  'virtual_node',
  'database',
  'messaging_system',
]);

function edgeKey(source: string, target: string) {
  return `${source}\u0000${target}`;
}

export interface ServiceGraphMetrics {
  requests: VectorSample[];
  failed: VectorSample[];
  p90: VectorSample[];
}

export function serviceGraphFromMetrics(
  service: string,
  windowMinutes: number,
  metrics: ServiceGraphMetrics,
): ServiceGraph {
  const edges = new Map<string, ServiceGraphEdge>();
  const virtualPeers = new Map<string, string>();
  for (const sample of metrics.requests) {
    const { client, server, connection_type: type } = sample.labels;
    if (!client || !server) continue;
    edges.set(edgeKey(client, server), {
      source: client,
      target: server,
      requestRate: sample.value,
      errorRate: 0,
    });
    if (type && VIRTUAL_CONNECTION_TYPES.has(type))
      virtualPeers.set(server, type);
  }
  for (const sample of metrics.failed) {
    const edge = edges.get(edgeKey(sample.labels.client, sample.labels.server));
    if (edge && edge.requestRate > 0)
      edge.errorRate = Math.min(1, sample.value / edge.requestRate);
  }
  for (const sample of metrics.p90) {
    const edge = edges.get(edgeKey(sample.labels.client, sample.labels.server));
    if (edge && Number.isFinite(sample.value)) edge.p90Ms = sample.value * 1000;
  }
  return assemble(
    service,
    'metrics',
    windowMinutes,
    [...edges.values()],
    virtualPeers,
  );
}

/** The name of the uninstrumented peer a client span called, from its attributes. */
export function peerName(
  span: Span,
): { name: string; type: string } | undefined {
  const attr = (key: string) => {
    const found = span.attributes.find(a => a.key === key);
    return found === undefined ? undefined : String(found.value);
  };
  const peerService = attr('peer.service');
  if (peerService) return { name: peerService, type: 'virtual_node' };
  const dbSystem = attr('db.system') ?? attr('db.system.name');
  if (dbSystem) {
    const dbName =
      attr('db.name') ?? attr('db.namespace') ?? attr('server.address');
    return {
      name: dbName ? `${dbSystem}:${dbName}` : dbSystem,
      type: 'database',
    };
  }
  const messaging = attr('messaging.system');
  if (messaging)
    return {
      name: `${messaging}:${
        attr('messaging.destination.name') ??
        attr('messaging.destination') ??
        ''
      }`.replace(/:$/, ''),
      type: 'messaging_system',
    };
  const host =
    attr('server.address') ?? attr('net.peer.name') ?? attr('http.host');
  if (host) return { name: host, type: 'virtual_node' };
  const url = attr('url.full') ?? attr('http.url');
  if (url) {
    try {
      return { name: new URL(url).host, type: 'virtual_node' };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface EdgeStats {
  calls: number;
  errors: number;
  durationsUs: number[];
}

function p90(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)
  ];
}

/**
 * Edges seen in sampled traces: a client/producer span whose child is a server/consumer span of
 * another service is a call between them; a client span with no such child called an
 * uninstrumented peer, named from its attributes. Rates are per second over the window, so they
 * are lower bounds when the sample is not the whole window.
 */
export function serviceGraphFromTraces(
  service: string,
  windowMinutes: number,
  traces: Trace[],
): ServiceGraph {
  const stats = new Map<
    string,
    EdgeStats & { source: string; target: string }
  >();
  const virtualPeers = new Map<string, string>();
  const record = (
    source: string,
    target: string,
    failed: boolean,
    durationUs: number,
  ) => {
    const key = edgeKey(source, target);
    let edge = stats.get(key);
    if (!edge) {
      edge = { source, target, calls: 0, errors: 0, durationsUs: [] };
      stats.set(key, edge);
    }
    edge.calls++;
    if (failed) edge.errors++;
    edge.durationsUs.push(durationUs);
  };

  for (const trace of traces) {
    const children = new Map<string, Span[]>();
    for (const span of trace.spans) {
      if (!span.parentSpanId) continue;
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    }
    for (const span of trace.spans) {
      const remoteChildren = (children.get(span.spanId) ?? []).filter(
        c =>
          c.serviceName !== span.serviceName &&
          (c.kind === 'server' || c.kind === 'consumer'),
      );
      for (const child of remoteChildren) {
        record(
          span.serviceName,
          child.serviceName,
          child.status.code === 'error',
          child.durationUs,
        );
      }
      if (
        remoteChildren.length === 0 &&
        (span.kind === 'client' || span.kind === 'producer')
      ) {
        const peer = peerName(span);
        if (peer && peer.name !== span.serviceName) {
          virtualPeers.set(peer.name, peer.type);
          record(
            span.serviceName,
            peer.name,
            span.status.code === 'error',
            span.durationUs,
          );
        }
      }
    }
  }

  const seconds = windowMinutes * 60;
  const edges: ServiceGraphEdge[] = [...stats.values()]
    .filter(e => e.source === service || e.target === service)
    .map(e => {
      const latency = p90(e.durationsUs);
      return {
        source: e.source,
        target: e.target,
        requestRate: e.calls / seconds,
        errorRate: e.errors / e.calls,
        ...(latency !== undefined ? { p90Ms: latency / 1000 } : {}),
      };
    });
  return assemble(service, 'traces', windowMinutes, edges, virtualPeers);
}

function assemble(
  service: string,
  source: ServiceGraph['source'],
  windowMinutes: number,
  edges: ServiceGraphEdge[],
  virtualPeers: Map<string, string>,
): ServiceGraph {
  const ids = new Set<string>([service]);
  for (const edge of edges) {
    ids.add(edge.source);
    ids.add(edge.target);
  }
  const nodes: ServiceGraphNode[] = [...ids].sort().map(id => {
    const peerType = virtualPeers.get(id);
    return {
      id,
      virtual: peerType !== undefined && id !== service,
      ...(peerType ? { peerType } : {}),
    };
  });
  edges.sort((a, b) =>
    edgeKey(a.source, a.target).localeCompare(edgeKey(b.source, b.target)),
  );
  return { service, source, windowMinutes, nodes, edges };
}
