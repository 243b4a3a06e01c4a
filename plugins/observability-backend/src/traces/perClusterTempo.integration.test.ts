/*
 * Per-cluster Tempo against the real stack: the stack's Tempo is configured for the stack's
 * cluster, the global Tempo is unreachable. An entity running in that cluster is searched on
 * its cluster's Tempo only; the Traces page (no entity) reports the global one as failed.
 */
import { ConfigReader } from '@backstage/config';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { applyDemo, ensureStackUp, type StackInfo } from '@internal/test-stack';
import express from 'express';
import request from 'supertest';
import {
  checkTempoClusters,
  readObservabilityConfig,
} from '../config/observabilityConfig';
import { EntityAccess } from '../entities/EntityAccess';
import { localStackRegistry } from '../testing/localStackCluster';
import { WorkloadResolver } from '../workloads/WorkloadResolver';
import { createTracesRouterFromConfig } from './createTracesRouterFromConfig';

jest.setTimeout(300_000);

const CLUSTER = 'local';
const asUser = { Authorization: mockCredentials.user.header() };

let info: StackInfo;
let resolver: WorkloadResolver;

beforeAll(async () => {
  info = await ensureStackUp();
  await applyDemo(info);
  resolver = new WorkloadResolver(localStackRegistry(info));
}, 1_800_000);

function tracesApp(tempo: object) {
  const config = readObservabilityConfig(
    new ConfigReader({ observability: { tempo, requestTimeoutMs: 2_000 } }),
  );
  checkTempoClusters(config, [CLUSTER]);
  const app = express();
  app.use(
    createTracesRouterFromConfig(config, {
      httpAuth: mockServices.httpAuth(),
      entities: new EntityAccess(
        catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'checkout',
                namespace: 'default',
                annotations: {
                  'backstage.io/kubernetes-id': 'checkout',
                  'backstage.io/kubernetes-namespace': 'shop',
                },
              },
              spec: { type: 'service', owner: 'team-shop' },
            },
          ],
        }),
        mockServices.permissions(),
      ),
      logger: mockServices.logger.mock(),
      workloads: resolver,
    }),
  );
  app.use(mockErrorHandler());
  return app;
}

const unreachableGlobal = 'http://127.0.0.1:1';

describe('per-cluster Tempo against the stack', () => {
  it('searches an entity on the Tempo of the cluster it runs in, not the global one', async () => {
    const [local] = await resolver.resolve({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        annotations: {
          'backstage.io/kubernetes-id': 'checkout',
          'backstage.io/kubernetes-namespace': 'shop',
        },
      },
    });
    expect(local).toMatchObject({ cluster: CLUSTER });
    expect(local.workloads.length).toBeGreaterThan(0);

    const app = tracesApp({
      url: unreachableGlobal,
      clusters: { [CLUSTER]: { url: info.tempo.httpUrl } },
    });
    const entitySearch = await request(app)
      .get('/traces/search?entityRef=component:default/checkout')
      .set(asUser);
    expect(entitySearch.status).toBe(200);
    expect(entitySearch.body.query).toBe(
      '{ resource.service.name = "checkout" }',
    );
    expect(entitySearch.body.errors).toBeUndefined();

    // Without an entity every instance is asked: the global one fails, and says so.
    const pageSearch = await request(app).get('/traces/search').set(asUser);
    expect(pageSearch.status).toBe(200);
    expect(pageSearch.body.errors).toEqual([
      {
        instance: 'global',
        message: expect.stringMatching(/127\.0\.0\.1:1 is unreachable/),
      },
    ]);
  });

  it('uses the global Tempo for an entity when its cluster has none of its own', async () => {
    const app = tracesApp({ url: unreachableGlobal });
    const res = await request(app)
      .get('/traces/search?entityRef=component:default/checkout')
      .set(asUser);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/127\.0\.0\.1:1 is unreachable/);
  });
});
