/*
 * The trace clients against the REAL Tempo and Prometheus of the local stack (test/stack).
 *
 * Cross-service spans come from real processes: the checkout fixture services
 * (__fixtures__/checkout: `web` calls `cart` over HTTP on 127.0.0.1) run as child processes
 * under the OpenTelemetry Node.js zero-code agent, configured by env vars only and exporting
 * over OTLP/gRPC to Tempo, as the product instruments a Node.js workload. The agent propagates
 * the W3C trace context over HTTP; search, trace by id, tags, the service graph (Tempo's
 * metrics-generator → Prometheus) and coverage signals must all see the result.
 *
 * A database call is the one thing two HTTP services cannot produce without a database: an
 * in-process SDK trace of a third service, `stock`, supplies the PostgreSQL peer.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { ensureStackUp, waitFor, type StackInfo } from '@internal/test-stack';
import {
  parseTraceResponse,
  traceSearchQuerySchema,
  type Trace,
} from '@internal/plugin-observability-common';
import { EntityAccess } from '../entities/EntityAccess';
import {
  startCheckoutServices,
  type CheckoutCall,
  type CheckoutServices,
} from './__fixtures__/checkout/startCheckoutServices';
import { createTracesRouter } from './createTracesRouter';
import { CoverageSignalsService } from './CoverageSignalsService';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { ServiceGraphService } from './ServiceGraphService';
import { TempoClient } from './TempoClient';

/** A cold stack build takes long on 2 cores; a running stack answers at once. */
const STACK_SETUP_TIMEOUT_MS = 45 * 60_000;
/** Tempo makes spans searchable within seconds, Prometheus sees the series within ~30 s. */
const POLL_TEST_TIMEOUT_MS = 150_000;

const suffix = Date.now().toString(36);
const web = `it-traces-web-${suffix}`;
const cart = `it-traces-cart-${suffix}`;
const stock = `it-traces-stock-${suffix}`;

let info: StackInfo;
let tempo: TempoClient;
let prometheus: PrometheusClient;
let services: CheckoutServices | undefined;
/** A good checkout and a failing one, as web and cart traced them. */
let checkout: CheckoutCall;
let failedCheckout: CheckoutCall;
let stockTraceId: string;

/** `waitFor`, failing at once (with its stderr) when a checkout service dies meanwhile. */
function poll<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs: number,
): Promise<T> {
  return Promise.race([
    waitFor(what, fn, timeoutMs, intervalMs),
    services!.exited,
  ]);
}

/** The span tree of a trace by parent links: who called whom, across services. */
interface TreeNode {
  service: string;
  kind: string;
  name: string;
  children: TreeNode[];
}
function treeOf(t: Trace): TreeNode[] {
  const ids = new Set(t.spans.map(s => s.spanId));
  const below = (parent: string | undefined): TreeNode[] =>
    t.spans
      .filter(s =>
        parent === undefined
          ? !s.parentSpanId || !ids.has(s.parentSpanId)
          : s.parentSpanId === parent,
      )
      .map(s => ({
        service: s.serviceName,
        kind: s.kind,
        name: s.name,
        children: below(s.spanId),
      }));
  return below(undefined);
}
/** web's server span → web's client span → cart's server span, as the agent names them. */
const checkoutTree = (): TreeNode[] => [
  {
    service: web,
    kind: 'server',
    name: 'GET',
    children: [
      {
        service: web,
        kind: 'client',
        name: 'GET',
        children: [
          { service: cart, kind: 'server', name: 'GET', children: [] },
        ],
      },
    ],
  },
];

/**
 * OTLP/HTTP protobuf export with the SDK's own serializer, posted with fetch. The stock
 * OTLPTraceExporter loads `http` through a dynamic import(), which Jest's CommonJS sandbox
 * refuses without --experimental-vm-modules.
 */
class FetchOtlpExporter implements SpanExporter {
  constructor(private readonly url: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
    fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: ProtobufTraceSerializer.serializeRequest(
        spans,
      ) as Uint8Array<ArrayBuffer>,
    })
      .then(async response => {
        if (!response.ok)
          throw new Error(
            `OTLP export: HTTP ${response.status} ${await response.text()}`,
          );
        done({ code: ExportResultCode.SUCCESS });
      })
      .catch(error => done({ code: ExportResultCode.FAILED, error }));
  }

  async shutdown() {}
}

/**
 * stock (server) → stock (client to PostgreSQL, uninstrumented, fails), made with the SDK in
 * this process and exported to Tempo; returns its trace id.
 */
