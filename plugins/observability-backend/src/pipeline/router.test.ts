import { mockCredentials, mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createPipeline } from '.';
import { inMemoryDatabase } from './__testUtils__/inMemoryDatabase';

/*
 * The cluster points at a port nobody listens on: a request that passed the permission gate
 * and validation fails reaching the cluster, never with 401/403/400.
 */
const registry = new ClusterRegistry([
  { name: 'local', url: 'https://127.0.0.1:1', authProvider: 'serviceAccount', skipTLSVerify: true } as any,
]);

function app(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const authorize = jest.fn(async (reqs: any[]) => reqs.map(() => ({ result })));
  const events: { eventId: string; outcome?: string; meta?: unknown }[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => {
      const event: (typeof events)[number] = { eventId, meta };
      events.push(event);
      return {
        success: async () => void (event.outcome = 'success'),
        fail: async () => void (event.outcome = 'fail'),
      };
    },
  });
  const pipeline = createPipeline({
    config: { adminGroups: [], requestTimeoutMs: 300 } as any,
    registry,
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
    permissions: mockServices.permissions.mock({ authorize: authorize as any }),
    auditor,
    logger: mockServices.logger.mock(),
    database: inMemoryDatabase(),
  });
  const server = express();
  server.use(pipeline.router);
  server.use(mockErrorHandler());
  return { server, authorize, events, pipeline };
}

const asUser = { Authorization: mockCredentials.user.header() };
const destination = { name: 'tempo', type: 'tempo', signals: ['traces'], values: { endpoint: 'tempo:4317' } };

const MUTATIONS: { method: 'post' | 'put' | 'delete'; path: string; body?: object; permission: string }[] = [
  { method: 'post', path: '/pipeline/clusters/local/destinations', body: destination, permission: 'observability.destination.manage' },
  { method: 'put', path: '/pipeline/clusters/local/destinations/tempo', body: { type: 'tempo', signals: ['traces'] }, permission: 'observability.destination.manage' },
  { method: 'delete', path: '/pipeline/clusters/local/destinations/tempo', permission: 'observability.destination.manage' },
  { method: 'post', path: '/pipeline/clusters/local/destinations/test', body: { ...destination, existing: true }, permission: 'observability.destination.manage' },
  { method: 'put', path: '/pipeline/clusters/local/defaults', body: { samplingRatio: 0.5, propagators: ['tracecontext'] }, permission: 'observability.cluster.manage' },
  { method: 'post', path: '/pipeline/clusters/local/install', body: {}, permission: 'observability.cluster.manage' },
  { method: 'post', path: '/pipeline/clusters/local/uninstall', body: {}, permission: 'observability.cluster.manage' },
];

/** Install and uninstall answer 202 with an operation; the work (and its failure) comes after. */
const OPERATIONS = new Set(['/pipeline/clusters/local/install', '/pipeline/clusters/local/uninstall']);

const READS = [
  '/pipeline/operations/some-id',
  '/pipeline/destination-types',
  '/pipeline/clusters',
  '/pipeline/clusters/local/status',
  '/pipeline/clusters/local/overview',
  '/pipeline/clusters/local/destinations',
  '/pipeline/clusters/local/defaults',
];

/** Polls an operation until it has ended (the cluster is unreachable, so within the timeout). */
async function waitForEnd(server: express.Express, id: string) {
  for (let i = 0; i < 100; i++) {
    const res = await request(server).get(`/pipeline/operations/${id}`).set(asUser);
    expect(res.status).toBe(200);
    if (res.body.state !== 'running') return res.body;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`operation ${id} still running`);
}

