import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';

const checkout = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkout' },
  },
  spec: { type: 'service', owner: 'team-payments', system: 'shop' },
};

/** A backend whose permission decisions deny exactly the named permissions. */
async function backend(denied: string[] = []) {
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[]) =>
      requests.map(r => ({
        result: denied.includes(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
  });
  const auditEvents: Array<{ eventId: string; outcome: string }> = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId }: { eventId: string }) => ({
      success: async () => void auditEvents.push({ eventId, outcome: 'success' }),
      fail: async () => void auditEvents.push({ eventId, outcome: 'fail' }),
    }),
  } as any);
  const { server } = await startTestBackend({
    features: [
      observabilityPlugin,
      catalogServiceMock.factory({ entities: [checkout] }),
      permissions.factory,
      auditor.factory,
    ],
  });
  return { server, auditEvents };
}

const base = '/api/observability/entities/component/default/checkout';

describe('instrumentation routes', () => {
  it.each([
    ['get', '/workloads'],
    ['post', '/instrumentation/plan'],
    ['post', '/instrumentation/export'],
  ] as const)('%s %s needs read access to the entity', async (method, path) => {
    const allowed = await backend();
    expect((await request(allowed.server)[method](`${base}${path}`).send({})).status).toBe(200);
    const denied = await backend(['observability.entity.read']);
    const response = await request(denied.server)[method](`${base}${path}`).send({});
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('observability.entity.read');
  });

  it.each(['apply', 'uninstrument'])(
    'POST %s needs the instrument permission and is audited either way',
    async action => {
      const allowed = await backend();
      const ok = await request(allowed.server).post(`${base}/instrumentation/${action}`).send({});
      expect(ok.status).toBe(202);
      expect(ok.body).toMatchObject({ entityRef: 'component:default/checkout', results: [] });
      expect(allowed.auditEvents).toEqual([
        { eventId: action === 'apply' ? 'instrument' : 'uninstrument', outcome: 'success' },
      ]);

      const denied = await backend(['observability.entity.instrument']);
      const refused = await request(denied.server).post(`${base}/instrumentation/${action}`).send({});
      expect(refused.status).toBe(403);
      expect(denied.auditEvents).toEqual([
        { eventId: action === 'apply' ? 'instrument' : 'uninstrument', outcome: 'fail' },
      ]);
    },
  );

  it('lets the caller follow an operation it started, and 404s unknown ones', async () => {
    const { server } = await backend();
    const started = await request(server).post(`${base}/instrumentation/apply`).send({});
    const op = await request(server).get(`/api/observability/operations/${started.body.id}`);
    expect(op.status).toBe(200);
    expect(op.body.state).toBe('succeeded');
    expect((await request(server).get('/api/observability/operations/nope')).status).toBe(404);
  });

  it('rejects bad input and unknown entities or workloads, changing nothing', async () => {
    const { server, auditEvents } = await backend();
    const unknownField = await request(server)
      .post(`${base}/instrumentation/apply`)
      .send({ force: true });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toContain('Unrecognized key');

    const badRef = await request(server)
      .post(`${base}/instrumentation/plan`)
      .send({ workloads: [{ cluster: 'local', kind: 'Pod', namespace: 'shop', name: 'x' }] });
    expect(badRef.status).toBe(400);

    const unknownWorkload = await request(server)
      .post(`${base}/instrumentation/apply`)
      .send({ workloads: [{ cluster: 'local', kind: 'Deployment', namespace: 'shop', name: 'x' }] });
    expect(unknownWorkload.status).toBe(400);
    expect(unknownWorkload.body.error.message).toContain(
      'Not workloads of component:default/checkout: local/Deployment/shop/x',
    );

    const missing = await request(server)
      .post('/api/observability/entities/component/default/nope/instrumentation/apply')
      .send({});
    expect(missing.status).toBe(404);

    const badPath = await request(server).get('/api/observability/entities/component/default/a%20b/workloads');
    expect(badPath.status).toBe(400);
    expect(auditEvents.map(e => e.outcome)).toEqual(['fail', 'fail', 'fail']);
  });
});
