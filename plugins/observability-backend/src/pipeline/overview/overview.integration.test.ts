/*
 * The pipeline overview against the real local stack: workloads the portal instrumented (one
 * with an in-process agent, one through the eBPF agent) are listed from the cluster as the
 * portal's restricted identity, and their spans per second come from Tempo's span metrics in
 * the local Prometheus, fed with real spans sent to the local Tempo. A workload without spans
 * shows "not measured", not a number.
 */
import { mockCredentials, mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { INSTRUMENTATION_ANNOTATION, type PipelineOverview } from '@internal/plugin-observability-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ensureStackUp, kubeClient, waitFor, type KubeClient, type StackInfo } from '@internal/test-stack';
import crypto from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { localStackRegistry } from '../../testing/localStackCluster';
import { createPipeline } from '..';
import { kubeSourceLister } from './sources';
import { inMemoryDatabase } from '../__testUtils__/inMemoryDatabase';

// Real processes and a real cluster: waits below have their own deadlines.
jest.setTimeout(240_000);

const run = crypto.randomBytes(3).toString('hex');
const NS = `pipeline-overview-${run}`;
const SDK_SERVICE = `ov-${run}-checkout`;
const EBPF_WORKLOAD = `ov-${run}-ledger`;
const QUIET_SERVICE = `ov-${run}-quiet`;

let info: StackInfo;
let admin: KubeClient;
let server: express.Express;

/** A Deployment; with `strategy`, its template carries the portal's instrumentation marker. */
function deployment(name: string, strategy?: string, serviceName?: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          ...(strategy
            ? { annotations: { [INSTRUMENTATION_ANNOTATION]: JSON.stringify({ containers: { app: strategy }, revision: 'it' }) } }
            : {}),
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'example/app:1',
              ...(serviceName ? { env: [{ name: 'OTEL_SERVICE_NAME', value: serviceName }] } : {}),
            },
          ],
        },
      },
    },
  };
}

/** One OTLP/HTTP export of `count` server spans for `service` to the local Tempo. */
async function sendToTempo(service: string, count: number) {
  const traceId = crypto.randomBytes(16).toString('hex');
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId,
    spanId: crypto.randomBytes(8).toString('hex'),
    name: `GET /item/${i}`,
    kind: 2,
    startTimeUnixNano: String(now - 2_000_000n),
    endTimeUnixNano: String(now),
  }));
  const res = await fetch(`${info.tempo.otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }],
    }),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  info = await ensureStackUp();
  admin = kubeClient(info);
  await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await admin.apply(deployment('checkout', 'java', SDK_SERVICE));
  await admin.apply(deployment(EBPF_WORKLOAD, 'ebpf'));
  await admin.apply(deployment('quiet', 'python', QUIET_SERVICE));
  await admin.apply(deployment('plain'));
  const registry = localStackRegistry(info);
  const listAll = kubeSourceLister(registry, 10_000);
  const pipeline = createPipeline({
    config: { adminGroups: [], requestTimeoutMs: 10_000, prometheus: { url: info.prometheusUrl } } as any,
    registry,
    // The real listing of every namespace, narrowed to this test's namespace: other tests
    // instrument workloads of their own meanwhile, and many sources would be grouped.
    sources: async cluster => (await listAll(cluster)).filter(m => m.namespace === NS),
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
    permissions: mockServices.permissions.mock({
      authorize: async (reqs: any[]) => reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
    }),
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    database: inMemoryDatabase(),
    // KWOK pods run no process: a collector pod installed by another test has no metrics to read.
    podMetrics: async (_cluster, pod) => Promise.reject(new Error(`${pod} is a KWOK pod without a process`)),
  });
  server = express();
  server.use(pipeline.router);
  server.use(mockErrorHandler());
}, 1_800_000);

afterAll(async () => {
  if (admin) await admin.request('DELETE', `/api/v1/namespaces/${NS}`);
});

const overview = async (): Promise<PipelineOverview> => {
  const res = await request(server).get('/pipeline/clusters/local/overview').set({ Authorization: mockCredentials.user.header() });
  expect(res.status).toBe(200);
  return res.body;
};

const sourceOf = (o: PipelineOverview, name: string) =>
  o.nodes.find(n => n.role === 'source' && n.members?.some(m => m.namespace === NS && m.name === name));

describe('pipeline overview on the local cluster', () => {
  it('shows the instrumented workloads as sources with their span rates from Tempo’s span metrics', async () => {
    const first = await overview();
    expect(first.sourcesError).toBeUndefined();
    expect(sourceOf(first, 'plain')).toBeUndefined();
    expect(sourceOf(first, 'checkout')?.members?.find(m => m.namespace === NS)).toEqual({
      namespace: NS,
      kind: 'Deployment',
      name: 'checkout',
      services: [SDK_SERVICE],
      strategies: ['java'],
    });
    expect(sourceOf(first, EBPF_WORKLOAD)?.members?.find(m => m.namespace === NS)?.services).toEqual([EBPF_WORKLOAD]);

    // Live traffic while waiting: span metrics need two points of the counter for a rate.
    const o = await waitFor(
      'span-metrics rates for both sources',
      async () => {
        await sendToTempo(SDK_SERVICE, 5);
        await sendToTempo(EBPF_WORKLOAD, 2);
        const current = await overview();
        const rated = [sourceOf(current, 'checkout'), sourceOf(current, EBPF_WORKLOAD)];
        return rated.every(n => (n?.rate?.spansPerSecond ?? 0) > 0) ? current : undefined;
      },
      150_000,
      2000,
    );
    const checkout = sourceOf(o, 'checkout')!;
    expect(checkout.members).toHaveLength(1);
    expect(checkout.rate).toMatchObject({ state: 'measured', basis: expect.stringContaining('Tempo span metrics') });
    expect(o.edges.filter(e => e.from === checkout.id).map(e => e.to)).toEqual(['node']);
    const ledger = sourceOf(o, EBPF_WORKLOAD)!;
    expect(ledger.rate).toMatchObject({ state: 'measured' });
    expect(o.edges.filter(e => e.from === ledger.id).map(e => e.to)).toEqual(['ebpf']);
    expect(o.nodes.some(n => n.id === 'ebpf' && n.role === 'agent')).toBe(true);

    // The workload whose service sent nothing has no number.
    expect(sourceOf(o, 'quiet')!.rate).toEqual({ state: 'not-measured', note: `no span metrics for service '${QUIET_SERVICE}'` });
  });
});
