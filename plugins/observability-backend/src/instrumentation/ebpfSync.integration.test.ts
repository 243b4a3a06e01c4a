/*
 * Compiled workloads go to the eBPF agent: applying and removing tracing on the local cluster
 * must hand the pipeline the full, current list of eBPF-routed workloads, and use the
 * cluster's sampling defaults.
 */
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ensureStackUp, kubeClient, waitForRollout, type KubeClient } from '@internal/test-stack';
import { ChangeLog } from '../changes/ChangeLog';
import { localStackRegistry } from '../testing/localStackCluster';
import { WorkloadResolver } from '../workloads/WorkloadResolver';
import { InstrumentationService, type PipelineHooks } from './InstrumentationService';
import { OperationStore } from './OperationStore';

// Rollouts on a shared 2-core machine take seconds, not milliseconds.
jest.setTimeout(300_000);

const namespace = `it-ebpf-${Date.now().toString(36)}`;
let admin: KubeClient;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'ledger', 'backstage.io/kubernetes-namespace': namespace },
  },
  spec: { type: 'service', owner: 'team-payments' },
};

describe('eBPF discovery follows instrumentation', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  afterAll(async () => {
    await admin?.call('DELETE', `/api/v1/namespaces/${namespace}`);
  });

  it('syncs the eBPF-routed workloads after apply and after removal', async () => {
    const info = await ensureStackUp();
    admin = kubeClient(info);
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await admin.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ledger', namespace, labels: { 'backstage.io/kubernetes-id': 'ledger' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'ledger' } },
          template: {
            metadata: { labels: { app: 'ledger' } },
            spec: { containers: [{ name: 'app', image: 'ghcr.io/example/ledger:1.0.0', command: ['/ledger'], env: [{ name: 'GOMAXPROCS', value: '2' }] }] },
          },
        },
      },
      { fieldManager: 'kubectl', force: false },
    );
    await waitForRollout(admin, namespace, 'ledger', 120_000);

    const synced: Array<Array<{ namespace: string; name: string }>> = [];
    const pipeline: PipelineHooks = {
      getDefaults: async () => ({ samplingRatio: 0.25, propagators: ['tracecontext'] }),
      syncEbpfWorkloads: async (_cluster, workloads) => {
        synced.push(workloads.filter(w => w.namespace === namespace));
        return true;
      },
    };
    const clusters = localStackRegistry(info);
    const database = mockServices.database({ knex: await databases.init('SQLITE_3') });
    const service = new InstrumentationService({
      clusters,
      workloads: new WorkloadResolver(clusters),
      changes: await ChangeLog.create(database),
      operations: await OperationStore.create(database),
      logger: mockServices.logger.mock(),
      settings: { sampling: { ratio: 1, propagators: ['tracecontext', 'baggage'] }, rollout: { timeoutMs: 90_000, pollMs: 500 } },
      pipeline,
    });

    const plan = await service.planResponse(entity, {});
    expect(plan.plans[0].containers[0]).toMatchObject({ language: 'go', strategy: 'ebpf', action: 'instrument' });
    const applied = await service.apply(entity, {}, 'user:default/pia');
    expect((await service.settled(applied.id, 120_000))?.state).toBe('succeeded');
    expect(synced.at(-1)).toEqual([{ cluster: 'local', namespace, kind: 'Deployment', name: 'ledger' }]);

    const removed = await service.uninstrument(entity, {}, 'user:default/pia');
    expect((await service.settled(removed.id, 120_000))?.state).toBe('succeeded');
    expect(synced.at(-1)).toEqual([]);
  });
});
