import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Operation } from '@internal/plugin-observability-common';
import { ChangeLog } from '../changes/ChangeLog';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { WorkloadResolver } from '../workloads/WorkloadResolver';
import { InstrumentationService } from './InstrumentationService';
import { OperationRecorder, OperationStore } from './OperationStore';

const workload = { cluster: 'local', kind: 'Deployment' as const, namespace: 'shop', name: 'checkout' };

function runningOperation(id: string): Operation {
  return {
    id,
    entityRef: 'component:default/checkout',
    action: 'instrument',
    state: 'running',
    results: [{ workload, outcome: 'applied', message: 'Instrumented', steps: [{ step: 'apply', ok: true }], conflicts: [] }],
    rollouts: [{ workload, phase: 'progressing', desired: 2, updated: 1, ready: 0, message: '1 of 2 pods updated' }],
    startedAt: '2026-12-03T10:00:00.000Z',
  };
}

describe('OperationStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  /** Two database services on one database: what two backend replicas see. */
  async function twoReplicas(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    return [mockServices.database({ knex }), mockServices.database({ knex })] as const;
  }

  it.each(databases.eachSupportedId())('lets another store read and follow what one store wrote (%p)', async id => {
    const [first, second] = await twoReplicas(id);
    const writer = await OperationStore.create(first);
    const reader = await OperationStore.create(second);
    const operation = runningOperation('op-1');
    await writer.insert(operation, 60_000);
    expect(await reader.get('op-1')).toEqual(operation);

    operation.rollouts[0] = { ...operation.rollouts[0], phase: 'complete', updated: 2, ready: 2, message: 'All 2 pods ready' };
    operation.state = 'succeeded';
    operation.finishedAt = '2026-12-03T10:01:00.000Z';
    await writer.update(operation, 60_000);
    expect(await reader.get('op-1')).toEqual(operation);
    expect(await reader.get('op-unknown')).toBeUndefined();
  });

  it.each(databases.eachSupportedId())(
    'reads a running operation whose backend stopped writing as failed, on every replica (%p)',
    async id => {
      const [first, second] = await twoReplicas(id);
      const writer = await OperationStore.create(first, { now: () => new Date('2026-12-03T10:00:30.000Z') });
      await writer.insert(runningOperation('op-2'), 60_000);
      // Within the lease it is still running.
      const early = await OperationStore.create(second, { now: () => new Date('2026-12-03T10:01:00.000Z') });
      expect((await early.get('op-2'))?.state).toBe('running');

      const late = await OperationStore.create(second, { now: () => new Date('2026-12-03T10:05:00.000Z') });
      const interrupted = await late.get('op-2');
      expect(interrupted).toMatchObject({ state: 'failed', finishedAt: '2026-12-03T10:00:30.000Z' });
      expect(interrupted?.results).toEqual(runningOperation('op-2').results);
      expect(interrupted?.rollouts[0].phase).toBe('failed');
      expect(interrupted?.rollouts[0].message).toContain(
        'the backend watching this rollout stopped (last update 2026-12-03T10:00:30.000Z), so it was neither confirmed nor rolled back automatically',
      );
      expect(interrupted?.rollouts[0].message).toContain('Last seen: 1 of 2 pods updated');
      // Written back: the writer's replica, whose clock is still within the lease, says the same.
      expect(await writer.get('op-2')).toEqual(interrupted);
    },
  );

  it.each(databases.eachSupportedId())('coalesces a burst of changes and stores the latest on flush (%p)', async id => {
    const [database] = await twoReplicas(id);
    const store = await OperationStore.create(database);
    const update = jest.spyOn(store, 'update');
    const operation = runningOperation('op-3');
    const recorder = new OperationRecorder(store, operation, {
      leaseMs: 60_000,
      minIntervalMs: 60_000,
      logger: mockServices.logger.mock(),
    });
    await recorder.start();
    for (let ready = 0; ready <= 2; ready++) {
      operation.rollouts[0] = { ...operation.rollouts[0], ready, message: `${ready} of 2 pods ready` };
      recorder.changed();
    }
    await recorder.flush();
    expect(update).toHaveBeenCalledTimes(1);
    expect((await store.get('op-3'))?.rollouts[0]).toMatchObject({ ready: 2, message: '2 of 2 pods ready' });
  });

  it.each(databases.eachSupportedId())(
    'a second InstrumentationService on the same database answers for the first one\'s operation (%p)',
    async id => {
      const [first, second] = await twoReplicas(id);
      const service = async (database: typeof first) => {
        const clusters = new ClusterRegistry([]);
        return new InstrumentationService({
          clusters,
          workloads: new WorkloadResolver(clusters),
          changes: await ChangeLog.create(database),
          operations: await OperationStore.create(database),
          logger: mockServices.logger.mock(),
          settings: { sampling: { ratio: 1, propagators: ['tracecontext'] }, rollout: { timeoutMs: 10_000, pollMs: 100 } },
        });
      };
      const entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout', namespace: 'default', annotations: { 'backstage.io/kubernetes-id': 'checkout' } },
        spec: { owner: 'team-payments' },
      };
      const started = await (await service(first)).apply(entity, {}, 'user:default/olu');
      const elsewhere = await (await service(second)).getOperation(started.id);
      expect(elsewhere).toEqual(started);
      expect(elsewhere).toMatchObject({ entityRef: 'component:default/checkout', action: 'instrument', state: 'succeeded' });
    },
  );
});