async function sendStockQueryTrace(): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': stock }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new FetchOtlpExporter(`${info.tempo.otlpHttpUrl}/v1/traces`),
      ),
    ],
  });
  const tracer = provider.getTracer('it');
  const handle = tracer.startSpan('GET /stock', {
    kind: SpanKind.SERVER,
    attributes: { 'http.route': '/stock' },
  });
  const query = tracer.startSpan(
    'SELECT stock',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.name': 'stock' },
    },
    trace.setSpan(context.active(), handle),
  );
  query.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  query.end();
  handle.end();
  await provider.forceFlush();
  await provider.shutdown();
  return handle.spanContext().traceId;
}

beforeAll(async () => {
  info = await ensureStackUp();
  tempo = new TempoClient({ url: info.tempo.httpUrl, timeoutMs: 10_000 });
  prometheus = new PrometheusClient({
    url: info.prometheusUrl,
    timeoutMs: 10_000,
  });

  // OTLP/gRPC, as the product configures the Node.js agent.
  services = await startCheckoutServices({
    otlp: {
      endpoint: `http://${info.tempo.otlpGrpcEndpoint}`,
      protocol: 'grpc',
    },
    serviceNames: { web, cart },
  });
  checkout = await services.checkout();
  failedCheckout = await services.checkout({ fail: true });
  stockTraceId = await sendStockQueryTrace();
}, STACK_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await services?.stop();
});

