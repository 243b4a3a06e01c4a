/*
 * Apply and uninstrument against the real local cluster (test/stack: kube-apiserver,
 * controller-manager, scheduler and KWOK nodes), as the restricted ServiceAccount the
 * product documents (rbac/portal-rbac.yaml).
 */
import {
  ensureStackUp,
  kubeClient,
  waitForRollout,
  type KubeClient,
  type StackInfo,
} from '@internal/test-stack';
import {
  RESTARTED_AT_ANNOTATION,
  type ContainerDetection,
} from '@internal/plugin-observability-common';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import { localStackRegistry } from '../testing/localStackCluster';
import { applyPlan, readWorkload, uninstrument } from './applyInstrumentation';
import { planWorkload } from './planWorkload';

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

const namespace = `it-instrument-${Date.now().toString(36)}`;
let info: StackInfo;
let admin: KubeClient;
let cluster: ClusterClient;

function ownerDeployment(name: string, extraInit: unknown[] = []) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { 'backstage.io/kubernetes-id': name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, 'backstage.io/kubernetes-id': name } },
        spec: {
          ...(extraInit.length ? { initContainers: extraInit } : {}),
          containers: [
            {
              name: 'app',
              image: 'eclipse-temurin:21-jre',
              command: ['java', '-jar', '/app/checkout.jar'],
              env: [
                { name: 'TZ', value: 'UTC' },
                { name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m' },
                { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'flags', key: 'log' } } },
              ],
            },
          ],
        },
      },
    },
  };
}

/** The pod template minus the one annotation a restart necessarily leaves behind. */
function comparableTemplate(object: any) {
  const template = JSON.parse(JSON.stringify(object.spec.template));
  delete template.metadata.annotations?.[RESTARTED_AT_ANNOTATION];
  if (template.metadata.annotations && Object.keys(template.metadata.annotations).length === 0) {
    delete template.metadata.annotations;
  }
  return template;
}

async function plan(name: string, ratio = 1) {
  const object = await readWorkload(cluster, 'Deployment', namespace, name);
  return planWorkload({
    cluster: 'local',
    kind: 'Deployment',
    object,
    detections: { app: java },
    service: { name, namespace: 'shop' },
    sampling: { ratio, propagators: ['tracecontext', 'baggage'] },
  });
}

beforeAll(async () => {
  info = await ensureStackUp();
  admin = kubeClient(info);
  await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const registry = localStackRegistry(info);
  cluster = registry.get('local');
}, 1_800_000);

afterAll(async () => {
  await admin?.call('DELETE', `/api/v1/namespaces/${namespace}`);
});

