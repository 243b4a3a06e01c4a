import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';

const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations: { 'backstage.io/kubernetes-id': name } },
  spec: { owner, system: 'shop', type: 'service', lifecycle: 'production' },
});

describe('GET /coverage/history', () => {
  it('serves the snapshots the scheduled task takes, and validates its query', async () => {
    const scheduler = mockServices.scheduler.mock();
    const { server } = await startTestBackend({
      features: [
        observabilityPlugin,
        scheduler.factory,
        catalogServiceMock.factory({
          entities: [component('checkout', 'team-payments'), component('storefront', 'team-web')],
        }),
        mockServices.rootConfig.factory({
          data: { observability: { coverage: { snapshotIntervalMinutes: 30 } } },
        }),
      ],
    });

    const task = scheduler.scheduleTask.mock.calls
      .map(([definition]) => definition as SchedulerServiceTaskScheduleDefinition & SchedulerServiceTaskInvocationDefinition)
      .find(definition => definition.id === 'observability-coverage-snapshot');
    expect(task?.frequency).toEqual({ minutes: 30 });

    const before = await request(server).get('/api/observability/coverage/history');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ points: [], intervalMinutes: 30 });

    await task!.fn(new AbortController().signal);

    const all = await request(server).get('/api/observability/coverage/history?days=7');
    expect(all.body.points).toEqual([
      expect.objectContaining({ scope: 'all', group: 'all', components: 2, instrumented: 0, emitting: 0 }),
    ]);
    const owners = await request(server).get('/api/observability/coverage/history?scope=owner');
    expect(owners.body.points.map((p: { group: string }) => p.group)).toEqual([
      'team-payments',
      'team-web',
    ]);

    const invalid = await request(server).get('/api/observability/coverage/history?days=0&x=1');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/days|unrecognized|x/);

    const anonymous = await request(server)
      .get('/api/observability/coverage/history')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});
