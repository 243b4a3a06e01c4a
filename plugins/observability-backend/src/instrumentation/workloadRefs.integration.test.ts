/*
 * Workload references in a plan or apply body, against the local cluster: a reference to a
 * workload that is not the entity's, or to a cluster that is not configured, is refused with
 * what was wrong, and nothing changes.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { WorkloadRef } from '@internal/plugin-observability-common';
import { ensureStackUp, kubeClient, waitForRollout, type KubeClient } from '@internal/test-stack';
import { localInstrumentationService } from './__testUtils__/rolloutFixtures';

const namespace = `it-refs-${Date.now().toString(36)}`;
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

const deployment = (name: string, id: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { 'backstage.io/kubernetes-id': id } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'node:20-bookworm-slim', command: ['node', 'server.js'] }] },
    },
  },
});

jest.setTimeout(120_000);

describe('workload references', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    admin = kubeClient(await ensureStackUp());
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await admin.apply(deployment('ledger', 'ledger'), { fieldManager: 'kubectl', force: false });
    // Another entity's workload in the same namespace.
    await admin.apply(deployment('billing', 'billing'), { fieldManager: 'kubectl', force: false });
    await waitForRollout(admin, namespace, 'billing', 60_000);
  }, 1_800_000);

  afterAll(async () => {
    await admin?.call('DELETE', `/api/v1/namespaces/${namespace}`);
  });

  it('refuses a workload that is not the entity\'s and a cluster that is not configured, changing nothing', async () => {
    const { service, changes } = await localInstrumentationService(await ensureStackUp(), databases, 30_000);
    const ref = (cluster: string, name: string): WorkloadRef => ({ cluster, kind: 'Deployment', namespace, name });
    const before = await admin.get('apps/v1', 'Deployment', 'billing', namespace);

    await expect(service.apply(entity, { workloads: [ref('local', 'billing')] }, 'user:default/olu')).rejects.toThrow(
      `Not workloads of component:default/ledger: local/Deployment/${namespace}/billing`,
    );
    await expect(service.apply(entity, { workloads: [ref('staging', 'ledger')] }, 'user:default/olu')).rejects.toThrow(
      "Unknown cluster 'staging' (known: local)",
    );
    // The known workload still plans, so the refusals were about the references alone.
    const { plans } = await service.plan(entity, { workloads: [ref('local', 'ledger')] });
    expect(plans.map(p => p.name)).toEqual(['ledger']);

    const after = await admin.get('apps/v1', 'Deployment', 'billing', namespace);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(await changes.list('component:default/ledger')).toEqual([]);
  });
});
