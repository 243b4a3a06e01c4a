/*
 * The trace clients against the REAL Tempo and Prometheus of the local stack (test/stack):
 * two services call each other through the OpenTelemetry JS SDK, exported over OTLP/HTTP to
 * Tempo; then search, trace by id, tags, the service graph (Tempo's metrics-generator →
 * Prometheus) and coverage signals must all see them.
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
} from '@internal/plugin-observability-common';
import { EntityAccess } from '../entities/EntityAccess';
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

let info: StackInfo;
let tempo: TempoClient;
let prometheus: PrometheusClient;
let traceId: string;

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

function provider(serviceName: string) {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new FetchOtlpExporter(`${info.tempo.otlpHttpUrl}/v1/traces`),
      ),
    ],
  });
}

/**
 * One checkout as two services record it, exported to Tempo; returns its trace id.
 * web (server) → web (client) → cart (server) → cart (client to PostgreSQL, uninstrumented)
 */
async function sendCheckoutTrace(): Promise<string> {
  const webProvider = provider(web);
  const cartProvider = provider(cart);
  const webTracer = webProvider.getTracer('it');
  const cartTracer = cartProvider.getTracer('it');
  const root = webTracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    attributes: { 'http.route': '/checkout' },
  });
  const call = webTracer.startSpan(
    'GET /cart',
    { kind: SpanKind.CLIENT },
    trace.setSpan(context.active(), root),
  );
  const handle = cartTracer.startSpan(
    'GET /cart',
    { kind: SpanKind.SERVER, attributes: { 'http.route': '/cart' } },
    trace.setSpan(context.active(), call),
  );
  const query = cartTracer.startSpan(
    'SELECT cart',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.name': 'carts' },
    },
    trace.setSpan(context.active(), handle),
  );
  query.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  query.end();
  handle.end();
  call.end();
  root.end();
  await Promise.all([webProvider.forceFlush(), cartProvider.forceFlush()]);
  await Promise.all([webProvider.shutdown(), cartProvider.shutdown()]);
  return root.spanContext().traceId;
}

beforeAll(async () => {
  info = await ensureStackUp();
  tempo = new TempoClient({ url: info.tempo.httpUrl, timeoutMs: 10_000 });
  prometheus = new PrometheusClient({
    url: info.prometheusUrl,
    timeoutMs: 10_000,
  });

  traceId = await sendCheckoutTrace();
}, STACK_SETUP_TIMEOUT_MS);

