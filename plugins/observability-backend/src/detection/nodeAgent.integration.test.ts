/*
 * The node agent against the real local cluster (test/stack). Its rendered manifests (RBAC,
 * admission policy, DaemonSet) go into a scratch namespace, so the pipeline tests' agent in
 * observability-system is untouched; KWOK runs the DaemonSet's pods, and the tests act with
 * tokens bound to those pods: the token the kubelet mounts into the agent. The agent writes its
 * own node's findings and is refused every other ConfigMap write; the real NodeAgent loop then
 * publishes findings for a prepared /proc, naming containers from the real API's pods, and the
 * backend's FindingsIndex reads them back.
 */
import {
  FindingsPublisher,
  KubeClient as AgentKubeClient,
  NodeAgent,
  findingsConfigMapName,
  parseFindingsConfigMap,
  renderNodeAgentManifests,
  type NodeFindings,
} from '@internal/node-agent';
import { ensureStackUp, kubeClient, waitFor, type KubeClient, type StackInfo } from '@internal/test-stack';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FINDINGS_SELECTOR, FindingsIndex } from './FindingsIndex';

// A real API server, controller-manager and KWOK: every wait below has its own deadline.
jest.setTimeout(180_000);

const NS = `it-node-agent-${Math.random().toString(36).slice(2, 8)}`;
const AGENT = 'observability-node-agent';
const GATEWAY_CONFIG = 'observability-gateway';
const objects = renderNodeAgentManifests({
  namespace: NS,
  agentVersion: 'it',
  // Never run: KWOK only pretends to run pods. The RBAC and the policy are what is under test.
  bundle: '// node agent bundle\n',
});

let info: StackInfo;
let admin: KubeClient;
/** Node name -> the agent pod KWOK runs there. */
const agentPods = new Map<string, { name: string; uid: string }>();
let nodeA: string;
let nodeB: string;

async function tokenFor(boundPod?: { name: string; uid: string }): Promise<string> {
  const res = await admin.call('POST', `/api/v1/namespaces/${NS}/serviceaccounts/${AGENT}/token`, {
    body: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        expirationSeconds: 600,
        ...(boundPod ? { boundObjectRef: { apiVersion: 'v1', kind: 'Pod', ...boundPod } } : {}),
      },
    },
  });
  return res.status.token;
}

/** A server-side apply of a ConfigMap in NS, as the agent's publisher sends it. */
function applyConfigMap(client: KubeClient, name: string, data: Record<string, string>, dryRun = false) {
  return client.request(
    'PATCH',
    `/api/v1/namespaces/${NS}/configmaps/${name}?fieldManager=observability-node-agent&force=true${
      dryRun ? '&dryRun=All' : ''
    }`,
    {
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data }),
      contentType: 'application/apply-patch+yaml',
    },
  );
}

function findings(node: string, containers: NodeFindings['containers'] = []): NodeFindings {
  return { node, updatedAt: new Date().toISOString(), agentVersion: 'it', containers };
}

beforeAll(async () => {
  info = await ensureStackUp();
  admin = kubeClient(info);
  [nodeA, nodeB] = info.nodes;
  for (const obj of objects) await admin.apply(obj);
  await admin.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: GATEWAY_CONFIG, namespace: NS },
    data: { 'config.yaml': 'exporters: {}\n' },
  });
  const pods = await waitFor(
    'the node agent DaemonSet to run a pod on every KWOK node',
    async () => {
      const list = await admin.list('v1', 'Pod', NS, `app.kubernetes.io/name=${AGENT}`);
      const running = list.filter(p => p.status?.phase === 'Running' && p.spec?.nodeName);
      return running.length === info.nodes.length ? running : undefined;
    },
    90_000,
  );
  for (const p of pods) agentPods.set(p.spec.nodeName, { name: p.metadata.name, uid: p.metadata.uid });
  // Policies take effect once the API server's informer has them: wait until one refuses.
  const probe = kubeClient(info, await tokenFor(agentPods.get(nodeA)));
  await waitFor(
    'the findings admission policy to be enforced',
    async () => (await applyConfigMap(probe, 'policy-probe', {}, true)).status === 403,
    30_000,
    250,
  );
}, 240_000);

afterAll(async () => {
  if (!admin) return;
  await admin.request('DELETE', `/api/v1/namespaces/${NS}`);
  for (const obj of objects.filter(o => !o.metadata.namespace && o.kind !== 'Namespace')) {
    const p = await admin.pathFor(obj.apiVersion, obj.kind, undefined, obj.metadata.name);
    await admin.request('DELETE', p);
  }
  await waitFor(
    `namespace ${NS} to be deleted`,
    async () => (await admin.get('v1', 'Namespace', NS)) === undefined,
    120_000,
    1000,
  );
});