describe('instrumenting a Deployment on the local cluster', () => {
  it('applies, rolls out on KWOK nodes, is idempotent, and uninstruments exactly', async () => {
    await admin.apply(ownerDeployment('checkout'), { fieldManager: 'kubectl', force: false });
    await waitForRollout(admin, namespace, 'checkout', 120_000);
    const before = await admin.get('apps/v1', 'Deployment', 'checkout', namespace);

    const first = await plan('checkout');
    expect(first.envTakeovers.map(t => t.name)).toEqual(['JAVA_TOOL_OPTIONS']);
    const applied = await applyPlan(cluster, first);
    expect(applied).toMatchObject({ outcome: 'applied', requests: 2 });

    const instrumented = await waitForRollout(admin, namespace, 'checkout', 120_000);
    const container = instrumented.spec.template.spec.containers[0];
    const env = container.env.map((e: any) => e.name);
    expect(env.indexOf('OTEL_ORIGINAL_JAVA_TOOL_OPTIONS')).toBeLessThan(env.indexOf('JAVA_TOOL_OPTIONS'));
    expect(container.env.find((e: any) => e.name === 'JAVA_TOOL_OPTIONS').value).toBe(
      '$(OTEL_ORIGINAL_JAVA_TOOL_OPTIONS) -javaagent:/otel-auto-instrumentation-java/javaagent.jar',
    );
    expect(instrumented.spec.template.spec.initContainers[0].name).toBe(
      'opentelemetry-auto-instrumentation-java',
    );
    expect(instrumented.metadata.generation).toBeGreaterThan(before.metadata.generation);

    // Applying the same plan again changes nothing: no request, same generation.
    const again = await applyPlan(cluster, await plan('checkout'));
    expect(again).toMatchObject({ outcome: 'unchanged', requests: 0 });
    const unchanged = await admin.get('apps/v1', 'Deployment', 'checkout', namespace);
    expect(unchanged.metadata.generation).toBe(instrumented.metadata.generation);

    // A new configuration (another sampling ratio) re-instruments in place: the owner's
    // JAVA_TOOL_OPTIONS is still extended, not lost, and the sampler follows the new ratio.
    const changed = await plan('checkout', 0.25);
    expect(changed.revision).not.toBe(first.revision);
    expect(changed.appliedRevision).toBe(first.revision);
    const reapplied = await applyPlan(cluster, changed);
    expect(reapplied).toMatchObject({ outcome: 'applied' });
    const retuned = await waitForRollout(admin, namespace, 'checkout', 120_000);
    const retunedEnv = retuned.spec.template.spec.containers[0].env as any[];
    const value = (n: string) => retunedEnv.find(e => e.name === n)?.value;
    expect(value('OTEL_ORIGINAL_JAVA_TOOL_OPTIONS')).toBe('-Xmx512m');
    expect(value('JAVA_TOOL_OPTIONS')).toBe(
      '$(OTEL_ORIGINAL_JAVA_TOOL_OPTIONS) -javaagent:/otel-auto-instrumentation-java/javaagent.jar',
    );
    expect(value('OTEL_TRACES_SAMPLER_ARG')).toBe('0.25');
    expect(retunedEnv.filter(e => e.name === 'JAVA_TOOL_OPTIONS')).toHaveLength(1);

    const removed = await uninstrument(cluster, 'Deployment', namespace, 'checkout');
    expect(removed.outcome).toBe('applied');
    const after = await waitForRollout(admin, namespace, 'checkout', 120_000);
    expect(comparableTemplate(after)).toEqual(comparableTemplate(before));
  });

  it('reports a field another manager owns as a conflict and changes nothing', async () => {
    const gitopsInit = {
      name: 'opentelemetry-auto-instrumentation-java',
      image: 'registry.example/own-agent:1',
      command: ['true'],
    };
    await admin.apply(ownerDeployment('payments', [gitopsInit]), {
      fieldManager: 'argocd-controller',
      force: false,
    });
    const before = await admin.get('apps/v1', 'Deployment', 'payments', namespace);

    const result = await applyPlan(cluster, await plan('payments'));
    expect(result.outcome).toBe('conflict');
    expect(result.conflicts.map(c => c.manager)).toContain('argocd-controller');
    expect(result.message).toContain('Nothing was changed');
    const after = await admin.get('apps/v1', 'Deployment', 'payments', namespace);
    // Status updates by the controller move resourceVersion; the spec must not have moved.
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(after.spec.template).toEqual(before.spec.template);
  });

  it('uses the OpenTelemetry Operator when asked: an Instrumentation plus inject annotations', async () => {
    const crd = parseAllDocuments(
      fs.readFileSync(path.resolve(__dirname, '../../crds/instrumentation.yaml'), 'utf8'),
    )[0].toJS();
    await admin.apply(crd);
    await admin.apply(ownerDeployment('orders'), { fieldManager: 'kubectl', force: false });
    const before = await waitForRollout(admin, namespace, 'orders', 120_000);

    const object = await readWorkload(cluster, 'Deployment', namespace, 'orders');
    const operatorPlan = planWorkload({
      cluster: 'local',
      kind: 'Deployment',
      object,
      detections: { app: java },
      service: { name: 'orders' },
      sampling: { ratio: 0.5, propagators: ['tracecontext'] },
      mode: 'operator',
    });
    const applied = await applyPlan(cluster, operatorPlan);
    expect(applied.outcome).toBe('applied');
    const instrumentation = await admin.get('opentelemetry.io/v1alpha1', 'Instrumentation', 'backstage-observability', namespace);
    expect(instrumentation.spec.sampler).toEqual({ type: 'parentbased_traceidratio', argument: '0.5' });
    const live = await waitForRollout(admin, namespace, 'orders', 120_000);
    expect(live.spec.template.metadata.annotations['instrumentation.opentelemetry.io/inject-java']).toBe('backstage-observability');
    expect(live.spec.template.spec.containers[0].env).toEqual(before.spec.template.spec.containers[0].env);

    expect((await uninstrument(cluster, 'Deployment', namespace, 'orders')).outcome).toBe('applied');
    const after = await waitForRollout(admin, namespace, 'orders', 120_000);
    expect(comparableTemplate(after)).toEqual(comparableTemplate(before));
  });
});
