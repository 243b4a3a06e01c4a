import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import { SERVICE_NAME_ANNOTATION } from '@internal/plugin-observability-common';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { EntityAccess } from '../entities/EntityAccess';
import {
  createTracesRouter,
  type TracesRouterOptions,
} from './createTracesRouter';
import { TempoClient } from './TempoClient';

/*
 * Tempo points at a port nobody listens on: a request that got past validation would come back
 * as 503 "unreachable", so every 400 here proves the input never left the backend.
 */
const unreachableTempo = new TempoClient({
  url: 'http://127.0.0.1:1',
  timeoutMs: 500,
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function entity(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-shop' },
  };
}

const catalog = catalogServiceMock({
  entities: [
    entity('cart'),
    entity('billing'),
    entity('storefront', { [SERVICE_NAME_ANNOTATION]: 'web' }),
  ],
});
const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
beforeEach(() => getEntityByRef.mockClear());

/** Permission decisions that deny `observability.entity.read` on the named entities only. */
function permissionsDenying(...refs: string[]) {
  return mockServices.permissions.mock({
    authorize: async (requests: AuthorizePermissionRequest[]) =>
      requests.map(r => ({
        result:
          'resourceRef' in r && refs.includes(String(r.resourceRef))
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
}

function app(
  overrides: Partial<TracesRouterOptions> = {},
  permissions = permissionsDenying(),
) {
  const server = express();
  server.use(
    createTracesRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      entities: new EntityAccess(catalog, permissions),
      logger: mockServices.logger.mock(),
      tempo: unreachableTempo,
      ...overrides,
    }),
  );
  server.use(mockErrorHandler());
  return server;
}

const asUser = { Authorization: mockCredentials.user.header() };

/*
 * A local HTTP server stands in for Tempo where a test needs to see what the backend asked
 * for: it records every request and answers like Tempo does (one trace of web → cart).
 */
let tempoServer: http.Server;
let recordingTempo: TempoClient;
const asked: URL[] = [];

function otlpTrace() {
  const span = (service: string, spanId: string, parentSpanId?: string) => ({
    resource: {
      attributes: [{ key: 'service.name', value: { stringValue: service } }],
    },
    scopeSpans: [
      {
        spans: [
          {
            traceId: TRACE_ID,
            spanId,
            ...(parentSpanId ? { parentSpanId } : {}),
            name: `GET /${service}`,
            startTimeUnixNano: '1700000000000000000',
            endTimeUnixNano: '1700000000100000000',
          },
        ],
      },
    ],
  });
  return {
    trace: {
      resourceSpans: [
        span('web', '00000000000000a1'),
        span('cart', '00000000000000a2', '00000000000000a1'),
      ],
    },
  };
}

beforeAll(async () => {
  tempoServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://tempo');
    asked.push(url);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname === '/api/search') res.end('{"traces":[]}');
    else if (url.pathname.startsWith('/api/v2/traces/'))
      res.end(JSON.stringify(otlpTrace()));
    else if (url.pathname === '/api/v2/search/tags')
      res.end('{"scopes":[{"name":"span","tags":["http.route"]}]}');
    else res.end('{"tagValues":[{"value":"GET /cart"}]}');
  });
  await new Promise<void>(resolve =>
    tempoServer.listen(0, '127.0.0.1', resolve),
  );
  recordingTempo = new TempoClient({
    url: `http://127.0.0.1:${(tempoServer.address() as AddressInfo).port}`,
    timeoutMs: 2000,
  });
});

afterAll(async () => {
  tempoServer.closeAllConnections();
  await new Promise(resolve => tempoServer.close(resolve));
});

describe('createTracesRouter', () => {
  it('rejects requests without a signed-in user', async () => {
    const res = await request(app()).get('/traces/search');
    expect(res.status).toBe(401);
  });

  it('validates trace ids, tag names, filters and TraceQL before reaching Tempo', async () => {
    const cases: [string, RegExp][] = [
      ['/traces/not-hex', /Invalid trace id.*hexadecimal/],
      ['/traces/tags/..%2Fstatus/values', /Invalid tag name/],
      ['/traces/search?minDuration=soon', /minDuration: must be a duration/],
      ['/traces/search?attr=nooperator', /Invalid attribute filter/],
      ['/traces/search?attr=bad%20key%3Dx', /Invalid attribute filter/],
      [
        '/traces/search?service=cart&traceql=%7B%7D%20%7C%20count()%20%3E%201',
        /pipelines/,
      ],
      ['/service-graph', /service:/],
      ['/coverage-signals?service=cart&windowMinutes=0', /windowMinutes/],
      ['/traces/search?entityRef=%3A%3A', /Invalid entityRef/],
      [
        '/traces/search?entityRef=component:default/cart&entityRef=component:default/billing',
        /Invalid entityRef/,
      ],
    ];
    for (const [path, message] of cases) {
      const res = await request(app()).get(path).set(asUser);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('says clearly when Tempo is down or not configured', async () => {
    const down = await request(app())
      .get('/traces/0af7651916cd43dd8448eb211c80319c')
      .set(asUser);
    expect(down.status).toBe(503);
    expect(down.body.error.message).toMatch(
      /Tempo at http:\/\/127\.0\.0\.1:1 is unreachable/,
    );

    const none = await request(app({ tempo: undefined }))
      .get('/traces/search')
      .set(asUser);
    expect(none.status).toBe(503);
    expect(none.body.error.message).toMatch(/observability\.tempo\.url/);
  });

  it('builds the service graph notice when neither Prometheus nor Tempo can help', async () => {
    const res = await request(app({ tempo: undefined }))
      .get('/service-graph?service=cart')
      .set(asUser);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      service: 'cart',
      edges: [],
      notice: expect.stringMatching(/No Prometheus.*No Tempo/),
    });
  });

  describe('for an entity (entityRef)', () => {
    const paths = [
      '/traces/search',
      `/traces/${TRACE_ID}`,
      '/traces/tags',
      '/traces/tags/name/values',
      '/service-graph',
      '/coverage-signals',
      '/traces/status',
    ];

    it.each(paths)(
      'GET %s needs observability.entity.read on the entity',
      async path => {
        const permissions = permissionsDenying('component:default/cart');
        const res = await request(app({}, permissions))
          .get(`${path}?entityRef=component:default/cart`)
          .set(asUser);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          /not allowed to observability\.entity\.read on component:default\/cart/,
        );
        expect(permissions.authorize).toHaveBeenCalledWith(
          [
            expect.objectContaining({
              permission: expect.objectContaining({
                name: 'observability.entity.read',
              }),
              resourceRef: 'component:default/cart',
            }),
          ],
          expect.anything(),
        );
        expect(getEntityByRef).not.toHaveBeenCalledWith(
          'component:default/cart',
          expect.anything(),
        );
      },
    );

    it('answers 404 for an entity the catalog does not show the caller', async () => {
      const res = await request(app())
        .get('/traces/search?entityRef=component:default/nowhere')
        .set(asUser);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(
        /No entity component:default\/nowhere/,
      );
    });

    it('lets an allowed caller through to Tempo, looking the entity up with their credentials', async () => {
      const res = await request(app())
        .get('/traces/search?entityRef=component:default/cart')
        .set(asUser);
      // Unreachable Tempo: the request passed authorization and scoping.
      expect(res.status).toBe(503);
      expect(getEntityByRef).toHaveBeenCalledWith('component:default/cart', {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: mockCredentials.user().principal.userEntityRef,
          }),
        }),
      });
    });

    it('confines the search to the entity’s service name, even with free TraceQL', async () => {
      const res = await request(app({ tempo: recordingTempo }))
        .get('/traces/search')
        .query({
          entityRef: 'component:default/cart',
          traceql: '{ resource.service.name = "billing" }',
        })
        .set(asUser);
      expect(res.status).toBe(200);
      expect(res.body.query).toBe(
        '{ resource.service.name = "cart" } && ({ resource.service.name = "billing" })',
      );
      expect(asked.at(-1)?.searchParams.get('q')).toBe(res.body.query);
    });

    it('uses the service-name annotation when the entity has one', async () => {
      const res = await request(app({ tempo: recordingTempo }))
        .get('/traces/search?entityRef=component:default/storefront')
        .set(asUser);
      expect(res.body.query).toBe('{ resource.service.name = "web" }');
    });

    it('refuses another service than the entity’s', async () => {
      for (const path of [
        '/traces/search?service=billing',
        '/service-graph?service=billing',
        '/coverage-signals?service=billing',
      ]) {
        const res = await request(app({ tempo: recordingTempo }))
          .get(`${path}&entityRef=component:default/cart`)
          .set(asUser);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body.error.message).toMatch(
          /made for component:default\/cart read its service "cart" only, not "billing"/,
        );
      }
    });

    it('answers the service graph of the entity’s service', async () => {
      const graph = await request(app({ tempo: recordingTempo }))
        .get('/service-graph?entityRef=component:default/cart')
        .set(asUser);
      expect(graph.status).toBe(200);
      expect(graph.body.service).toBe('cart');
      expect(asked.at(-1)?.searchParams.get('q')).toBe(
        '{ resource.service.name = "cart" }',
      );
    });

    it('returns a trace by id only when it has a span of the entity’s service', async () => {
      const ofCart = await request(app({ tempo: recordingTempo }))
        .get(`/traces/${TRACE_ID}?entityRef=component:default/cart`)
        .set(asUser);
      expect(ofCart.status).toBe(200);
      expect(ofCart.body.trace.spans).toHaveLength(2);

      const ofBilling = await request(app({ tempo: recordingTempo }))
        .get(`/traces/${TRACE_ID}?entityRef=component:default/billing`)
        .set(asUser);
      expect(ofBilling.status).toBe(404);
      expect(ofBilling.body.error.message).toBe(
        `Trace ${TRACE_ID} has no span of service "billing" (component:default/billing).`,
      );
    });
  });
});
