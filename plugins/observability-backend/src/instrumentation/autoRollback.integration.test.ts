/*
 * Automatic rollback on the local cluster: a KWOK Stage makes pods that carry the product's
 * instrumentation crash-loop (as a broken agent would), and the service must notice, remove
 * the agent and report why.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  ensureStackUp,
  kubeClient,
  waitForRollout,
  type KubeClient,
} from '@internal/test-stack';
import { localInstrumentationService, ownerNodeDeployment } from './__testUtils__/rolloutFixtures';

const runId = Date.now().toString(36);
const namespace = `it-rollback-${runId}`;
const CRASH_LABEL = 'test.observability.backstage.io/crash-when-instrumented';
let admin: KubeClient;

/** Pods with the agent and the test label: Running+Ready → CrashLoopBackOff, once. */
const crashStage = {
  apiVersion: 'kwok.x-k8s.io/v1alpha1',
  kind: 'Stage',
  // Per run: Stages are cluster-wide, and one run's clean-up must not remove another's.
  metadata: { name: `observability-test-crash-when-instrumented-${runId}` },
  spec: {
    resourceRef: { apiGroup: 'v1', kind: 'Pod' },
    selector: {
      matchExpressions: [
        { key: `.metadata.labels["${CRASH_LABEL}"]`, operator: 'In', values: ['true'] },
        { key: '.metadata.annotations["observability.backstage.io/instrumentation"]', operator: 'Exists' },
        { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
        { key: '.status.phase', operator: 'In', values: ['Running'] },
        { key: '.status.conditions.[] | select( .type == "Ready" ) | .status', operator: 'In', values: ['True'] },
      ],
    },
    weight: 10000,
    next: {
      statusTemplate: [
        '{{ $now := Now }}',
        'conditions:',
        '- lastTransitionTime: {{ $now | Quote }}',
        '  status: "False"',
        '  type: Ready',
        '- lastTransitionTime: {{ $now | Quote }}',
        '  status: "False"',
        '  type: ContainersReady',
        'containerStatuses:',
        '{{ range .spec.containers }}',
        '- name: {{ .name | Quote }}',
        '  image: {{ .image | Quote }}',
        '  ready: false',
        '  restartCount: 4',
        '  state:',
        '    waiting:',
        '      reason: CrashLoopBackOff',
        '      message: back-off 40s restarting failed container',
        '{{ end }}',
      ].join('\n'),
    },
  },
};

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fragile',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'fragile',
      'backstage.io/kubernetes-namespace': namespace,
    },
  },
  spec: { type: 'service', owner: 'team-web' },
};

// Rollouts on a shared 2-core machine take seconds, not milliseconds.
jest.setTimeout(300_000);

describe('automatic rollback', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    const info = await ensureStackUp();
    admin = kubeClient(info);
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await admin.apply(crashStage);
  }, 1_800_000);

  afterAll(async () => {
    await admin?.call('DELETE', `/api/v1/namespaces/${namespace}`);
    await admin?.call('DELETE', `/apis/kwok.x-k8s.io/v1alpha1/stages/${crashStage.metadata.name}`);
  });

  it('removes the agent from a workload whose instrumented pods crash-loop, and says why', async () => {
    const info = await ensureStackUp();
    await admin.apply(ownerNodeDeployment('fragile', namespace, { [CRASH_LABEL]: 'true' }), {
      fieldManager: 'kubectl',
      force: false,
    });
    const before = await waitForRollout(admin, namespace, 'fragile', 120_000);

    const { service, changes } = await localInstrumentationService(info, databases, 90_000);

    const started = await service.apply(entity, {}, 'user:default/olu');
    expect(started.results.map(r => r.outcome)).toEqual(['applied']);
    const finished = await service.settled(started.id, 120_000);
    expect(finished?.state).toBe('rolled-back');
    expect(finished?.rollouts[0].message).toMatch(/^Rolled back automatically: New pods crash-loop: .*CrashLoopBackOff/);
    // Progress named the ReplicaSet of the instrumented template (it stays, scaled down).
    const replicaSets = await admin.list('apps/v1', 'ReplicaSet', namespace, 'app=fragile');
    const instrumented = replicaSets.find(rs => rs.spec.template.metadata.annotations?.['observability.backstage.io/instrumentation']);
    expect(finished?.rollouts[0].replicaSet?.name).toBe(instrumented.metadata.name);

    const after = await waitForRollout(admin, namespace, 'fragile', 120_000);
    const template = JSON.parse(JSON.stringify(after.spec.template));
    delete template.metadata.annotations['observability.backstage.io/restartedAt'];
    if (!Object.keys(template.metadata.annotations).length) delete template.metadata.annotations;
    expect(template).toEqual(before.spec.template);

    const history = await changes.list('component:default/fragile');
    expect(history.map(h => [h.action, h.outcome])).toEqual([
      ['rollback', 'applied'],
      ['instrument', 'applied'],
    ]);
  });
});
