import path from 'node:path';
import { KubeClient, waitFor } from './kube';
import { repoRoot } from './paths';
import {
  applyManifests,
  CRASH_LOOP_STAGE,
  KWOK_NODES,
  readManifests,
  StackInfo,
  waitForRollout,
} from './stack';
import {
  createNamespace,
  deleteNamespace,
  STACK_SETUP_TIMEOUT_MS,
  stackForTests,
  uniqueName,
} from './testUtils';

const INSTRUMENTATION_CRD = path.join(
  repoRoot,
  'plugins/observability-backend/crds/instrumentation.yaml',
);

// The package's `testTimeout` is not applied under `backstage-cli repo test` (a global option).
jest.setTimeout(300_000);

describe('local cluster', () => {
  let info: StackInfo;
  let admin: KubeClient;
  const ns = uniqueName('stack-test-cluster');

  beforeAll(async () => {
    ({ info, admin } = await stackForTests());
    await createNamespace(admin, ns);
  }, STACK_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    if (admin) await deleteNamespace(admin, ns);
  });

  it('serves a real kube-apiserver of the pinned version with RBAC on', async () => {
    const version = await admin.call('GET', '/version');
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
    const anonymous = new KubeClient(
      info.apiServerUrl,
      info.caCertPem,
      'not-a-token',
    );
    const res = await anonymous.request('GET', '/api/v1/namespaces');
    expect(res.status).toBe(401);
  });

  it('accepts CRDs and server-side apply with field ownership', async () => {
    const [crd] = readManifests(INSTRUMENTATION_CRD);
    expect(crd.metadata.name).toBe('instrumentations.opentelemetry.io');
    // The file as it is: validated by the API server without being installed, so tests running
    // in parallel keep seeing a cluster without the OpenTelemetry Operator.
    await admin.apply(crd, { dryRun: true });
    // The same CRD under a test-only group, installed for real to exercise SSA on it.
    const group = 'stacktest.opentelemetry.io';
    await applyManifests(admin, [
      {
        ...crd,
        metadata: { ...crd.metadata, name: `instrumentations.${group}` },
        spec: { ...crd.spec, group },
      },
    ]);

    const inst = {
      apiVersion: `${group}/v1alpha1`,
      kind: 'Instrumentation',
      metadata: { name: 'default', namespace: ns },
      spec: {
        exporter: { endpoint: 'http://collector.observability-system:4318' },
        propagators: ['tracecontext', 'baggage'],
        sampler: { type: 'parentbased_traceidratio', argument: '1' },
        java: { env: [{ name: 'OTEL_LOGS_EXPORTER', value: 'none' }] },
      },
    };
    const applied = await admin.apply(inst, { fieldManager: 'portal-test' });
    expect(applied.spec.sampler.type).toBe('parentbased_traceidratio');
    // A second manager owns another field; both survive.
    await admin.apply(
      {
        ...inst,
        spec: { resource: { addK8sUIDAttributes: true } },
      },
      { fieldManager: 'someone-else' },
    );
    const both = await admin.get(
      `${group}/v1alpha1`,
      'Instrumentation',
      'default',
      ns,
    );
    const managers = both.metadata.managedFields.map(
      (f: any) => `${f.manager}/${f.operation}`,
    );
    expect(managers).toEqual(
      expect.arrayContaining(['portal-test/Apply', 'someone-else/Apply']),
    );
    expect(both.spec.exporter.endpoint).toContain('4318');
    expect(both.spec.resource.addK8sUIDAttributes).toBe(true);

    // Schema validation is real: an unknown sampler type is rejected.
    await expect(
      admin.apply(
        { ...inst, spec: { sampler: { type: 'sometimes' } } },
        { fieldManager: 'portal-test' },
      ),
    ).rejects.toThrow(/Unsupported value|sampler/);

    // Applying an empty spec as the first manager removes exactly the fields it owned.
    await admin.apply(
      { apiVersion: inst.apiVersion, kind: inst.kind, metadata: inst.metadata },
      { fieldManager: 'portal-test' },
    );
    const after = await admin.get(
      `${group}/v1alpha1`,
      'Instrumentation',
      'default',
      ns,
    );
    expect(after.spec.exporter).toBeUndefined();
    expect(after.spec.sampler).toBeUndefined();
    expect(after.spec.resource.addK8sUIDAttributes).toBe(true);

    await admin.call(
      'DELETE',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/instrumentations.${group}`,
    );
  });

  it('rolls out a Deployment on the KWOK nodes (new ReplicaSet, pods Ready)', async () => {
    const deployment = (env: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: ns,
        labels: { 'app.kubernetes.io/name': 'web' },
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'node:20-bookworm-slim',
                command: ['node', 'server.js'],
                env: [{ name: 'REVISION', value: env }],
              },
            ],
          },
        },
      },
    });
    await admin.apply(deployment('one'));
    const first = await waitForRollout(admin, ns, 'web', 120_000);
    expect(first.status.readyReplicas).toBe(2);

    await admin.apply(deployment('two'));
    await waitForRollout(admin, ns, 'web', 120_000);

    const replicaSets = await admin.list('apps/v1', 'ReplicaSet', ns);
    expect(replicaSets).toHaveLength(2);
    const current = replicaSets.find(
      (rs: any) => rs.spec.template.spec.containers[0].env[0].value === 'two',
    );
    const old = replicaSets.find(
      (rs: any) => rs.spec.template.spec.containers[0].env[0].value === 'one',
    );
    expect(current.status.readyReplicas).toBe(2);
    expect(old.spec.replicas).toBe(0);

    const pods = await waitFor(
      'old pods to be gone',
      async () => {
        const list = await admin.list('v1', 'Pod', ns);
        return list.length === 2 &&
          list.every((p: any) => !p.metadata.deletionTimestamp)
          ? list
          : undefined;
      },
      60_000,
    );
    for (const pod of pods) {
      expect(KWOK_NODES).toContain(pod.spec.nodeName);
      expect(pod.status.phase).toBe('Running');
      expect(pod.status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Ready', status: 'True' }),
        ]),
      );
      expect(pod.metadata.ownerReferences[0].name).toBe(current.metadata.name);
    }
  });

  it('runs KWOK with Stage CRDs so tests can add stages', async () => {
    const stages = await admin.list('kwok.x-k8s.io/v1alpha1', 'Stage');
    const names = stages.map((s: any) => s.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'node-initialize',
        'pod-ready',
        'pod-complete',
        'pod-delete',
      ]),
    );
    const nodes = await admin.list('v1', 'Node');
    expect(nodes.map((n: any) => n.metadata.name)).toEqual(
      expect.arrayContaining(KWOK_NODES),
    );
  });

  it('lets tests add Stages, e.g. crash-looping pods', async () => {
    const stage = readManifests(CRASH_LOOP_STAGE);
    await applyManifests(admin, stage);
    try {
      const labels = {
        'app.kubernetes.io/name': 'crashy',
        'stack.observability.local/crash-loop': 'true',
      };
      await admin.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'crashy', namespace: ns },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'crashy',
                  image: 'ruby:3.3-slim',
                  command: ['bundle', 'exec', 'puma'],
                },
              ],
            },
          },
        },
      });
      const pod = await waitFor(
        'a CrashLoopBackOff pod',
        async () => {
          const pods = await admin.list(
            'v1',
            'Pod',
            ns,
            'app.kubernetes.io/name=crashy',
          );
          return pods.find(
            (p: any) =>
              p.status.containerStatuses?.[0]?.state?.waiting?.reason ===
              'CrashLoopBackOff',
          );
        },
        60_000,
      );
      expect(pod.status.containerStatuses[0].restartCount).toBe(5);
      const deployment = await waitFor(
        'the Deployment to report 0 available replicas',
        async () => {
          const d = await admin.get('apps/v1', 'Deployment', 'crashy', ns);
          return d?.status?.replicas === 1 && !d.status.availableReplicas
            ? d
            : undefined;
        },
        60_000,
      );
      expect(deployment.status.unavailableReplicas).toBe(1);
    } finally {
      await admin.request(
        'DELETE',
        '/apis/kwok.x-k8s.io/v1alpha1/stages/stack-crash-loop',
      );
    }
  });
});
