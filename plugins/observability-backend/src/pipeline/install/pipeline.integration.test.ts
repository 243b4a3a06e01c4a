/*
 * The pipeline API end to end against the real local cluster (test/stack), as the restricted
 * ServiceAccount of rbac/portal-rbac.yaml: destinations with secrets, install (an operation
 * followed step by step), regeneration on change, eBPF discovery sync, status, and an uninstall
 * that leaves the cluster as before. KWOK pods run no process, so the collector pods' metrics
 * are not dialled here (spanFlow.integration.test.ts reads real collectors); the status must
 * say, per pod, that they could not be read.
 */
import { mockCredentials, mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ensureStackUp,
  kubeClient,
  waitFor,
  type KubeClient,
  type StackInfo,
} from '@internal/test-stack';
import express from 'express';
import request from 'supertest';
import { localStackRegistry } from '../../testing/localStackCluster';
import { createPipeline } from '..';
import { CONFIG_CHECKSUM_ANNOTATION } from '../collector/manifests';
import { inMemoryDatabase } from '../__testUtils__/inMemoryDatabase';

// Real processes and a real cluster: waits below have their own deadlines.
jest.setTimeout(240_000);

const NS = 'observability-system';
const SECRET = `it-secret-${Math.random().toString(36).slice(2)}`;
const DEST = 'tempo-it';
const asUser = { Authorization: mockCredentials.user.header() };

let info: StackInfo;
let admin: KubeClient;
let server: express.Express;
let pipeline: ReturnType<typeof createPipeline>;
const audit: unknown[] = [];
const responses: string[] = [];

const NAMESPACED: [string, string][] = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'ServiceAccount'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['v1', 'Pod'],
];

/** Names of everything in the product's namespace and its cluster-scoped RBAC (not terminating). */
async function snapshot(): Promise<string[]> {
  const names: string[] = [];
  for (const [apiVersion, kind] of NAMESPACED) {
    for (const o of await admin.list(apiVersion, kind, NS)) {
      // Objects already on their way out (e.g. from an earlier run) are not part of the state.
      if (!o.metadata.deletionTimestamp) names.push(`${kind}/${o.metadata.name}`);
    }
  }
  for (const kind of ['ClusterRole', 'ClusterRoleBinding']) {
    for (const o of await admin.list('rbac.authorization.k8s.io/v1', kind)) {
      if (o.metadata.name.startsWith('observability-') && !o.metadata.deletionTimestamp) {
        names.push(`${kind}/${o.metadata.name}`);
      }
    }
  }
  return names.sort();
}

/** Calls the router and remembers every response body (to check none holds the secret). */
async function call(method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object) {
  const res = await request(server)[method](path).set(asUser).send(body ?? {});
  responses.push(res.text);
  return res;
}

let before: string[];
/** Pods whose metrics the status reader asked for. */
const metricsAsked = new Set<string>();

/** Starts an install or uninstall and follows its operation to the end. */
async function runOperation(path: string, body: object) {
  const started = await call('post', path, body);
  expect(started.status).toBe(202);
  expect(started.body.state).toBe('running');
  return waitFor(
    `operation ${started.body.id} to end`,
    async () => {
      const res = await call('get', `/pipeline/operations/${started.body.id}`);
      return res.body.state !== 'running' ? res.body : undefined;
    },
    180_000,
    500,
  );
}

beforeAll(async () => {
  info = await ensureStackUp();
  admin = kubeClient(info);
  const registry = localStackRegistry(info);
  pipeline = createPipeline({
    config: { adminGroups: [], requestTimeoutMs: 10_000 } as any,
    registry,
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
    permissions: mockServices.permissions.mock({
      authorize: async (reqs: any[]) => reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
    }),
    auditor: mockServices.auditor.mock({
      createEvent: async options => {
        audit.push({ ...options, request: undefined });
        return {
          success: async o => void audit.push(o ?? {}),
          fail: async o => void audit.push({ meta: o.meta, error: o.error.message }),
        };
      },
    }),
    logger: mockServices.logger.mock(),
    database: inMemoryDatabase(),
    podMetrics: async (_cluster, pod) => {
      metricsAsked.add(pod);
      throw new Error(`${pod} is a KWOK pod: no collector process to read`);
    },
  });
  server = express();
  server.use(pipeline.router);
  server.use(mockErrorHandler());
  before = await snapshot();
}, 1_800_000);

afterAll(async () => {
  // Leave nothing behind even when a test failed half-way.
  if (pipeline) await runOperation('/pipeline/clusters/local/uninstall', { includeDestinations: true });
});

