/*
 * Span flow from real collectors: a node collector (the generated node config, its
 * k8s_attributes watching the local cluster as the portal's restricted identity) forwarding to
 * one of two gateway processes (the generated gateway config, exporting to the local Tempo),
 * each read on its own the way the status page reads each pod. One gateway is restarted, so
 * its counters start again from zero. The local stack's KWOK pods run no process, so these
 * collectors run on this machine and the sampler reads their metrics ports directly; the pod
 * proxy the portal uses in a real cluster is checked against the repository's RBAC.
 */
import {
  ensureStackUp,
  kubeClient,
  PORTAL_RBAC_FILE,
  readManifests,
  waitFor,
  type KubeClient,
  type StackInfo,
} from '@internal/test-stack';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { renderGatewayConfig, renderNodeCollectorConfig, type CollectorConfig } from '../collector/config';
import { NAMESPACE } from '../collector/constants';
import { getDestinationSpec } from '../destinations';
import { SpanFlowSampler, type CollectorPod } from './spanFlow';
import { parseSpanTotals } from './spanMetrics';

// Real processes and a real cluster: waits below have their own deadlines.
jest.setTimeout(240_000);

interface Collector {
  name: string;
  file: string;
  env: Record<string, string>;
  ports: { grpc: number; http: number; health: number; metrics: number };
  process?: ChildProcess;
  log: string;
}

let info: StackInfo;
let admin: KubeClient;
let dir: string;
const collectors: Collector[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Writes `config` with its listen addresses moved to free ports on 127.0.0.1. */
async function prepare(name: string, config: CollectorConfig, env: Record<string, string> = {}): Promise<Collector> {
  const ports = { grpc: await freePort(), http: await freePort(), health: await freePort(), metrics: await freePort() };
  config.receivers.otlp.protocols.grpc.endpoint = `127.0.0.1:${ports.grpc}`;
  config.receivers.otlp.protocols.http.endpoint = `127.0.0.1:${ports.http}`;
  config.extensions.health_check.endpoint = `127.0.0.1:${ports.health}`;
  config.service.telemetry.metrics.readers[0].pull.exporter.prometheus = { host: '127.0.0.1', port: ports.metrics };
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, stringify(config));
  const c: Collector = { name, file, env, ports, log: '' };
  collectors.push(c);
  return c;
}

async function start(c: Collector): Promise<void> {
  c.log = '';
  const child = spawn(info.collectorBinary, [`--config=${c.file}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...c.env },
  });
  c.process = child;
  child.stdout!.on('data', d => (c.log += d));
  child.stderr!.on('data', d => (c.log += d));
  await waitFor(
    `collector ${c.name} to become healthy`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${c.name} exited: ${c.log}`);
      return (await fetch(`http://127.0.0.1:${c.ports.health}/`).catch(() => undefined))?.ok;
    },
    30_000,
    250,
  );
}