describe('the node agent on the local cluster', () => {
  it("publishes its own node's findings with its pod-bound token, on every node", async () => {
    for (const node of info.nodes) {
      const token = await tokenFor(agentPods.get(node));
      const publisher = new FindingsPublisher(
        new AgentKubeClient({ server: info.apiServerUrl, token, ca: info.caCertPem }),
        NS,
        node,
      );
      const first = findings(node);
      await publisher.publish(first); // creates the ConfigMap
      const second = findings(node, [{ podUid: 'u', containerId: 'c'.repeat(64), processes: [] }]);
      await publisher.publish(second); // patches it
      const cm = await admin.get('v1', 'ConfigMap', findingsConfigMapName(node), NS);
      expect(parseFindingsConfigMap(cm)).toEqual(second);
    }
    const listed = await admin.list('v1', 'ConfigMap', NS, FINDINGS_SELECTOR);
    expect(listed.map(c => c.metadata.name).sort()).toEqual(info.nodes.map(findingsConfigMapName).sort());
  });

  it('is refused writing any other ConfigMap in its namespace, although its Role would allow it', async () => {
    const agent = kubeClient(info, await tokenFor(agentPods.get(nodeA)));
    const before = await admin.get('v1', 'ConfigMap', GATEWAY_CONFIG, NS);

    // RBAC alone says yes (create/patch on every ConfigMap of the namespace)...
    const review = await agent.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { namespace: NS, verb: 'patch', resource: 'configmaps', name: GATEWAY_CONFIG } },
      },
    });
    expect(review.status.allowed).toBe(true);

    // ...the admission policy says no: the collector's config, a new ConfigMap, another node's findings.
    const byPolicy = [
      await applyConfigMap(agent, GATEWAY_CONFIG, { 'config.yaml': 'exporters: {evil: {}}\n' }),
      await agent.request('PATCH', `/api/v1/namespaces/${NS}/configmaps/${GATEWAY_CONFIG}`, {
        body: { data: { 'config.yaml': 'pwned' } },
        contentType: 'application/merge-patch+json',
      }),
      await agent.request('POST', `/api/v1/namespaces/${NS}/configmaps`, {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'observability-anything' }, data: {} },
      }),
      await applyConfigMap(agent, findingsConfigMapName(nodeB), {
        'findings.json': JSON.stringify(findings(nodeB)),
      }),
    ];
    for (const res of byPolicy) {
      expect(res.status).toBe(403);
      expect(res.body.message).toContain(`ValidatingAdmissionPolicy '${AGENT}-${NS}'`);
      expect(res.body.message).toContain(`may only write ConfigMap ${findingsConfigMapName(nodeA)}`);
    }

    // And RBAC says no to what the agent never needs: reading, replacing, deleting ConfigMaps.
    const cmPath = `/api/v1/namespaces/${NS}/configmaps`;
    expect((await agent.request('GET', `${cmPath}/${GATEWAY_CONFIG}`)).status).toBe(403);
    expect((await agent.request('GET', cmPath)).status).toBe(403);
    expect((await agent.request('PUT', `${cmPath}/${GATEWAY_CONFIG}`, { body: before })).status).toBe(403);
    expect((await agent.request('DELETE', `${cmPath}/${findingsConfigMapName(nodeA)}`)).status).toBe(403);

    const after = await admin.get('v1', 'ConfigMap', GATEWAY_CONFIG, NS);
    expect(after.data).toEqual(before.data);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('writes nothing with a token that names no node', async () => {
    const unbound = kubeClient(info, await tokenFor());
    const res = await applyConfigMap(unbound, findingsConfigMapName(nodeA), {
      'findings.json': JSON.stringify(findings(nodeA)),
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('pod-bound service-account token');
  });

  it('runs its loop: findings for a prepared /proc, named from the pods, refreshed when a container starts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-agent-it-'));
    const procRoot = path.join(dir, 'proc');
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, await tokenFor(agentPods.get(nodeA)));
    const logs: string[] = [];
    const workload = await startWorkloadPod('web', nodeA);
    // The Node.js binary running these tests is a real ELF for the detector to read.
    writeProcess(procRoot, 4101, workload);
    writeProcess(procRoot, 4102); // a host process: not in any pod, not published
    const agent = new NodeAgent({
      kube: new AgentKubeClient({ server: info.apiServerUrl, tokenFile, ca: info.caCertPem }),
      nodeName: nodeA,
      namespace: NS,
      agentVersion: 'it-loop',
      procRoot,
      rescanIntervalMs: 600_000,
      debounceMs: 50,
      log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`),
    });
    const published = async (containers: number) => {
      const cm = await admin.get('v1', 'ConfigMap', findingsConfigMapName(nodeA), NS);
      const f = parseFindingsConfigMap(cm);
      return f?.agentVersion === 'it-loop' && f.containers.length === containers ? f : undefined;
    };
    try {
      await agent.start();
      const first = await waitFor(`the agent's first findings (${logs.join('; ')})`, () => published(1), 20_000);
      expect(first.containers).toEqual([
        {
          podUid: workload.uid,
          namespace: NS,
          pod: 'web',
          container: 'app',
          containerId: workload.containerId,
          processes: [expect.objectContaining({ pid: 4101, language: 'nodejs', exe: process.execPath })],
        },
      ]);

      // A second container starts: the agent hears it through its watch and rescans.
      const second = await startWorkloadPod('api', nodeA, false);
      writeProcess(procRoot, 4201, second);
      await second.reportRunning();
      const both = await waitFor(`findings after a container started (${logs.join('; ')})`, () => published(2), 30_000);
      expect(both.containers.map(c => [c.pod, c.container, c.processes.map(p => p.language)])).toEqual([
        ['api', 'app', ['nodejs']],
        ['web', 'app', ['nodejs']],
      ]);

      // What the backend's detection reads from the published ConfigMaps.
      const index = FindingsIndex.fromConfigMaps(await admin.list('v1', 'ConfigMap', NS, FINDINGS_SELECTOR));
      expect(index.forContainer([second.uid], 'app')).toEqual([
        expect.objectContaining({ pid: 4201, language: 'nodejs' }),
      ]);
      expect(logs.filter(l => l.startsWith('error'))).toEqual([]);
    } finally {
      await agent.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface WorkloadPod {
  uid: string;
  containerId: string;
  /** Reports the container running with its id, as the kubelet would. */
  reportRunning: () => Promise<void>;
}

/** A pod on `node` whose container "app" gets a containerd id once reported running. */
async function startWorkloadPod(name: string, node: string, reportNow = true): Promise<WorkloadPod> {
  const pod = await admin.call('POST', `/api/v1/namespaces/${NS}/pods`, {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        nodeName: node,
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'app', image: 'node:22-alpine' }],
      },
    },
  });
  const containerId = Buffer.from(`${name}-container`).toString('hex').padEnd(64, '0').slice(0, 64);
  const reportRunning = async () => {
    await waitFor(
      `pod ${name} to get a containerd id`,
      async () => {
        const current = await admin.get('v1', 'Pod', name, NS);
        if (current?.status?.phase !== 'Running') return undefined;
        await admin.call('PATCH', `/api/v1/namespaces/${NS}/pods/${name}/status`, {
          body: {
            status: {
              containerStatuses: [
                {
                  name: 'app',
                  image: 'node:22-alpine',
                  imageID: '',
                  ready: true,
                  restartCount: 0,
                  started: true,
                  containerID: `containerd://${containerId}`,
                  state: { running: { startedAt: new Date().toISOString() } },
                },
              ],
            },
          },
          contentType: 'application/strategic-merge-patch+json',
        });
        const patched = await admin.get('v1', 'Pod', name, NS);
        return patched?.status?.containerStatuses?.[0]?.containerID === `containerd://${containerId}`;
      },
      60_000,
    );
  };
  if (reportNow) await reportRunning();
  return { uid: pod.metadata.uid, containerId, reportRunning };
}

/** One /proc/<pid> directory with what the detector reads; in a pod's cgroup when one is given. */
function writeProcess(procRoot: string, pid: number, pod?: { uid: string; containerId: string }) {
  const dir = path.join(procRoot, String(pid));
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(process.execPath, path.join(dir, 'exe'));
  fs.writeFileSync(path.join(dir, 'cmdline'), 'node\0server.js\0');
  fs.writeFileSync(path.join(dir, 'environ'), 'NODE_ENV=production\0');
  fs.writeFileSync(path.join(dir, 'maps'), '');
  const cgroup = pod
    ? `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${pod.uid.replace(/-/g, '_')}.slice/` +
      `cri-containerd-${pod.containerId}.scope\n`
    : '0::/system.slice/containerd.service\n';
  fs.writeFileSync(path.join(dir, 'cgroup'), cgroup);
  fs.writeFileSync(
    path.join(dir, 'status'),
    `Name:\tnode\nState:\tS (sleeping)\nTgid:\t${pid}\nPPid:\t1\nUid:\t0\t0\t0\t0\nNSpid:\t${pid}\t1\n`,
  );
}
