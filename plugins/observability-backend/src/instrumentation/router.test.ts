import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
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

type RootConfigData = NonNullable<Parameters<typeof mockServices.rootConfig.factory>[0]>['data'];

/**
 * A backend whose permission decisions deny exactly the named permissions (read when asked,
 * so a test may change them), with optional root config.
 */
async function backend(denied: string[] = [], config?: RootConfigData) {
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
      ...(config ? [mockServices.rootConfig.factory({ data: config })] : []),
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

  it('GET /operations/:id needs read access to the operation\'s entity, and credentials', async () => {
    const denied: string[] = [];
    const { server } = await backend(denied);
    const started = await request(server).post(`${base}/instrumentation/apply`).send({});
    const url = `/api/observability/operations/${started.body.id}`;
    const allowed = await request(server).get(url).set('Authorization', mockCredentials.user.header());
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ id: started.body.id, entityRef: 'component:default/checkout' });

    denied.push('observability.entity.read');
    const refused = await request(server).get(url).set('Authorization', mockCredentials.user.header());
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('observability.entity.read on component:default/checkout');

    const anonymous = await request(server).get(url).set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('names a cluster that is unknown or cannot be read, changing nothing', async () => {
    const unreachable = {
      name: 'offline',
      url: 'https://127.0.0.1:9',
      authProvider: 'serviceAccount',
      serviceAccountToken: 't',
      skipTLSVerify: true,
    };
    const { server, auditEvents } = await backend([], {
      kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [unreachable] }] },
    });
    const ref = (cluster: string) => ({ workloads: [{ cluster, kind: 'Deployment', namespace: 'shop', name: 'checkout' }] });

    const unknown = await request(server).post(`${base}/instrumentation/apply`).send(ref('staging'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe("Unknown cluster 'staging' (known: offline)");
    const planned = await request(server).post(`${base}/instrumentation/plan`).send(ref('staging'));
    expect(planned.status).toBe(400);

    const offline = await request(server).post(`${base}/instrumentation/apply`).send(ref('offline'));
    expect(offline.status).toBe(503);
    expect(offline.body.error.message).toMatch(/^Cannot read cluster 'offline': /);
    expect(auditEvents).toEqual([
      { eventId: 'instrument', outcome: 'fail' },
      { eventId: 'instrument', outcome: 'fail' },
    ]);
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

    // No cluster is configured here: an unknown workload is in workloadRefs.integration.test.ts.
    const unknownCluster = await request(server)
      .post(`${base}/instrumentation/apply`)
      .send({ workloads: [{ cluster: 'local', kind: 'Deployment', namespace: 'shop', name: 'x' }] });
    expect(unknownCluster.status).toBe(400);
    expect(unknownCluster.body.error.message).toBe("Unknown cluster 'local' (known: none configured)");

    const missing = await request(server)
      .post('/api/observability/entities/component/default/nope/instrumentation/apply')
      .send({});
    expect(missing.status).toBe(404);

    const badPath = await request(server).get('/api/observability/entities/component/default/a%20b/workloads');
    expect(badPath.status).toBe(400);
    expect(auditEvents.map(e => e.outcome)).toEqual(['fail', 'fail', 'fail']);
  });
});
