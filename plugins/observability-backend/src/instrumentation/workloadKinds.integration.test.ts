/*
 * StatefulSets, DaemonSets and CronJobs against the real local cluster (test/stack), as the
 * restricted ServiceAccount of rbac/portal-rbac.yaml: resolved from an entity, instrumented,
 * rolled out on KWOK nodes (CronJobs from their next run), and uninstrumented back exactly.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  RESTARTED_AT_ANNOTATION,
  type ContainerDetection,
  type WorkloadKind,
} from '@internal/plugin-observability-common';
import {
  ensureStackUp,
  kubeClient,
  type KubeClient,
  type KubeObject,
  type StackInfo,
} from '@internal/test-stack';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import { localStackRegistry } from '../testing/localStackCluster';
import { WorkloadResolver } from '../workloads/WorkloadResolver';
import { localInstrumentationService } from './__testUtils__/rolloutFixtures';
import { applyPlan, readWorkload, uninstrument } from './applyInstrumentation';
import { OPERATOR_CRD } from './operatorStrategy';
import { planWorkload } from './planWorkload';
import { watchRollout } from './RolloutWatcher';
import type { RolloutState } from './rolloutState';
import { podTemplateOf, type WorkloadObject } from './workloadObject';

const java: ContainerDetection = {
  language: 'java',
  runtimeVersion: '21.0.2',
  libc: 'glibc',
  otherAgents: [],
  confidence: 0.99,
  evidence: ['test'],
  source: 'process',
};

// Rollouts on a shared 2-core machine take seconds, not milliseconds.
jest.setTimeout(300_000);

const namespace = `it-kinds-${Date.now().toString(36)}`;
const ID = 'ledger';
let info: StackInfo;
let admin: KubeClient;
let cluster: ClusterClient;
let resolver: WorkloadResolver;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': ID, 'backstage.io/kubernetes-namespace': namespace },
  },
  spec: { type: 'service', owner: 'team-payments' },
};

/**
 * The owner's pod template: a JVM whose JAVA_TOOL_OPTIONS the agent must extend, not replace.
 * Pods carry the entity's label too, as the Kubernetes plugin expects, so they are found.
 */
function podTemplate(app: string) {
  return {
    metadata: { labels: { app, 'backstage.io/kubernetes-id': ID } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'eclipse-temurin:21-jre',
          command: ['java', '-jar', '/app/ledger.jar'],
          env: [
            { name: 'TZ', value: 'UTC' },
            { name: 'JAVA_TOOL_OPTIONS', value: '-Xmx256m' },
          ],
        },
      ],
    },
  };
}

const labels = { 'backstage.io/kubernetes-id': ID };

const owners: Record<Exclude<WorkloadKind, 'Deployment'>, KubeObject> = {
  StatefulSet: {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'ledger-db', namespace, labels },
    spec: {
      replicas: 2,
      serviceName: 'ledger-db',
      selector: { matchLabels: { app: 'ledger-db' } },
      template: podTemplate('ledger-db'),
    },
  },
  DaemonSet: {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ledger-agent', namespace, labels },
    spec: {
      selector: { matchLabels: { app: 'ledger-agent' } },
      template: podTemplate('ledger-agent'),
    },
  },
  CronJob: {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'ledger-report', namespace, labels },
    spec: {
      // Once a year: no run starts while the test looks at the template.
      schedule: '0 3 1 1 *',
      jobTemplate: {
        spec: {
          template: {
            ...podTemplate('ledger-report'),
            spec: { ...podTemplate('ledger-report').spec, restartPolicy: 'OnFailure' },
          },
        },
      },
    },
  },
};

const KINDS = Object.keys(owners) as Array<keyof typeof owners>;
const nameOf = (kind: keyof typeof owners) => (owners[kind].metadata as { name: string }).name;

/** The pod template minus the one annotation a restart necessarily leaves behind. */
function comparableTemplate(kind: WorkloadKind, object: WorkloadObject) {
  const template = JSON.parse(JSON.stringify(podTemplateOf(kind, object)));
  delete template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
  if (template.metadata?.annotations && Object.keys(template.metadata.annotations).length === 0) {
    delete template.metadata.annotations;
  }
  return template;
}