describe('TempoClient against the stack’s Tempo', () => {
  it('is ready and tells its version', async () => {
    await expect(tempo.ready()).resolves.toBeUndefined();
    expect((await tempo.buildInfo()).version).toMatch(/\d/);
  });

  it(
    'finds the cross-service trace with a TraceQL search scoped to the service',
    async () => {
      const query = traceSearchQuerySchema.parse({ service: cart });
      const found = await poll(
        `a search hit for ${cart}`,
        async () =>
          (
            await tempo.search(query)
          ).traces.find(t => t.traceId === checkout.traceId),
        60_000,
        1000,
      );
      expect(found).toMatchObject({
        rootServiceName: web,
        rootOperation: 'GET',
        spanCount: 3,
        errorCount: 0,
        serviceStats: {
          [web]: { spanCount: 2, errorCount: 0 },
          [cart]: { spanCount: 1, errorCount: 0 },
        },
      });
      expect(found.services).toEqual([cart, web].sort());
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it(
    'finds only the failing checkout when searching for errors',
    async () => {
      const query = traceSearchQuerySchema.parse({
        service: cart,
        status: 'error',
      });
      const hits = await poll(
        `an error search hit for ${cart}`,
        async () => {
          const { traces } = await tempo.search(query);
          return traces.some(t => t.traceId === failedCheckout.traceId)
            ? traces
            : undefined;
        },
        60_000,
        1000,
      );
      expect(hits.map(t => t.traceId)).not.toContain(checkout.traceId);
      // cart answered 500, web's call saw it, web answered 502: all three spans are errors.
      expect(
        hits.find(t => t.traceId === failedCheckout.traceId),
      ).toMatchObject({ rootServiceName: web, spanCount: 3, errorCount: 3 });
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it(
    'returns the cross-service tree by trace id, linked by the propagated context',
    async () => {
      const result = await poll(
        `trace ${checkout.traceId} with 3 spans`,
        async () => {
          const t = await tempo
            .getTrace(checkout.traceId)
            .catch(() => undefined);
          return t && t.spans.length === 3 ? t : undefined;
        },
        60_000,
        1000,
      );
      expect(result.traceId).toBe(checkout.traceId);
      expect(result.warnings).toEqual([]);
      expect(treeOf(result)).toEqual(checkoutTree());

      // The parent of cart's span is the span id web's agent put in the traceparent header.
      const call = result.spans.find(s => s.kind === 'client')!;
      const handle = result.spans.find(s => s.serviceName === cart)!;
      expect(call.spanId).toBe(checkout.webClientSpanId);
      expect(handle.parentSpanId).toBe(checkout.webClientSpanId);
      expect(call.attributes).toContainEqual({
        key: 'url.full',
        value: `${services!.cart.url}/cart`,
      });
      expect(handle.attributes).toContainEqual({
        key: 'url.path',
        value: '/cart',
      });
      expect(handle.resource).toContainEqual({
        key: 'telemetry.sdk.language',
        value: 'nodejs',
      });
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it(
    'marks every span of the failing checkout as an error',
    async () => {
      const result = await poll(
        `trace ${failedCheckout.traceId} with 3 spans`,
        async () => {
          const t = await tempo
            .getTrace(failedCheckout.traceId)
            .catch(() => undefined);
          return t && t.spans.length === 3 ? t : undefined;
        },
        60_000,
        1000,
      );
      expect(treeOf(result)).toEqual(checkoutTree());
      const statusCodeOf = (service: string, kind: string) =>
        result.spans
          .find(s => s.serviceName === service && s.kind === kind)!
          .attributes.find(a => a.key === 'http.response.status_code')?.value;
      expect(statusCodeOf(cart, 'server')).toBe(500);
      expect(statusCodeOf(web, 'client')).toBe(500);
      expect(statusCodeOf(web, 'server')).toBe(502);
      expect(result.spans.map(s => s.status.code)).toEqual([
        'error',
        'error',
        'error',
      ]);
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it(
    'returns the database call of the SDK-made trace with its error message',
    async () => {
      const result = await poll(
        `trace ${stockTraceId} with 2 spans`,
        async () => {
          const t = await tempo.getTrace(stockTraceId).catch(() => undefined);
          return t && t.spans.length === 2 ? t : undefined;
        },
        60_000,
        1000,
      );
      const handle = result.spans.find(s => s.name === 'GET /stock')!;
      const query = result.spans.find(s => s.name === 'SELECT stock')!;
      expect(query.parentSpanId).toBe(handle.spanId);
      expect(query.status).toEqual({
        code: 'error',
        message: 'deadlock detected',
      });
      expect(query.attributes).toContainEqual({
        key: 'db.system',
        value: 'postgresql',
      });
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it(
    'lists tag names and the values of service.name',
    async () => {
      const names = await poll(
        'span.http.response.status_code among the tag names',
        async () => {
          const n = await tempo.tagNames();
          return n.includes('span.http.response.status_code') ? n : undefined;
        },
        60_000,
        1000,
      );
      expect(names).toEqual(
        expect.arrayContaining(['resource.service.name', 'name', 'status']),
      );
      const values = await poll(
        `${cart} among resource.service.name values`,
        async () => {
          const v = await tempo.tagValues('resource.service.name');
          return v.includes(cart) ? v : undefined;
        },
        60_000,
        1000,
      );
      expect(values).toContain(web);
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it('reports a trace Tempo does not have as not found', async () => {
    await expect(tempo.getTrace(`${'0'.repeat(31)}1`)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});

describe('the trace routes against the stack', () => {
  /** The catalog entities of the two services, named as the product's agents name them, plus one without spans. */
  const other = `it-traces-other-${suffix}`;
  function tracesApp() {
    const app = express();
    app.use(
      createTracesRouter({
        httpAuth: mockServices.httpAuth(),
        entities: new EntityAccess(
          catalogServiceMock({
            entities: [web, cart, other].map(name => ({
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name, namespace: 'default' },
              spec: { type: 'service', owner: 'team-shop' },
            })),
          }),
          mockServices.permissions(),
        ),
        logger: mockServices.logger.mock(),
        tempo,
        grafana: {
          url: 'https://grafana.example',
          tempoDatasourceUid: 'tempo',
        },
      }),
    );
    app.use(mockErrorHandler());
    return app;
  }
  const asUser = { Authorization: mockCredentials.user.header() };

  it(
    'serves the trace in the wire format the frontend parses back into the cross-service tree',
    async () => {
      const app = tracesApp();
      const res = await poll(
        `GET /traces/${checkout.traceId} with 3 spans`,
        async () => {
          const r = await request(app)
            .get(`/traces/${checkout.traceId}`)
            .set(asUser);
          return r.status === 200 && r.body.trace.spans.length === 3
            ? r
            : undefined;
        },
        60_000,
        1000,
      );
      expect(res.body.trace.resources).toHaveLength(2);
      const { trace: parsed, grafanaExploreUrl } = parseTraceResponse(res.body);
      expect(grafanaExploreUrl).toMatch(
        /^https:\/\/grafana\.example\/explore\?/,
      );
      expect(treeOf(parsed)).toEqual(checkoutTree());
      expect(
        parsed.spans.map(s => [
          s.serviceName,
          s.resource.find(a => a.key === 'service.name')?.value,
        ]),
      ).toEqual(parsed.spans.map(s => [s.serviceName, s.serviceName]));
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it(
    'confines requests made for an entity to its service',
    async () => {
      const app = tracesApp();
      const forEntity = (name: string) => `component:default/${name}`;
      const found = await poll(
        `a search hit for ${cart} through its entity`,
        async () => {
          const r = await request(app)
            .get('/traces/search')
            .query({ entityRef: forEntity(cart), operation: 'GET' })
            .set(asUser);
          return r.status === 200 &&
            r.body.traces.some(
              (t: { traceId: string }) => t.traceId === checkout.traceId,
            )
            ? r
            : undefined;
        },
        60_000,
        1000,
      );
      expect(found.body.query).toBe(
        `{ resource.service.name = "${cart}" && name = "GET" }`,
      );
      // Nothing of the trace is in the other service: its scoped search finds none of it.
      const ofOther = await request(app)
        .get('/traces/search')
        .query({ entityRef: forEntity(other) })
        .set(asUser);
      expect(ofOther.status).toBe(200);
      expect(ofOther.body.traces).toEqual([]);

      const traceFor = (name: string) =>
        request(app)
          .get(`/traces/${checkout.traceId}`)
          .query({ entityRef: forEntity(name) })
          .set(asUser);
      expect((await traceFor(cart)).body.trace.spans).toHaveLength(3);
      expect((await traceFor(web)).status).toBe(200);
      const refused = await traceFor(other);
      expect(refused.status).toBe(404);
      expect(refused.body.error.message).toMatch(
        `has no span of service "${other}"`,
      );

      const asked = await request(app)
        .get('/service-graph')
        .query({ entityRef: forEntity(cart), service: web })
        .set(asUser);
      expect(asked.status).toBe(403);
    },
    POLL_TEST_TIMEOUT_MS,
  );
});

describe('service graph and coverage signals against the stack', () => {
  const logger = mockServices.logger.mock();

  it(
    'shows the web → cart edge from Tempo’s service-graph metrics in Prometheus',
    async () => {
      // A fresh service per poll: the service caches its answer for 30 s.
      const graph = await poll(
        `the ${web} → ${cart} edge with request and error rates in Prometheus`,
        async () => {
          // Live traffic, as a running shop sends it: a counter's rate needs it to grow.
          await services!.traffic();
          const g = await new ServiceGraphService({
            tempo,
            prometheus,
            logger,
          }).get(cart, 5);
          // A rate needs two samples of the series: the edge can show up before its rates do.
          return g.source === 'metrics' &&
            g.edges.some(
              e =>
                e.source === web &&
                e.target === cart &&
                e.requestRate > 0 &&
                e.errorRate > 0,
            )
            ? g
            : undefined;
        },
        120_000,
        2000,
      );
      const edge = graph.edges.find(
        e => e.source === web && e.target === cart,
      )!;
      expect(edge.requestRate).toBeGreaterThan(0);
      // One checkout in four fails (and the first two were one good, one failing).
      expect(edge.errorRate).toBeGreaterThan(0);
      expect(edge.errorRate).toBeLessThan(1);
      expect(edge.p90Ms).toBeGreaterThan(0);
      expect(graph.nodes.find(n => n.id === web)).toEqual({
        id: web,
        virtual: false,
      });
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it('builds the same edge from sampled traces when metrics are absent, and the SDK trace’s database peer', async () => {
    const graphs = new ServiceGraphService({ tempo, logger });
    const ofCart = await graphs.get(cart, 15);
    expect(ofCart.source).toBe('traces');
    expect(ofCart.notice).toMatch(/No Prometheus is configured/);
    expect(ofCart.edges.map(e => `${e.source}->${e.target}`)).toEqual([
      `${web}->${cart}`,
    ]);
    expect(ofCart.nodes.find(n => n.id === web)).toMatchObject({
      virtual: false,
    });

    const ofStock = await graphs.get(stock, 15);
    expect(ofStock.edges.map(e => `${e.source}->${e.target}`)).toEqual([
      `${stock}->postgresql:stock`,
    ]);
    expect(ofStock.nodes.find(n => n.id === 'postgresql:stock')).toMatchObject({
      virtual: true,
      peerType: 'database',
    });
  });

  it(
    'computes coverage signals for the service',
    async () => {
      const signals = await poll(
        `span metrics for ${cart} with errors`,
        async () => {
          await services!.traffic();
          const s = await new CoverageSignalsService({
            tempo,
            prometheus,
            logger,
          }).get(cart, 15);
          return s.source === 'span-metrics' &&
            s.spansPerMinute > 0 &&
            s.errorRatio > 0
            ? s
            : undefined;
        },
        120_000,
        2000,
      );
      expect(signals.spansPerMinute).toBeGreaterThan(0);
      // The agent names a server span by its method only: no route without a framework.
      expect(signals.distinctOperations).toBe(1);
      expect(signals.errorRatio).toBeLessThan(1);
      expect(signals.lastSpanSeen).not.toBeNull();
      // Every cart span's parent (web's client span) arrived: propagation works.
      expect(signals.brokenPropagation.orphanSpans).toBe(0);
      expect(signals.brokenPropagation.sampledSpans).toBeGreaterThanOrEqual(2);
    },
    POLL_TEST_TIMEOUT_MS,
  );
});
