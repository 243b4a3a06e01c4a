import type { Span, Trace } from '@internal/plugin-observability-common';

/** Deterministic pseudo-random numbers (mulberry32), so every run draws the same trace. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = [
  '/cart',
  '/checkout',
  '/items/:id',
  '/users/:id/orders',
  '/search',
  '/payments',
  '/inventory/reserve',
];

/**
 * A realistic large trace in the shared model: `count` spans over 40 services, fan-out up to
 * 12, depth up to 30, cross-service calls (some with skewed clocks), errors, events, links and
 * the usual HTTP/DB attributes, a few of them large.
 */
export function generateTrace(count: number, seed = 42): Trace {
  const rnd = random(seed);
  const services = Array.from(
    { length: 40 },
    (_, i) => `service-${String(i).padStart(2, '0')}`,
  );
  // Four services run on hosts whose clocks are off by up to ±20 ms.
  const skewUs = new Map(
    services.slice(0, 4).map(s => [s, (rnd() - 0.5) * 40_000]),
  );
  // What the SDK and the collector's k8s_attributes processor put on every span of a service.
  const resources = new Map(
    services.map(service => [
      service,
      [
        { key: 'service.name', value: service },
        { key: 'service.version', value: '1.4.2' },
        { key: 'telemetry.sdk.language', value: 'java' },
        { key: 'telemetry.sdk.version', value: '1.44.1' },
        { key: 'k8s.namespace.name', value: 'shop' },
        { key: 'k8s.deployment.name', value: service },
        { key: 'k8s.pod.name', value: `${service}-7d9f8c6b5-x2k4p` },
        {
          key: 'k8s.node.name',
          value: 'ip-10-0-12-34.eu-west-1.compute.internal',
        },
      ],
    ]),
  );
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const spans: Span[] = [];
  const hex = (n: number) => n.toString(16).padStart(16, '0');
  const t0 = 1_760_000_000_000_000;

  type Pending = { span: Span; depth: number };
  const queue: Pending[] = [];
  const make = (
    parent: Span | undefined,
    service: string,
    kind: Span['kind'],
    startUs: number,
    durationUs: number,
  ): Span => {
    const route = ROUTES[Math.floor(rnd() * ROUTES.length)];
    const isDb = kind === 'client' && rnd() < 0.3;
    const error = rnd() < 0.01;
    const span: Span = {
      spanId: hex(spans.length + 1),
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      name: isDb
        ? `SELECT ${route.split('/')[1] || 'rows'}`
        : `${kind === 'client' ? 'GET' : 'HTTP GET'} ${route}`,
      kind,
      serviceName: service,
      startUs: startUs + (skewUs.get(service) ?? 0),
      durationUs,
      status: error
        ? { code: 'error', message: 'upstream reset the connection' }
        : { code: 'unset' },
      attributes: [
        { key: 'http.request.method', value: 'GET' },
        { key: 'http.route', value: route },
        { key: 'http.response.status_code', value: error ? 503 : 200 },
        { key: 'server.address', value: `${service}.shop.svc.cluster.local` },
        { key: 'thread.id', value: Math.floor(rnd() * 64) },
        ...(isDb
          ? [
              { key: 'db.system', value: 'postgresql' },
              {
                key: 'db.statement',
                value: `SELECT * FROM items WHERE id IN (${'?, '.repeat(60)}?)`,
              },
            ]
          : [
              {
                key: 'user_agent.original',
                value: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
              },
            ]),
      ],
      resource: resources.get(service)!,
      events: error
        ? [
            {
              timeUs: startUs + durationUs / 2,
              name: 'exception',
              attributes: [{ key: 'exception.type', value: 'IOException' }],
            },
          ]
        : [],
      links: [],
    };
    spans.push(span);
    return span;
  };

  const root = make(undefined, services[0], 'server', t0, 8_000_000);
  queue.push({ span: root, depth: 0 });
  let head = 0;
  while (spans.length < count && head < queue.length) {
    const { span: parent, depth } = queue[head++];
    const fanOut = depth < 3 ? 12 : 1 + Math.floor(rnd() * 4);
    const slot = parent.durationUs / fanOut;
    const parentStart = parent.startUs - (skewUs.get(parent.serviceName) ?? 0);
    for (let c = 0; c < fanOut && spans.length < count; c++) {
      const start = parentStart + slot * c + rnd() * slot * 0.1;
      const duration = slot * (0.5 + rnd() * 0.4);
      const remote = rnd() < 0.3;
      if (remote && spans.length + 1 < count) {
        const client = make(
          parent,
          parent.serviceName,
          'client',
          start,
          duration,
        );
        const callee = services[Math.floor(rnd() * services.length)];
        const server = make(
          client,
          callee,
          'server',
          start + duration * 0.05,
          duration * 0.9,
        );
        if (depth < 30) queue.push({ span: server, depth: depth + 2 });
      } else {
        const child = make(
          parent,
          parent.serviceName,
          'internal',
          start,
          duration,
        );
        if (depth < 30) queue.push({ span: child, depth: depth + 1 });
      }
    }
  }
  return { traceId, spans, partial: false, warnings: [] };
}