/** The product's own rollout watcher, until the rollout completes (or fails the test). */
async function rolledOut(kind: WorkloadKind, name: string): Promise<RolloutState> {
  const final = await watchRollout(
    cluster,
    { cluster: 'local', kind, namespace, name },
    { timeoutMs: 180_000, pollMs: 500, onUpdate: () => {} },
  );
  expect({ kind, phase: final.phase, message: final.message }).toMatchObject({
    kind,
    phase: kind === 'CronJob' ? 'not-applicable' : 'complete',
  });
  return final;
}

async function resolve() {
  const [local] = await resolver.resolveWithObjects(entity);
  expect(local.error).toBeUndefined();
  return local.workloads;
}

async function resolvedObjects(): Promise<Map<string, WorkloadObject>> {
  return new Map(
    (await resolve()).map(w => [`${w.workload.kind}/${w.workload.name}`, w.object as WorkloadObject]),
  );
}

/** What the entity tab shows per workload: coverage and the strategy of its container. */
async function coverage(): Promise<Record<string, unknown>> {
  return Object.fromEntries(
    (await resolve()).map(({ workload }) => [
      `${workload.kind}/${workload.name}`,
      { coverage: workload.coverage, strategy: workload.containers[0].instrumentedWith },
    ]),
  );
}

/** The init containers of the live pods a workload's selector matches. */
async function podInitContainers(app: string): Promise<string[][]> {
  const pods = await admin.call('GET', `/api/v1/namespaces/${namespace}/pods?labelSelector=app%3D${app}`);
  return pods.items
    .filter((p: any) => !p.metadata.deletionTimestamp)
    .map((p: any) => (p.spec.initContainers ?? []).map((c: any) => c.name));
}

function plan(kind: WorkloadKind, object: WorkloadObject) {
  return planWorkload({
    cluster: 'local',
    kind,
    object,
    detections: { app: java },
    service: { name: ID, namespace: 'payments' },
    sampling: { ratio: 1, propagators: ['tracecontext', 'baggage'] },
  });
}

beforeAll(async () => {
  info = await ensureStackUp();
  admin = kubeClient(info);
  await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const registry = localStackRegistry(info);
  cluster = registry.get('local');
  resolver = new WorkloadResolver(registry);
}, 1_800_000);

afterAll(async () => {
  await admin?.call('DELETE', `/api/v1/namespaces/${namespace}`);
});