describe('TempoClient against the stack’s Tempo', () => {
  it('is ready and tells its version', async () => {
    await expect(tempo.ready()).resolves.toBeUndefined();
    expect((await tempo.buildInfo()).version).toMatch(/\d/);
  });

  it(
    'finds the trace with a TraceQL search scoped to the service',
    async () => {
      const query = traceSearchQuerySchema.parse({
        service: cart,
        operation: 'GET /cart',
      });
      const found = await waitFor(
        `a search hit for ${cart}`,
        async () =>
          (await tempo.search(query)).traces.find(t => t.traceId === traceId),
        60_000,
        1000,
      );
      expect(found).toMatchObject({
        rootServiceName: web,
        rootOperation: 'GET /checkout',
        spanCount: 4,
        errorCount: 1,
      });
      expect(found.services).toEqual([cart, web].sort());
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it(
    'returns the cross-service tree by trace id',
    async () => {
      const result = await waitFor(
        `trace ${traceId} with 4 spans`,
        async () => {
          const t = await tempo.getTrace(traceId).catch(() => undefined);
          return t && t.spans.length === 4 ? t : undefined;
        },
        60_000,
        1000,
      );
      expect(result.traceId).toBe(traceId);
      expect(result.warnings).toEqual([]);
      const byName = (service: string, name: string) =>
        result.spans.find(s => s.serviceName === service && s.name === name)!;
      const root = byName(web, 'GET /checkout');
      const call = result.spans.find(
        s => s.serviceName === web && s.kind === 'client',
      )!;
      const handle = result.spans.find(
        s => s.serviceName === cart && s.kind === 'server',
      )!;
      const query = byName(cart, 'SELECT cart');
      expect(root.parentSpanId).toBeUndefined();
      expect(call.parentSpanId).toBe(root.spanId);
      expect(handle.parentSpanId).toBe(call.spanId);
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
      const names = await waitFor(
        'span.http.route among the tag names',
        async () => {
          const n = await tempo.tagNames();
          return n.includes('span.http.route') ? n : undefined;
        },
        60_000,
        1000,
      );
      expect(names).toEqual(
        expect.arrayContaining(['resource.service.name', 'name', 'status']),
      );
      const values = await waitFor(
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
    'serves the trace in the wire format the frontend parses back',
    async () => {
      const app = tracesApp();
      const res = await waitFor(
        `GET /traces/${traceId} with 4 spans`,
        async () => {
          const r = await request(app)
            .get(`/traces/${traceId}`)
            .set('Authorization', mockCredentials.user.header());
          return r.status === 200 && r.body.trace.spans.length === 4
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
      const found = await waitFor(
        `a search hit for ${cart} through its entity`,
        async () => {
          const r = await request(app)
            .get('/traces/search')
            .query({ entityRef: forEntity(cart), operation: 'GET /cart' })
            .set(asUser);
          return r.status === 200 &&
            r.body.traces.some(
              (t: { traceId: string }) => t.traceId === traceId,
            )
            ? r
            : undefined;
        },
        60_000,
        1000,
      );
      expect(found.body.query).toBe(
        `{ resource.service.name = "${cart}" && name = "GET /cart" }`,
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
          .get(`/traces/${traceId}`)
          .query({ entityRef: forEntity(name) })
          .set(asUser);
      expect((await traceFor(cart)).body.trace.spans).toHaveLength(4);
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
      const graph = await waitFor(
        `the ${web} → ${cart} edge in Prometheus`,
        async () => {
          // Live traffic, as a running service sends it: a counter's rate needs it to grow.
          await sendCheckoutTrace();
          const g = await new ServiceGraphService({
            tempo,
            prometheus,
            logger,
          }).get(cart, 5);
          // A rate needs two samples of the series: the edge can show up before its rate does.
          return g.source === 'metrics' &&
            g.edges.some(
              e => e.source === web && e.target === cart && e.requestRate > 0,
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
      expect(edge.errorRate).toBe(0);
      expect(graph.nodes.find(n => n.id === web)).toEqual({
        id: web,
        virtual: false,
      });
    },
    POLL_TEST_TIMEOUT_MS,
  );

  it('builds the same edge, plus the database peer, from sampled traces when metrics are absent', async () => {
    const graph = await new ServiceGraphService({ tempo, logger }).get(
      cart,
      15,
    );
    expect(graph.source).toBe('traces');
    expect(graph.notice).toMatch(/No Prometheus is configured/);
    expect(graph.edges.map(e => `${e.source}->${e.target}`)).toEqual(
      expect.arrayContaining([`${web}->${cart}`, `${cart}->postgresql:carts`]),
    );
    expect(graph.nodes.find(n => n.id === 'postgresql:carts')).toMatchObject({
      virtual: true,
      peerType: 'database',
    });
  });

  it(
    'computes coverage signals for the service',
    async () => {
      const signals = await waitFor(
        `span metrics for ${cart}`,
        async () => {
          await sendCheckoutTrace();
          const s = await new CoverageSignalsService({
            tempo,
            prometheus,
            logger,
          }).get(cart, 15);
          return s.source === 'span-metrics' && s.spansPerMinute > 0
            ? s
            : undefined;
        },
        120_000,
        2000,
      );
      expect(signals.spansPerMinute).toBeGreaterThan(0);
      expect(signals.distinctOperations).toBe(2);
      expect(signals.errorRatio).toBeGreaterThan(0);
      expect(signals.lastSpanSeen).not.toBeNull();
      expect(signals.brokenPropagation.orphanSpans).toBe(0);
      expect(signals.brokenPropagation.sampledSpans).toBeGreaterThanOrEqual(2);
    },
    POLL_TEST_TIMEOUT_MS,
  );
});
