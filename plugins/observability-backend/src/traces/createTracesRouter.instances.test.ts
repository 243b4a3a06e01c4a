import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  ClusterWorkloads,
  Workload,
} from '@internal/plugin-observability-common';
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
 * Two local HTTP servers stand in for two Tempo instances (clusters east and west). Each one
 * records what it was asked and holds its own traces, so a response shows which one answered.
 */
interface FakeTempo {
  server: http.Server;
  client: TempoClient;
  asked: URL[];
  /** Search hits: trace id → start time in seconds. */
  traces: Record<string, number>;
}

const EAST_ONLY = '000000000000000000000000000000e1';
const WEST_ONLY = '000000000000000000000000000000f1';
const IN_BOTH = '000000000000000000000000000000b0';

function otlpTraceOf(traceId: string) {
  return {
    trace: {
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'cart' } },
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: '00000000000000a1',
                  name: 'GET /cart',
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000100000000',
                },
              ],
            },
          ],
        },
      ],
    },
  };
}

async function startFakeTempo(traces: Record<string, number>) {
  const fake = { asked: [] as URL[], traces } as FakeTempo;
  fake.server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://tempo');
    fake.asked.push(url);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname === '/api/search') {
      res.end(
        JSON.stringify({
          traces: Object.entries(fake.traces).map(([traceID, start]) => ({
            traceID,
            rootServiceName: 'cart',
            startTimeUnixNano: `${start}000000000`,
            durationMs: 5,
          })),
        }),
      );
    } else if (url.pathname.startsWith('/api/v2/traces/')) {
      const id = url.pathname.split('/').at(-1)!;
      // Tempo answers 200 with an empty trace for an id it does not have.
      res.end(
        JSON.stringify(id in fake.traces ? otlpTraceOf(id) : { trace: {} }),
      );
    } else res.end('{}');
  });
  await new Promise<void>(resolve =>
    fake.server.listen(0, '127.0.0.1', resolve),
  );
  fake.client = new TempoClient({
    url: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`,
    timeoutMs: 2000,
  });
  return fake;
}

/** Nobody listens on port 1: this instance always fails. */
const unreachableTempo = new TempoClient({
  url: 'http://127.0.0.1:1',
  timeoutMs: 500,
});

let east: FakeTempo;
let west: FakeTempo;

beforeAll(async () => {
  east = await startFakeTempo({
    [EAST_ONLY]: 1_700_000_300,
    [IN_BOTH]: 1_700_000_100,
  });
  west = await startFakeTempo({
    [WEST_ONLY]: 1_700_000_200,
    [IN_BOTH]: 1_700_000_100,
  });
});

afterAll(async () => {
  for (const { server } of [east, west]) {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
});

beforeEach(() => {
  east.asked.length = 0;
  west.asked.length = 0;
});

const catalog = catalogServiceMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'cart', namespace: 'default' },
      spec: { type: 'service', owner: 'team-shop' },
    },
  ],
});

/** The clusters the entity's workloads are found in (the resolver reads Kubernetes otherwise). */
function runningIn(...clusters: string[]): TracesRouterOptions['workloads'] {
  const workload = { name: 'cart' } as unknown as Workload;
  return {
    resolve: async (): Promise<ClusterWorkloads[]> =>
      ['east', 'west'].map(cluster => ({
        cluster,
        workloads: clusters.includes(cluster) ? [workload] : [],
      })),
  };
}

function app(overrides: Partial<TracesRouterOptions>) {
  const server = express();
  server.use(
    createTracesRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      entities: new EntityAccess(
        catalog,
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }),
      ),
      logger: mockServices.logger.mock(),
      ...overrides,
    }),
  );
  server.use(mockErrorHandler());
  return server;
}

const asUser = { Authorization: mockCredentials.user.header() };
const searchPaths = (fake: FakeTempo) =>
  fake.asked.filter(u => u.pathname === '/api/search').length;

describe('trace routes with per-cluster Tempo instances', () => {
  it('searches only the Tempo of the cluster the entity runs in', async () => {
    const res = await request(
      app({
        tempo: unreachableTempo,
        tempoByCluster: { east: east.client, west: west.client },
        workloads: runningIn('west'),
      }),
    )
      .get('/traces/search?entityRef=component:default/cart')
      .set(asUser);
    expect(res.status).toBe(200);
    expect(res.body.traces.map((t: { traceId: string }) => t.traceId)).toEqual([
      WEST_ONLY,
      IN_BOTH,
    ]);
    expect(res.body.errors).toBeUndefined();
    expect(searchPaths(west)).toBe(1);
    expect(searchPaths(east)).toBe(0);
  });

  it('falls back to the global Tempo when the entity’s clusters have none of their own', async () => {
    const res = await request(
      app({
        tempo: east.client,
        tempoByCluster: { west: west.client },
        workloads: runningIn('east'),
      }),
    )
      .get('/traces/search?entityRef=component:default/cart')
      .set(asUser);
    expect(res.status).toBe(200);
    expect(searchPaths(east)).toBe(1);
    expect(searchPaths(west)).toBe(0);
  });

  it('falls back to the global Tempo when the entity’s clusters cannot be found', async () => {
    const res = await request(
      app({
        tempo: east.client,
        tempoByCluster: { west: west.client },
        workloads: {
          resolve: async () => {
            throw new Error('component:default/cart has no kubernetes-id');
          },
        },
      }),
    )
      .get('/traces/search?entityRef=component:default/cart')
      .set(asUser);
    expect(res.status).toBe(200);
    expect(searchPaths(east)).toBe(1);
    expect(searchPaths(west)).toBe(0);
  });

  it('merges every instance’s results without an entity: deduplicated, newest first, limit kept', async () => {
    const router = app({
      tempoByCluster: { east: east.client, west: west.client },
    });
    const all = await request(router).get('/traces/search').set(asUser);
    expect(all.status).toBe(200);
    expect(all.body.traces.map((t: { traceId: string }) => t.traceId)).toEqual([
      EAST_ONLY,
      WEST_ONLY,
      IN_BOTH,
    ]);
    expect(searchPaths(east)).toBe(1);
    expect(searchPaths(west)).toBe(1);

    const two = await request(router).get('/traces/search?limit=2').set(asUser);
    expect(two.body.traces.map((t: { traceId: string }) => t.traceId)).toEqual([
      EAST_ONLY,
      WEST_ONLY,
    ]);
  });

  it('reports a failing instance while showing the others’ results', async () => {
    const res = await request(
      app({ tempo: unreachableTempo, tempoByCluster: { west: west.client } }),
    )
      .get('/traces/search')
      .set(asUser);
    expect(res.status).toBe(200);
    expect(res.body.traces.map((t: { traceId: string }) => t.traceId)).toEqual([
      WEST_ONLY,
      IN_BOTH,
    ]);
    expect(res.body.errors).toEqual([
      {
        instance: 'global',
        message: expect.stringMatching(/127\.0\.0\.1:1 is unreachable/),
      },
    ]);
  });

  it('asks the instances in turn for a trace until one has it', async () => {
    const router = app({
      tempo: unreachableTempo,
      tempoByCluster: { east: east.client, west: west.client },
    });
    const res = await request(router).get(`/traces/${WEST_ONLY}`).set(asUser);
    expect(res.status).toBe(200);
    expect(res.body.trace.traceId).toBe(WEST_ONLY);
    expect(east.asked.map(u => u.pathname)).toEqual([
      `/api/v2/traces/${WEST_ONLY}`,
    ]);
    expect(west.asked.map(u => u.pathname)).toEqual([
      `/api/v2/traces/${WEST_ONLY}`,
    ]);
  });

  it('says "not found" only when every instance answered without the trace', async () => {
    const missing = `${'0'.repeat(31)}9`;
    const allAnswered = await request(
      app({ tempoByCluster: { east: east.client, west: west.client } }),
    )
      .get(`/traces/${missing}`)
      .set(asUser);
    expect(allAnswered.status).toBe(404);

    const oneDown = await request(
      app({ tempo: unreachableTempo, tempoByCluster: { west: west.client } }),
    )
      .get(`/traces/${missing}`)
      .set(asUser);
    expect(oneDown.status).toBe(503);
  });

  it('reads coverage signals from the entity’s first instance', async () => {
    const res = await request(
      app({
        tempoByCluster: { east: east.client, west: west.client },
        workloads: runningIn('west'),
      }),
    )
      .get('/coverage-signals?entityRef=component:default/cart')
      .set(asUser);
    expect(res.status).toBe(200);
    expect(searchPaths(west)).toBeGreaterThan(0);
    expect(searchPaths(east)).toBe(0);
  });
});