describe('instrumenting StatefulSets, DaemonSets and CronJobs on the local cluster', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('resolves, applies, rolls out on KWOK nodes and uninstruments each kind exactly', async () => {
    for (const kind of KINDS) {
      await admin.apply(owners[kind], { fieldManager: 'kubectl', force: false });
    }
    const daemonSet = await rolledOut('DaemonSet', 'ledger-agent');
    // One pod per KWOK node: the DaemonSet really ran on the fake nodes.
    expect(daemonSet.desired).toBe(info.nodes.length);
    expect((await rolledOut('StatefulSet', 'ledger-db')).ready).toBe(2);

    // The entity's workloads, found through its kubernetes-id and namespace annotations.
    const resolved = await resolvedObjects();
    expect([...resolved.keys()].sort()).toEqual([
      'CronJob/ledger-report',
      'DaemonSet/ledger-agent',
      'StatefulSet/ledger-db',
    ]);
    const before = new Map<WorkloadKind, WorkloadObject>();
    for (const kind of KINDS) {
      before.set(kind, await readWorkload(cluster, kind, namespace, nameOf(kind)));
    }

    for (const kind of KINDS) {
      const workloadPlan = plan(kind, resolved.get(`${kind}/${nameOf(kind)}`)!);
      expect(workloadPlan.envTakeovers.map(t => t.name)).toEqual(['JAVA_TOOL_OPTIONS']);
      const applied = await applyPlan(cluster, workloadPlan);
      expect({ kind, ...applied }).toMatchObject({ kind, outcome: 'applied', requests: 2 });
    }

    for (const kind of KINDS) {
      await rolledOut(kind, nameOf(kind));
      const live = await readWorkload(cluster, kind, namespace, nameOf(kind));
      // For the CronJob this is spec.jobTemplate.spec.template: its next Job gets the agent.
      const template = podTemplateOf(kind, live);
      expect(template.spec?.initContainers?.map(c => c.name)).toEqual([
        'opentelemetry-auto-instrumentation-java',
      ]);
      const env = template.spec!.containers[0].env!;
      const value = (name: string) => env.find(e => e.name === name)?.value;
      expect({ kind, tool: value('JAVA_TOOL_OPTIONS'), original: value('OTEL_ORIGINAL_JAVA_TOOL_OPTIONS') }).toEqual({
        kind,
        tool: '$(OTEL_ORIGINAL_JAVA_TOOL_OPTIONS) -javaagent:/otel-auto-instrumentation-java/javaagent.jar',
        original: '-Xmx256m',
      });
      expect(value('OTEL_SERVICE_NAME')).toBe(ID);
    }

    // The pods the controllers made from the new template carry the agent too.
    const agent = ['opentelemetry-auto-instrumentation-java'];
    expect(await podInitContainers('ledger-db')).toEqual([agent, agent]);
    expect(await podInitContainers('ledger-agent')).toEqual(info.nodes.map(() => agent));
    // A CronJob has no pods until its next run: its template carries the agent, nothing rolled.
    expect(await coverage()).toEqual({
      'StatefulSet/ledger-db': { coverage: 'rolled-out', strategy: 'java' },
      'DaemonSet/ledger-agent': { coverage: 'rolled-out', strategy: 'java' },
      'CronJob/ledger-report': { coverage: 'applied', strategy: 'java' },
    });

    // Applying the same plans again changes nothing.
    const replanned = await resolvedObjects();
    for (const kind of KINDS) {
      const again = await applyPlan(cluster, plan(kind, replanned.get(`${kind}/${nameOf(kind)}`)!));
      expect({ kind, ...again }).toMatchObject({ kind, outcome: 'unchanged', requests: 0 });
    }

    for (const kind of KINDS) {
      const removed = await uninstrument(cluster, kind, namespace, nameOf(kind));
      expect({ kind, outcome: removed.outcome, message: removed.message }).toMatchObject({ kind, outcome: 'applied' });
    }
    for (const kind of KINDS) {
      await rolledOut(kind, nameOf(kind));
      const after = await readWorkload(cluster, kind, namespace, nameOf(kind));
      expect({ kind, template: comparableTemplate(kind, after) }).toEqual({
        kind,
        template: comparableTemplate(kind, before.get(kind)!),
      });
    }
    expect(await podInitContainers('ledger-db')).toEqual([[], []]);
    expect(await podInitContainers('ledger-agent')).toEqual(info.nodes.map(() => []));
    expect(await coverage()).toEqual({
      'StatefulSet/ledger-db': { coverage: 'not-instrumented', strategy: undefined },
      'DaemonSet/ledger-agent': { coverage: 'not-instrumented', strategy: undefined },
      'CronJob/ledger-report': { coverage: 'not-instrumented', strategy: undefined },
    });
  });

  it('reports, per cluster of the plan, whether the OpenTelemetry Operator is installed', async () => {
    // Other suites may install the CRD on the shared stack: the admin's view is the truth.
    const installed = Boolean(
      await admin.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', OPERATOR_CRD),
    );
    const { service } = await localInstrumentationService(info, databases, 30_000);
    const response = await service.planResponse(entity, {});
    expect(response.plans.length).toBe(3);
    expect(response.operator).toEqual([
      installed
        ? { cluster: 'local', installed: true }
        : {
            cluster: 'local',
            installed: false,
            reason: `The OpenTelemetry Operator is not installed in cluster local (no ${OPERATOR_CRD} CRD)`,
          },
    ]);
  });
});
