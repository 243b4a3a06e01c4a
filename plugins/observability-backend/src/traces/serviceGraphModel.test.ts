import type { Span, Trace } from '@internal/plugin-observability-common';
import {
  peerName,
  serviceGraphFromMetrics,
  serviceGraphFromTraces,
} from './serviceGraphModel';

describe('serviceGraphFromMetrics', () => {
  it('joins rate, failures and p90 per edge and marks uninstrumented peers virtual', () => {
    const graph = serviceGraphFromMetrics('cart', 5, {
      requests: [
        { labels: { client: 'web', server: 'cart' }, value: 4 },
        {
          labels: {
            client: 'cart',
            server: 'postgres',
            connection_type: 'database',
          },
          value: 2,
        },
      ],
      failed: [{ labels: { client: 'web', server: 'cart' }, value: 1 }],
      p90: [
        { labels: { client: 'web', server: 'cart' }, value: 0.25 },
        { labels: { client: 'cart', server: 'postgres' }, value: NaN },
      ],
    });
    expect(graph.source).toBe('metrics');
    expect(graph.nodes).toEqual([
      { id: 'cart', virtual: false },
      { id: 'postgres', virtual: true, peerType: 'database' },
      { id: 'web', virtual: false },
    ]);
    expect(graph.edges).toEqual([
      { source: 'cart', target: 'postgres', requestRate: 2, errorRate: 0 },
      {
        source: 'web',
        target: 'cart',
        requestRate: 4,
        errorRate: 0.25,
        p90Ms: 250,
      },
    ]);
  });
});

let nextId = 0;
function span(
  serviceName: string,
  kind: Span['kind'],
  parent?: Span,
  extra: Partial<Span> = {},
): Span {
  return {
    spanId: (++nextId).toString(16).padStart(16, '0'),
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    name: 'op',
    kind,
    serviceName,
    startUs: 0,
    durationUs: 1000,
    status: { code: 'unset' },
    attributes: [],
    resource: [],
    events: [],
    links: [],
    ...extra,
  };
}

function trace(spans: Span[]): Trace {
  return { traceId: 't', spans, partial: false, warnings: [] };
}

describe('serviceGraphFromTraces', () => {
  it('finds calls between services and to uninstrumented peers around the service', () => {
    const webServer = span('web', 'server');
    const webClient = span('web', 'client', webServer);
    const cartServer = span('cart', 'server', webClient, {
      status: { code: 'error' },
      durationUs: 4000,
    });
    const dbCall = span('cart', 'client', cartServer, {
      attributes: [
        { key: 'db.system', value: 'postgresql' },
        { key: 'db.name', value: 'orders' },
      ],
    });
    const unrelated = span('search', 'server');
    const graph = serviceGraphFromTraces('cart', 1, [
      trace([webServer, webClient, cartServer, dbCall]),
      trace([unrelated]),
    ]);
    expect(graph.source).toBe('traces');
    expect(graph.nodes.map(n => [n.id, n.virtual])).toEqual([
      ['cart', false],
      ['postgresql:orders', true],
      ['web', false],
    ]);
    expect(graph.edges).toEqual([
      {
        source: 'cart',
        target: 'postgresql:orders',
        requestRate: 1 / 60,
        errorRate: 0,
        p90Ms: 1,
      },
      {
        source: 'web',
        target: 'cart',
        requestRate: 1 / 60,
        errorRate: 1,
        p90Ms: 4,
      },
    ]);
  });
});

describe('peerName', () => {
  it('prefers peer.service, then database, messaging, host and URL attributes', () => {
    const withAttrs = (attrs: Record<string, string>) =>
      span('a', 'client', undefined, {
        attributes: Object.entries(attrs).map(([key, value]) => ({
          key,
          value,
        })),
      });
    expect(
      peerName(withAttrs({ 'peer.service': 'billing', 'server.address': 'x' })),
    ).toEqual({ name: 'billing', type: 'virtual_node' });
    expect(peerName(withAttrs({ 'db.system': 'redis' }))).toEqual({
      name: 'redis',
      type: 'database',
    });
    expect(
      peerName(
        withAttrs({
          'messaging.system': 'kafka',
          'messaging.destination.name': 'orders',
        }),
      ),
    ).toEqual({ name: 'kafka:orders', type: 'messaging_system' });
    expect(
      peerName(withAttrs({ 'url.full': 'https://api.stripe.com/v1/charges' })),
    ).toEqual({ name: 'api.stripe.com', type: 'virtual_node' });
    expect(peerName(withAttrs({ 'url.full': 'not a url' }))).toBeUndefined();
  });
});