async function stop(c: Collector): Promise<void> {
  const child = c.process;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const metricsText = async (c: Collector) => (await fetch(`http://127.0.0.1:${c.ports.metrics}/metrics`)).text();

/** Sends `count` spans of one new trace over OTLP/HTTP; returns the trace id. */
async function sendSpans(c: Collector, count: number, service: string): Promise<string> {
  const traceId = crypto.randomBytes(16).toString('hex');
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId,
    spanId: crypto.randomBytes(8).toString('hex'),
    name: `span-${i}`,
    kind: 2,
    startTimeUnixNano: String(now - 5_000_000n),
    endTimeUnixNano: String(now),
  }));
  const res = await fetch(`http://127.0.0.1:${c.ports.http}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }],
    }),
  });
  expect(res.status).toBe(200);
  return traceId;
}

/** Waits until a collector's own counters show what was sent (they update asynchronously). */
async function waitForCounter(c: Collector, what: 'received' | 'exported', atLeast: number) {
  await waitFor(
    `${c.name} ${what} ≥ ${atLeast}`,
    async () => parseSpanTotals(await metricsText(c))[what] >= atLeast,
    30_000,
    250,
  );
}

beforeAll(async () => {
  info = await ensureStackUp();
  admin = kubeClient(info);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-span-flow-'));
}, 1_800_000);

afterAll(async () => {
  for (const c of collectors) await stop(c);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('span flow read per collector pod', () => {
  it('lets the portal read collector pods through the pod proxy in its namespace only', async () => {
    // The stack applied portal-rbac.yaml when it started; apply its namespaced Role again so
    // this checks the repository's file, not the one the running stack started with.
    const role = readManifests(PORTAL_RBAC_FILE).find(o => o.kind === 'Role' && o.metadata.namespace === NAMESPACE);
    expect(role).toBeDefined();
    await admin.apply(role!);
    const portal = kubeClient(info, info.restricted.token);
    const can = async (namespace: string, verb: string) => {
      const review = await portal.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { namespace, verb, resource: 'pods', subresource: 'proxy', name: 'observability-gateway-abc' } },
        },
      });
      return review.status.allowed as boolean;
    };
    expect(await can(NAMESPACE, 'get')).toBe(true);
    expect(await can(NAMESPACE, 'create')).toBe(false);
    expect(await can('shop', 'get')).toBe(false);
  });

  it('sums the gateway pods’ own rates, sees spans arrive at the node collector, and survives a restart', async () => {
    const destination = {
      name: 'local-tempo',
      spec: getDestinationSpec('tempo'),
      signals: ['traces' as const],
      values: { endpoint: info.tempo.otlpGrpcEndpoint, tlsInsecure: true },
      secretsSet: [],
    };
    const gatewayA = await prepare('gateway-a', renderGatewayConfig({ destinations: [destination] }).config);
    const gatewayB = await prepare('gateway-b', renderGatewayConfig({ destinations: [destination] }).config);
    const nodeConfig = renderNodeCollectorConfig({ cluster: 'local' });
    // Outside a pod: k8s_attributes watches the cluster with the portal's kubeconfig, and the
    // node collector sends to gateway A's port instead of the gateway Service.
    nodeConfig.processors.k8s_attributes.auth_type = 'kubeConfig';
    nodeConfig.exporters['otlp_grpc/gateway'].endpoint = `127.0.0.1:${gatewayA.ports.grpc}`;
    const node = await prepare('node-0', nodeConfig, {
      KUBECONFIG: info.restricted.kubeconfigPath,
      K8S_NODE_NAME: info.nodes[0],
    });
    await Promise.all([start(gatewayA), start(gatewayB)]);
    await start(node);

    const byPod = new Map(collectors.map(c => [c.name, c]));
    let clock = Date.now();
    const sampler = new SpanFlowSampler({
      read: async (_cluster, pod) => metricsText(byPod.get(pod)!),
      timeoutMs: 10_000,
      minIntervalMs: 0,
      now: () => clock,
    });
    const pod = (name: string): CollectorPod => ({ name, uid: name, ready: true });
    const gatewayPods = [pod('gateway-a'), pod('gateway-b')];
    const nodePods = [pod('node-0')];
    const read = async () => {
      clock = Date.now();
      const [gateway, nodes] = await Promise.all([
        sampler.sample('local', 'gateway', gatewayPods),
        sampler.sample('local', 'node', nodePods),
      ]);
      return { at: clock, gateway, nodes };
    };

    const first = await read();
    expect(first.gateway.pods.map(p => p.state)).toEqual(['first-sample', 'first-sample']);
    expect(first.gateway.flowing).toBe(false);
    expect(first.nodes.flowing).toBe(false);

    // 20 spans through the node collector to gateway A, 30 straight to gateway B.
    const throughNode = await sendSpans(node, 20, 'span-flow-it');
    await sendSpans(gatewayB, 30, 'span-flow-it');
    await waitForCounter(node, 'exported', 20);
    await waitForCounter(gatewayA, 'exported', 20);
    await waitForCounter(gatewayB, 'exported', 30);
    const second = await read();
    const seconds = (second.at - first.at) / 1000;
    expect(second.gateway).toMatchObject({ flowing: true, measuredPods: 2 });
    expect(second.gateway.pods.map(p => Math.round(p.exportedPerSecond! * seconds))).toEqual([20, 30]);
    expect(Math.round(second.gateway.exportedPerSecond! * seconds)).toBe(50);
    expect(Math.round(second.gateway.acceptedPerSecond! * seconds)).toBe(50);
    expect(Math.round(second.gateway.byExporter!['otlp_grpc/local-tempo'] * seconds)).toBe(50);
    expect(second.nodes).toMatchObject({ flowing: true, measuredPods: 1 });
    expect(Math.round(second.nodes.acceptedPerSecond! * seconds)).toBe(20);

    // The spans that went node → gateway A reached Tempo.
    await waitFor(
      `trace ${throughNode} in Tempo`,
      async () => {
        const res = await fetch(`${info.tempo.httpUrl}/api/v2/traces/${throughNode}`);
        return res.status === 200 && (await res.text()).includes('span-19');
      },
      60_000,
      1000,
    );

    // Gateway B restarts (as a container restart keeps its pod): its counters start from zero.
    await stop(gatewayB);
    await start(gatewayB);
    await sendSpans(gatewayB, 7, 'span-flow-it');
    await waitForCounter(gatewayB, 'exported', 7);
    const third = await read();
    const seconds3 = (third.at - second.at) / 1000;
    const [a, b] = third.gateway.pods;
    expect(a).toMatchObject({ pod: 'gateway-a', state: 'measured', exportedPerSecond: 0 });
    expect(a.restarted).toBeUndefined();
    expect(b).toMatchObject({ pod: 'gateway-b', state: 'measured', restarted: true });
    expect(Math.round(b.exportedPerSecond! * seconds3)).toBe(7);
    expect(Math.round(third.gateway.exportedPerSecond! * seconds3)).toBe(7);
    expect(third.nodes).toMatchObject({ flowing: false, acceptedPerSecond: 0 });
  });
});
