import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';

/*
 * The trace routes as the plugin mounts them: the entity a request names is checked against
 * the real permission and catalog services of the backend, not a router-level stand-in.
 */
async function backend(deniedRefs: string[] = []) {
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: AuthorizePermissionRequest[]) =>
      requests.map(r => ({
        result:
          'resourceRef' in r && deniedRefs.includes(String(r.resourceRef))
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  const { server } = await startTestBackend({
    features: [
      observabilityPlugin,
      permissions.factory,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'cart', namespace: 'default' },
            spec: { type: 'service', owner: 'team-shop' },
          },
        ],
      }),
    ],
  });
  return server;
}

const search = (entity: string) =>
  `/api/observability/traces/search?entityRef=component:default/${entity}`;

describe('trace routes in the plugin', () => {
  it('authorize the entity a request names through the plugin’s catalog and permissions', async () => {
    // No Tempo is configured: a request that passes the entity checks ends in a 503.
    const allowed = await backend();
    const passed = await request(allowed).get(search('cart'));
    expect(passed.status).toBe(503);
    expect(passed.body.error.message).toMatch(/No Tempo is configured/);

    const unknown = await request(allowed).get(search('nowhere'));
    expect(unknown.status).toBe(404);

    const denied = await backend(['component:default/cart']);
    const refused = await request(denied).get(search('cart'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/observability\.entity\.read/);
  });
});
