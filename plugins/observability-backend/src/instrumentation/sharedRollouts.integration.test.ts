/*
 * One apply to several workloads in one namespace on the local cluster: the rollouts are
 * watched from shared namespace reads, and the stored operation is what another backend
 * replica on the same database answers with, while it runs and when it is done.
 */
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ensureStackUp, kubeClient, waitForRollout, type KubeClient } from '@internal/test-stack';
import { ChangeLog } from '../changes/ChangeLog';
import { localStackRegistry } from '../testing/localStackCluster';
import { WorkloadResolver } from '../workloads/WorkloadResolver';
import { ownerNodeDeployment } from './__testUtils__/rolloutFixtures';
import { InstrumentationService } from './InstrumentationService';
import { OperationStore } from './OperationStore';

const namespace = `it-shared-rollouts-${Date.now().toString(36)}`;
let admin: KubeClient;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/part-of=shop',
      'backstage.io/kubernetes-namespace': namespace,
    },
  },
  spec: { type: 'service', owner: 'team-web' },
};

function shopDeployment(name: string) {
  const deployment = ownerNodeDeployment(name, namespace, {});
  return { ...deployment, metadata: { ...deployment.metadata, labels: { 'app.kubernetes.io/part-of': 'shop' } } };
}

jest.setTimeout(300_000);

describe('rollouts of one namespace', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    admin = kubeClient(await ensureStackUp());
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  }, 1_800_000);

  afterAll(async () => {
    await admin?.call('DELETE', `/api/v1/namespaces/${namespace}`);
  });

  it('are watched from shared namespace reads, and another replica follows the stored operation', async () => {
    const info = await ensureStackUp();
    for (const name of ['cart', 'checkout']) {
      await admin.apply(shopDeployment(name), { fieldManager: 'kubectl', force: false });
      await waitForRollout(admin, namespace, name, 120_000);
    }
    const knex = await databases.init('SQLITE_3');
    const replica = async () => {
      const database = mockServices.database({ knex });
      const clusters = localStackRegistry(info);
      const service = new InstrumentationService({
        clusters,
        workloads: new WorkloadResolver(clusters),
        changes: await ChangeLog.create(database),
        operations: await OperationStore.create(database),
        logger: mockServices.logger.mock(),
        settings: { sampling: { ratio: 1, propagators: ['tracecontext'] }, rollout: { timeoutMs: 90_000, pollMs: 500 } },
      });
      return { service, client: clusters.get('local') };
    };
    const first = await replica();
    const second = await replica();
    // Observed, not faked: which reads the watcher sends to the real API server.
    const namespaceReads = jest.spyOn(first.client.apps, 'listNamespacedReplicaSet');

    const started = await first.service.apply(entity, {}, 'user:default/olu');
    expect(started.results.map(r => [r.workload.name, r.outcome])).toEqual([
      ['cart', 'applied'],
      ['checkout', 'applied'],
    ]);
    const running = await second.service.getOperation(started.id);
    expect(running).toMatchObject({ id: started.id, state: 'running', results: started.results });

    const finished = await first.service.settled(started.id, 120_000);
    expect(finished?.state).toBe('succeeded');
    for (const rollout of finished!.rollouts) {
      const replicaSets = await admin.list('apps/v1', 'ReplicaSet', namespace, `app=${rollout.workload.name}`);
      const instrumented = replicaSets.find(
        rs => rs.spec.template.metadata.annotations?.['observability.backstage.io/instrumentation'],
      );
      expect(rollout).toMatchObject({ phase: 'complete', ready: 1, replicaSet: { name: instrumented.metadata.name } });
    }
    expect(namespaceReads).toHaveBeenCalled();
    expect(namespaceReads.mock.calls.every(([request]) => request.labelSelector === undefined)).toBe(true);
    expect(await second.service.getOperation(started.id)).toEqual(finished);
  });
});
