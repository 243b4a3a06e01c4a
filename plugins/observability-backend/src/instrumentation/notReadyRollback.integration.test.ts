/*
 * Automatic rollback of a rollout that never becomes ready, on the local cluster: a KWOK
 * Stage starts instrumented pods without ever making them Ready (as an agent that hangs the
 * app's start would), so only the rollout timeout can end it.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { INSTRUMENTATION_ANNOTATION, RESTARTED_AT_ANNOTATION } from '@internal/plugin-observability-common';
import { ensureStackUp, kubeClient, waitForRollout, type KubeClient } from '@internal/test-stack';
import { localInstrumentationService, ownerNodeDeployment } from './__testUtils__/rolloutFixtures';

const runId = Date.now().toString(36);
const namespace = `it-not-ready-${runId}`;
const NEVER_READY_LABEL = 'test.observability.backstage.io/never-ready-when-instrumented';
const ROLLOUT_TIMEOUT_MS = 15_000;
let admin: KubeClient;

/**
 * Instrumented pods with the test label: Pending → Running with Ready False, for good. It
 * matches what the stack's KWOK pod-ready stage matches (Pending, not Ready); that stage has
 * weight 0, so where both match this one always wins, and everywhere else pod-ready runs.
 */
const neverReadyStage = {
  apiVersion: 'kwok.x-k8s.io/v1alpha1',
  kind: 'Stage',
  // Per run and per namespace: Stages are cluster-wide, and test runs may overlap.
  metadata: { name: `observability-test-never-ready-${runId}` },
  spec: {
    resourceRef: { apiGroup: 'v1', kind: 'Pod' },
    selector: {
      matchExpressions: [
        { key: '.metadata.namespace', operator: 'In', values: [namespace] },
        { key: `.metadata.labels["${NEVER_READY_LABEL}"]`, operator: 'In', values: ['true'] },
        { key: `.metadata.annotations["${INSTRUMENTATION_ANNOTATION}"]`, operator: 'Exists' },
        { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
        { key: '.status.phase', operator: 'In', values: ['Pending'] },
        { key: '.status.conditions.[] | select( .type == "Ready" ) | .status', operator: 'NotIn', values: ['True'] },
      ],
    },
    weight: 10000,
    next: {
      statusTemplate: [
        '{{ $now := Now }}',
        'conditions:',
        '- lastTransitionTime: {{ $now | Quote }}',
        '  status: "True"',
        '  type: Initialized',
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
        '  started: true',
        '  restartCount: 0',
        '  state:',
        '    running:',
        '      startedAt: {{ $now | Quote }}',
        '{{ end }}',
        'phase: Running',
        'startTime: {{ $now | Quote }}',
      ].join('\n'),
    },
  },
};

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'sluggish',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'sluggish',
      'backstage.io/kubernetes-namespace': namespace,
    },
  },
  spec: { type: 'service', owner: 'team-web' },
};

// Rollouts on a shared 2-core machine take seconds, not milliseconds.
jest.setTimeout(300_000);

describe('automatic rollback of a rollout that is not ready in time', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    admin = kubeClient(await ensureStackUp());
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await admin.apply(neverReadyStage);
  }, 1_800_000);

  afterAll(async () => {
    await admin?.call('DELETE', `/api/v1/namespaces/${namespace}`);
    await admin?.call('DELETE', `/apis/kwok.x-k8s.io/v1alpha1/stages/${neverReadyStage.metadata.name}`);
  });

  it('removes the agent when the new pods are not ready within the rollout timeout, and says why', async () => {
    const info = await ensureStackUp();
    await admin.apply(ownerNodeDeployment('sluggish', namespace, { [NEVER_READY_LABEL]: 'true' }), {
      fieldManager: 'kubectl',
      force: false,
    });
    const before = await waitForRollout(admin, namespace, 'sluggish', 120_000);

    const { service, changes } = await localInstrumentationService(info, databases, ROLLOUT_TIMEOUT_MS);

    const started = await service.apply(entity, {}, 'user:default/olu');
    expect(started.results.map(r => r.outcome)).toEqual(['applied']);
    const finished = await service.settled(started.id, 120_000);
    expect(finished?.state).toBe('rolled-back');
    const [rollout] = finished!.rollouts;
    expect(rollout.phase).toBe('rolled-back');
    expect(rollout.message).toMatch(
      /^Rolled back automatically: Pods did not become ready within 15 s \(1\/1 updated, 0\/1 ready\)$/,
    );
    // The new ReplicaSet was named, with its pod never ready.
    const replicaSets = await admin.list('apps/v1', 'ReplicaSet', namespace, 'app=sluggish');
    const instrumented = replicaSets.find(rs => rs.spec.template.metadata.annotations?.[INSTRUMENTATION_ANNOTATION]);
    expect(rollout.replicaSet).toEqual({ name: instrumented.metadata.name, desired: 1, ready: 0 });

    const after = await waitForRollout(admin, namespace, 'sluggish', 120_000);
    const template = JSON.parse(JSON.stringify(after.spec.template));
    delete template.metadata.annotations[RESTARTED_AT_ANNOTATION];
    if (!Object.keys(template.metadata.annotations).length) delete template.metadata.annotations;
    expect(template).toEqual(before.spec.template);

    const history = await changes.list('component:default/sluggish');
    expect(history.map(h => [h.action, h.outcome])).toEqual([
      ['rollback', 'applied'],
      ['instrument', 'applied'],
    ]);
  });
});