describe('pipeline on the local cluster', () => {
  it('stores a destination with its secret only in a Kubernetes Secret, and keeps it on edit', async () => {
    const created = await call('post', '/pipeline/clusters/local/destinations', {
      name: DEST,
      type: 'tempo',
      signals: ['traces'],
      values: { endpoint: info.tempo.otlpGrpcEndpoint, tlsInsecure: true, username: 'portal' },
      secrets: { password: SECRET },
    });
    expect(created.status).toBe(201);
    expect(created.body.destination).toMatchObject({ name: DEST, secretsSet: ['password'] });

    const secret = await admin.get('v1', 'Secret', `observability-destination-${DEST}`, NS);
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(SECRET);
    expect(secret.metadata.labels['app.kubernetes.io/managed-by']).toBe('backstage-observability');

    const edited = await call('put', `/pipeline/clusters/local/destinations/${DEST}`, {
      type: 'tempo',
      signals: ['traces'],
      values: { endpoint: info.tempo.otlpGrpcEndpoint, tlsInsecure: true, username: 'portal', tenant: 'it' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.destination).toMatchObject({ values: { tenant: 'it' }, secretsSet: ['password'] });
    const kept = await admin.get('v1', 'Secret', `observability-destination-${DEST}`, NS);
    expect(Buffer.from(kept.data.password, 'base64').toString()).toBe(SECRET);

    const list = await call('get', '/pipeline/clusters/local/destinations');
    expect(list.body.items.map((d: any) => d.name)).toEqual([DEST]);
  });

  it('tests the stored destination against the real Tempo with an empty OTLP export', async () => {
    const res = await call('post', '/pipeline/clusters/local/destinations/test', {
      name: DEST,
      type: 'tempo',
      signals: ['traces'],
      values: { endpoint: info.tempo.otlpGrpcEndpoint, tlsInsecure: true, username: 'portal' },
      existing: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, stage: 'ok' });
  });

  it('installs the pipeline with server-side apply, labelled and rolled by checksum', async () => {
    const operation = await runOperation('/pipeline/clusters/local/install', { nodeAgent: true, ebpfAgent: true });
    expect(operation).toMatchObject({ cluster: 'local', action: 'install', state: 'succeeded' });
    expect(operation.steps.length).toBeGreaterThan(10);
    // Every object of the install is a step, each one applied.
    expect(operation.steps.filter((s: any) => s.action === 'apply' && s.status === 'done')).toHaveLength(operation.steps.length);
    expect(operation.steps).toContainEqual({
      kind: 'Deployment',
      name: 'observability-gateway',
      namespace: NS,
      action: 'apply',
      status: 'done',
    });

    const gateway = await admin.get('apps/v1', 'Deployment', 'observability-gateway', NS);
    expect(gateway.metadata.labels['app.kubernetes.io/managed-by']).toBe('backstage-observability');
    expect(gateway.metadata.managedFields.map((f: any) => f.manager)).toContain('backstage-observability');
    expect(gateway.spec.template.spec.containers[0].env).toContainEqual({
      name: 'OBS_DEST_TEMPO_IT__PASSWORD',
      valueFrom: { secretKeyRef: { name: `observability-destination-${DEST}`, key: 'password' } },
    });
    const config = await admin.get('v1', 'ConfigMap', 'observability-gateway', NS);
    expect(config.data['config.yaml']).toContain('${env:OBS_DEST_TEMPO_IT__PASSWORD}');
    expect(config.data['config.yaml']).not.toContain(SECRET);
    expect(await admin.get('autoscaling/v2', 'HorizontalPodAutoscaler', 'observability-gateway', NS)).toBeDefined();

    // A destination change regenerates the gateway config and rolls its pods.
    const sum = gateway.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    await call('put', `/pipeline/clusters/local/destinations/${DEST}`, {
      type: 'tempo',
      signals: ['traces'],
      values: { endpoint: info.tempo.otlpGrpcEndpoint, tlsInsecure: true, username: 'portal', tenant: 'other' },
    });
    const rolled = await admin.get('apps/v1', 'Deployment', 'observability-gateway', NS);
    expect(rolled.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]).not.toBe(sum);

    // The instrumentation module's call: workloads routed to the eBPF agent.
    await pipeline.syncEbpfWorkloads('local', [
      { cluster: 'local', namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    ]);
    const ebpf = await admin.get('v1', 'ConfigMap', 'observability-ebpf-agent', NS);
    expect(ebpf.data['config.yaml']).toContain('k8s_deployment_name: checkout');
  });

  it('deletes a destination: its Secret goes and the gateway config drops its exporter', async () => {
    const created = await call('post', '/pipeline/clusters/local/destinations', {
      name: 'otlp-it',
      type: 'otlp-http',
      signals: ['traces'],
      values: { endpoint: info.tempo.otlpHttpUrl },
      secrets: { bearerToken: SECRET },
    });
    expect(created.status).toBe(201);
    expect((await admin.get('v1', 'ConfigMap', 'observability-gateway', NS)).data['config.yaml']).toContain('otlp_http/otlp-it');
    expect((await call('delete', '/pipeline/clusters/local/destinations/otlp-it')).body).toEqual({ gatewayUpdated: true });
    expect(await admin.get('v1', 'Secret', 'observability-destination-otlp-it', NS)).toBeUndefined();
    expect((await admin.get('v1', 'ConfigMap', 'observability-gateway', NS)).data['config.yaml']).not.toContain('otlp-it');
  });

  it('keeps the defaults the control plane uses', async () => {
    expect((await call('get', '/pipeline/clusters/local/defaults')).body).toEqual({
      samplingRatio: 1,
      propagators: ['tracecontext', 'baggage'],
    });
    const put = await call('put', '/pipeline/clusters/local/defaults', { samplingRatio: 0.25, propagators: ['tracecontext', 'b3'] });
    expect(put.status).toBe(200);
    expect(await pipeline.getDefaults('local')).toEqual({ samplingRatio: 0.25, propagators: ['tracecontext', 'b3'] });
    expect((await call('put', '/pipeline/clusters/local/defaults', { samplingRatio: 2, propagators: [] })).status).toBe(400);
  });

  it('reports desired and ready pods, versions and images per component', async () => {
    const status = await waitFor(
      'node collector ready on every KWOK node',
      async () => {
        const res = await call('get', '/pipeline/clusters/local/status');
        const node = res.body.components?.find((c: any) => c.name === 'collector-node');
        return node && node.desired === info.nodes.length && node.ready === node.desired ? res.body : undefined;
      },
      120_000,
      1000,
    );
    expect(status).toMatchObject({ reachable: true, installedVersion: status.availableVersion, destinations: 1 });
    const names = status.components.map((c: any) => [c.name, c.installed]);
    expect(names).toEqual([
      ['collector-node', true],
      ['collector-gateway', true],
      ['ebpf-agent', true],
      ['node-agent', true],
    ]);
    expect(status.components[0].image).toMatch(/^otel\/opentelemetry-collector-contrib:/);

    // Span flow: each gateway pod and each node collector is read on its own, and each says
    // why it has no numbers (on a real cluster the pod proxy reads the collectors' metrics).
    // A gateway pod of the rollout that is on its way out is "not-ready", never read.
    const gatewayPods = (await admin.list('v1', 'Pod', NS, 'app.kubernetes.io/name=observability-gateway'))
      .filter((p: any) => !p.metadata.deletionTimestamp)
      .map((p: any) => p.metadata.name);
    const readPods = status.spans.gateway.pods.filter((p: any) => p.state !== 'not-ready');
    expect(readPods.length).toBeGreaterThan(0);
    expect(gatewayPods).toEqual(expect.arrayContaining(readPods.map((p: any) => p.pod)));
    expect(status.spans.nodes.pods).toHaveLength(info.nodes.length);
    for (const p of [...readPods, ...status.spans.nodes.pods]) {
      expect(p).toEqual({ pod: p.pod, state: 'unreadable', error: `${p.pod} is a KWOK pod: no collector process to read` });
      expect(metricsAsked.has(p.pod)).toBe(true);
    }
    expect(status.spans.gateway.measuredPods).toBe(0);
    expect(status.spans.error).toMatch(/^gateway metrics unavailable: /);
    expect(status.spans.exportedPerSecond).toBeUndefined();
    const overview = await call('get', '/pipeline/clusters/local/overview');
    expect(overview.body.edges).toContainEqual(expect.objectContaining({ from: 'gateway', to: `dest:${DEST}` }));
  });

  it('upgrades in place and removes a component that is switched off', async () => {
    const operation = await runOperation('/pipeline/clusters/local/install', { ebpfAgent: false });
    expect(operation.state).toBe('succeeded');
    expect(operation.steps).toContainEqual({
      kind: 'DaemonSet',
      name: 'observability-ebpf-agent',
      namespace: NS,
      action: 'delete',
      status: 'done',
    });
    // Foreground deletion: the DaemonSet goes once its pods are gone.
    await waitFor(
      'the eBPF agent DaemonSet to be deleted',
      async () => (await admin.get('apps/v1', 'DaemonSet', 'observability-ebpf-agent', NS)) === undefined,
      60_000,
      500,
    );
    const binding = await admin.get('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'observability-collector');
    expect(binding.subjects.map((x: any) => x.name)).toEqual(['observability-collector-node']);
    expect(await admin.get('apps/v1', 'DaemonSet', 'observability-collector-node', NS)).toBeDefined();
  });

  it('never returns or audits the secret', () => {
    for (const text of responses) expect(text).not.toContain(SECRET);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('uninstalls everything it created and nothing else', async () => {
    const operation = await runOperation('/pipeline/clusters/local/uninstall', { includeDestinations: true });
    expect(operation).toMatchObject({ action: 'uninstall', state: 'succeeded' });
    expect(operation.steps).toContainEqual(
      expect.objectContaining({ kind: 'Secret', name: `observability-destination-${DEST}`, action: 'delete', status: 'done' }),
    );
    const after = await waitFor(
      'the namespace to return to its previous objects',
      async () => {
        const now = await snapshot();
        return JSON.stringify(now) === JSON.stringify(before) ? now : undefined;
      },
      120_000,
      1000,
    ).catch(async () => snapshot());
    expect(after).toEqual(before);
  });
});