describe('pipeline router permissions', () => {
  it.each(MUTATIONS.map(m => [`${m.method.toUpperCase()} ${m.path}`, m] as const))(
    '%s is denied without its permission, and the denial is audited',
    async (_, m) => {
      const { server, authorize, events } = app(AuthorizeResult.DENY);
      const res = await request(server)[m.method](m.path).set(asUser).send(m.body ?? {});
      expect(res.status).toBe(403);
      expect(authorize.mock.calls[0][0][0].permission.name).toBe(m.permission);
      expect(events).toHaveLength(1);
      expect(events[0].outcome).toBe('fail');
    },
  );

  it.each(MUTATIONS.filter(m => !OPERATIONS.has(m.path)).map(m => [`${m.method.toUpperCase()} ${m.path}`, m] as const))(
    '%s passes the permission gate when allowed',
    async (_, m) => {
      const { server, events } = app(AuthorizeResult.ALLOW);
      const res = await request(server)[m.method](m.path).set(asUser).send(m.body ?? {});
      // Past the gate the request reaches the (unreachable) cluster.
      expect([401, 403, 400]).not.toContain(res.status);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(events[0].outcome).toBe('fail');
    },
  );

  it.each(MUTATIONS.filter(m => OPERATIONS.has(m.path)).map(m => [`${m.method.toUpperCase()} ${m.path}`, m] as const))(
    '%s passes the permission gate when allowed and starts an operation',
    async (_, m) => {
      const { server, events } = app(AuthorizeResult.ALLOW);
      const res = await request(server)[m.method](m.path).set(asUser).send(m.body ?? {});
      expect(res.status).toBe(202);
      // The operation then fails reaching the (unreachable) cluster, and so does its audit record.
      const operation = await waitForEnd(server, res.body.id);
      expect(operation).toMatchObject({ cluster: 'local', state: 'failed' });
      expect(events[0].outcome).toBe('fail');
    },
  );

  it.each(MUTATIONS.map(m => [`${m.method.toUpperCase()} ${m.path}`, m] as const))(
    '%s requires a signed-in user',
    async (_, m) => {
      const { server } = app(AuthorizeResult.ALLOW);
      const res = await request(server)[m.method](m.path).send(m.body ?? {});
      expect(res.status).toBe(401);
    },
  );

  it.each(READS)('GET %s requires credentials', async path => {
    const { server } = app(AuthorizeResult.ALLOW);
    expect((await request(server).get(path)).status).toBe(401);
  });

  it('serves the destination definitions to any signed-in user', async () => {
    const { server } = app(AuthorizeResult.DENY);
    const res = await request(server).get('/pipeline/destination-types').set(asUser);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(25);
  });

  it('rejects unknown fields, bad names and secrets sent as values before touching the cluster', async () => {
    const { server, events } = app(AuthorizeResult.ALLOW);
    const cases: [object, RegExp][] = [
      [{ ...destination, extra: 1 }, /unknown field\(s\) extra/],
      [{ ...destination, name: 'Bad_Name' }, /name: must be/],
      [{ ...destination, signals: ['audio'] }, /signals/],
    ];
    for (const [body, message] of cases) {
      const res = await request(server).post('/pipeline/clusters/local/destinations').set(asUser).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(events.every(e => e.outcome === 'fail')).toBe(true);
    const badCluster = await request(server).post('/pipeline/clusters/UPPER/install').set(asUser).send({});
    expect(badCluster.status).toBe(400);
    const unknown = await request(server).post('/pipeline/clusters/nope/install').set(asUser).send({});
    expect(unknown.status).toBe(404);
  });

  it('tests a new destination against its own endpoint only and reports where it stopped', async () => {
    const { server } = app(AuthorizeResult.ALLOW);
    const res = await request(server)
      .post('/pipeline/clusters/local/destinations/test')
      .set(asUser)
      .send({ ...destination, values: { endpoint: 'tempo.invalid:4317' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, stage: 'dns', endpoint: 'tempo.invalid:4317' });
  });

  it('never puts secret values into audit metadata', async () => {
    const { server, events } = app(AuthorizeResult.ALLOW);
    await request(server)
      .post('/pipeline/clusters/local/destinations')
      .set(asUser)
      .send({ ...destination, secrets: { password: 'TOP-SECRET-PW' } });
    expect(JSON.stringify(events)).not.toContain('TOP-SECRET-PW');
  });

  it('answers 404 for an unknown operation, and audits an install when it ends', async () => {
    const { server, events } = app(AuthorizeResult.ALLOW);
    expect((await request(server).get('/pipeline/operations/nope').set(asUser)).status).toBe(404);
    const started = await request(server).post('/pipeline/clusters/local/install').set(asUser).send({});
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ cluster: 'local', action: 'install', version: '0.1.0' });
    const ended = await waitForEnd(server, started.body.id);
    expect(ended.error).toMatch(/connect|ECONNREFUSED|fetch failed/i);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventId: 'pipeline-install', outcome: 'fail' });
  });

  it('rejects a bad install body with 400 before any operation starts', async () => {
    const { server } = app(AuthorizeResult.ALLOW);
    const res = await request(server).post('/pipeline/clusters/local/install').set(asUser).send({ ebpfAgent: 'yes' });
    expect(res.status).toBe(400);
    const next = await request(server).post('/pipeline/clusters/local/install').set(asUser).send({});
    expect(next.status).toBe(202);
    await waitForEnd(server, next.body.id);
  });
});
