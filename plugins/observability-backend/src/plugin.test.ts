import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServer, type Server, type Socket } from 'node:net';
import request from 'supertest';
import { observabilityPlugin } from './plugin';

/** A TCP server that accepts connections and never answers: a hung endpoint. */
const openSockets = new Set<Socket>();
async function startSilentServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(socket => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** A port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const { server, port } = await startSilentServer();
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('observability backend plugin', () => {
  let silent: { server: Server; port: number };
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => {
    openSockets.forEach(socket => socket.destroy());
    await new Promise(resolve => silent.server.close(resolve));
  });

  it('reports every configured endpoint on /health, reachable or not, with the reason', async () => {
    const refused = await closedPort();
    const { server } = await startTestBackend({
      features: [
        observabilityPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'offline',
                      url: `https://127.0.0.1:${refused}`,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'do-not-echo-me',
                      skipTLSVerify: true,
                    },
                    { name: 'aws', url: 'https://eks:443', authProvider: 'aws' },
                  ],
                },
              ],
            },
            observability: {
              requestTimeoutMs: 500,
              tempo: { url: `http://127.0.0.1:${silent.port}` },
              prometheus: { url: `http://127.0.0.1:${refused}` },
            },
          },
        }),
      ],
    });

    const response = await request(server).get('/api/observability/health');
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain('do-not-echo-me');
    const [offline, aws] = response.body.clusters;
    expect(offline).toMatchObject({ name: 'offline', reachable: false });
    expect(offline.error).toMatch(/ECONNREFUSED|connect/i);
    expect(aws).toMatchObject({
      name: 'aws',
      reachable: false,
      error: "authProvider 'aws' is not supported by the observability plugin (use serviceAccount)",
    });
    expect(response.body.tempo).toMatchObject({ name: 'tempo', reachable: false });
    expect(response.body.tempo.error).toMatch(/within 500 ms|aborted|timeout/i);
    expect(response.body.tempo.latencyMs).toBeGreaterThanOrEqual(450);
    expect(response.body.prometheus).toMatchObject({ name: 'prometheus', reachable: false });
  });

  it('checks each cluster\'s own Tempo when only per-cluster instances are configured', async () => {
    const refused = await closedPort();
    const { server } = await startTestBackend({
      features: [
        observabilityPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    { name: 'eu', url: `https://127.0.0.1:${refused}`, authProvider: 'serviceAccount', serviceAccountToken: 't', skipTLSVerify: true },
                  ],
                },
              ],
            },
            observability: {
              requestTimeoutMs: 500,
              tempo: { clusters: { eu: { url: `http://127.0.0.1:${refused}`, token: 'never-echoed' } } },
            },
          },
        }),
      ],
    });
    const response = await request(server).get('/api/observability/health');
    expect(response.status).toBe(200);
    expect(response.body.tempo).toBeNull();
    expect(response.body.tempoClusters).toEqual([
      expect.objectContaining({ name: 'tempo (cluster eu)', url: `http://127.0.0.1:${refused}`, reachable: false }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain('never-echoed');
  });

  it('says nothing is configured rather than failing', async () => {
    const { server } = await startTestBackend({ features: [observabilityPlugin] });
    const response = await request(server).get('/api/observability/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ clusters: [], tempo: null, prometheus: null });
  });

  it.each([
    // Health is for signed-in users and for other backends (e.g. a status page).
    ['/health', { clusters: [], tempo: null, prometheus: null }, 200],
    // Coverage lists entities the catalog lets the user see: only users have a catalog view.
    ['/coverage', { entities: [expect.objectContaining({ entityRef: 'component:default/checkout' })] }, 403],
  ])('GET %s: 401 without credentials, allowed for a user', async (path, body, forService) => {
    const checkout = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', namespace: 'default', annotations: { 'backstage.io/kubernetes-id': 'checkout' } },
      spec: { type: 'service', owner: 'team-payments' },
    };
    const { server } = await startTestBackend({
      features: [observabilityPlugin, catalogServiceMock.factory({ entities: [checkout] })],
    });
    const url = `/api/observability${path}`;
    const anonymous = await request(server).get(url).set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const user = await request(server).get(url).set('Authorization', mockCredentials.user.header());
    expect(user.status).toBe(200);
    expect(user.body).toMatchObject(body);
    const service = await request(server).get(url).set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(forService);
  });

  it('fails start-up on invalid config, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          observabilityPlugin,
          mockServices.rootConfig.factory({
            data: { observability: { tempo: { url: 'tempo:3200' } } },
          }),
        ],
      }),
    ).rejects.toThrow(/observability\.tempo\.url/);
  });
});
