import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeClient, KubeError } from './kube';
import { FindingsPublisher } from './publisher';
import { PodWatcher } from './pods';
import { NodeAgent } from './node-agent';
import { FINDINGS_KEY, parseFindingsConfigMap, NodeFindings } from './findings';
import { FakeKube, fakePod } from '../testing/fake-kube';
import { makeProcRoot, writeFakeProcess } from '../testing/proc-tree';
import { buildGoSleeper, realPython } from '../testing/fixtures';
import { waitFor } from '../testing/processes';
import { getNodeAgentBundle, nodeAgentBundlePath } from '../bundle';

jest.setTimeout(60_000);

const NODE = 'worker-1';
const NS = 'observability-system';
const CM = `${NS}/observability-node-${NODE}`;
const uid = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const cid = (n: number) => String(n).repeat(64).slice(0, 64);
const cgroupV2 = (n: number) =>
  `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${uid(
    n,
  ).replace(/-/g, '_')}.slice/cri-containerd-${cid(n)}.scope\n`;

let kube: FakeKube;
let url: string;
let root: string;
let tokenFile: string;
let goBin: string;
let python: string;

beforeAll(() => {
  goBin = buildGoSleeper();
  python = realPython();
}, 180_000);

beforeEach(async () => {
  kube = new FakeKube();
  url = await kube.start();
  root = makeProcRoot('agent-proc-');
  tokenFile = path.join(root, 'token');
  fs.writeFileSync(tokenFile, 'test-token\n');
  // Pod 1: a Go container plus its sandbox; a host process; a process in an unknown pod.
  kube.upsertPod(
    fakePod({
      uid: uid(1),
      namespace: 'shop',
      name: 'cart',
      node: NODE,
      containers: [{ name: 'server', id: cid(1) }],
    }),
  );
  kube.upsertPod(
    fakePod({
      uid: uid(9),
      namespace: 'other',
      name: 'elsewhere',
      node: 'worker-2',
      containers: [],
    }),
  );
  writeFakeProcess(root, {
    pid: 101,
    exe: goBin,
    cmdline: ['/server'],
    cgroup: cgroupV2(1),
  });
  writeFakeProcess(root, {
    pid: 102,
    exe: goBin,
    cmdline: ['/pause'],
    cgroup: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${uid(
      1,
    ).replace(/-/g, '_')}.slice/cri-containerd-${'e'.repeat(64)}.scope\n`,
  });
  writeFakeProcess(root, {
    pid: 103,
    exe: goBin,
    cmdline: ['/usr/bin/containerd'],
    cgroup: '0::/system.slice/containerd.service\n',
  });
});

afterEach(async () => {
  await kube.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

function published(): NodeFindings | undefined {
  const cm = kube.configMaps.get(CM);
  return cm ? parseFindingsConfigMap(cm) : undefined;
}

describe('KubeClient', () => {
  it('sends the token from the file and parses JSON', async () => {
    const client = new KubeClient({ server: url, tokenFile });
    const list = await client.request(
      'GET',
      `/api/v1/pods?fieldSelector=spec.nodeName%3D${NODE}`,
    );
    expect(list.items.map((p: any) => p.metadata.name)).toEqual(['cart']);
    expect(kube.requests[0].headers.authorization).toBe('Bearer test-token');
  });

  it('rejects non-2xx answers with KubeError', async () => {
    const client = new KubeClient({ server: url, token: 't' });
    await expect(
      client.request('GET', '/api/v1/nothing'),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      client.request('GET', '/api/v1/nothing'),
    ).rejects.toBeInstanceOf(KubeError);
  });
});

describe('KubeClient.watch', () => {
  it('gives up on a watch that stays silent, so the caller can reconnect', async () => {
    const client = new KubeClient({ server: url, tokenFile, watchIdleMs: 200 });
    const started = Date.now();
    await expect(
      client.watch(`/api/v1/pods?watch=true`, () => {}),
    ).rejects.toThrow(/no data for too long/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('FindingsPublisher', () => {
  it('server-side applies one ConfigMap per node that parseFindingsConfigMap reads back', async () => {
    const pub = new FindingsPublisher(
      new KubeClient({ server: url, tokenFile }),
      NS,
      NODE,
    );
    const findings: NodeFindings = {
      node: NODE,
      updatedAt: new Date(0).toISOString(),
      agentVersion: '1.2.3',
      containers: [
        {
          podUid: uid(1),
          namespace: 'shop',
          pod: 'cart',
          container: 'server',
          containerId: cid(1),
          processes: [
            {
              pid: 1,
              language: 'go',
              runtimeVersion: 'go1.22.0',
              libc: 'static',
              otherAgents: [],
              confidence: 0.99,
              evidence: ['x'],
            },
          ],
        },
      ],
    };
    await pub.publish(findings);
    const req = kube.requests.find(r => r.method === 'PATCH')!;
    expect(req.url).toBe(
      `/api/v1/namespaces/${NS}/configmaps/observability-node-${NODE}?fieldManager=observability-node-agent&force=true`,
    );
    expect(req.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(published()).toEqual(findings);
    expect(
      kube.configMaps.get(CM).metadata.labels['app.kubernetes.io/name'],
    ).toBe('observability-node-agent');
  });

  it('parseFindingsConfigMap rejects garbage and drops malformed containers', () => {
    expect(parseFindingsConfigMap(undefined)).toBeUndefined();
    expect(
      parseFindingsConfigMap({ data: { [FINDINGS_KEY]: '{not json' } }),
    ).toBeUndefined();
    expect(
      parseFindingsConfigMap({ data: { [FINDINGS_KEY]: '{"containers":[]}' } }),
    ).toBeUndefined();
    const r = parseFindingsConfigMap({
      data: {
        [FINDINGS_KEY]: JSON.stringify({
          node: 'n',
          updatedAt: 'u',
          agentVersion: 'v',
          containers: [
            {
              podUid: 'p',
              containerId: 'c',
              processes: [{ pid: 1, language: 'go' }, { pid: 'x' }],
            },
            { podUid: 1 },
          ],
        }),
      },
    });
    expect(r?.containers).toEqual([
      {
        podUid: 'p',
        containerId: 'c',
        processes: [{ pid: 1, language: 'go' }],
      },
    ]);
  });
});

describe('PodWatcher', () => {
  it('lists the node pods, then reports containers starting through the watch', async () => {
    let changes = 0;
    const watcher = new PodWatcher(
      new KubeClient({ server: url, tokenFile }),
      NODE,
      () => changes++,
      () => {},
    );
    const ctrl = new AbortController();
    const run = watcher.run(ctrl.signal);
    await waitFor(() => kube.watcherCount === 1, { what: 'watch connection' });
    expect([...watcher.pods.keys()]).toEqual([uid(1)]);
    const watchReq = kube.requests.find(r => r.url.includes('watch=true'))!;
    expect(watchReq.url).toContain(
      `fieldSelector=${encodeURIComponent(`spec.nodeName=${NODE}`)}`,
    );
    expect(watchReq.url).toMatch(/resourceVersion=\d+/);

    kube.upsertPod(
      fakePod({
        uid: uid(2),
        namespace: 'shop',
        name: 'web',
        node: NODE,
        containers: [{ name: 'web' }],
      }),
    );
    await waitFor(() => watcher.pods.has(uid(2)), { what: 'pod added' });
    expect(changes).toBe(0); // no container id yet: nothing to scan
    kube.upsertPod(
      fakePod({
        uid: uid(2),
        namespace: 'shop',
        name: 'web',
        node: NODE,
        containers: [{ name: 'web', id: cid(2) }],
      }),
    );
    await waitFor(() => changes === 1, { what: 'container started' });
    ctrl.abort();
    await run;
  });
});

describe('PodWatcher recovery', () => {
  it('relists when the watch reports 410 Gone, and keeps watching', async () => {
    const watcher = new PodWatcher(
      new KubeClient({ server: url, tokenFile }),
      NODE,
      () => {},
      () => {},
    );
    const ctrl = new AbortController();
    const run = watcher.run(ctrl.signal);
    await waitFor(() => kube.watcherCount === 1, { what: 'watch connection' });
    const lists = () =>
      kube.requests.filter(
        r => r.url.startsWith('/api/v1/pods?') && !r.url.includes('watch=true'),
      ).length;
    expect(lists()).toBe(1);
    kube.sendToWatchers({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    await waitFor(() => lists() === 2 && kube.watcherCount === 1, {
      what: 'relist and new watch',
    });
    ctrl.abort();
    await run;
  });
});

describe('NodeAgent', () => {
  it('publishes containers mapped to pods, skipping host processes and sandboxes, and rescans when a container starts', async () => {
    const agent = new NodeAgent({
      kube: new KubeClient({ server: url, tokenFile }),
      nodeName: NODE,
      agentVersion: '9.9.9',
      procRoot: root,
      rescanIntervalMs: 600_000,
      debounceMs: 20,
    });
    await agent.start();
    try {
      const first = published()!;
      expect(first.node).toBe(NODE);
      expect(first.agentVersion).toBe('9.9.9');
      expect(Date.parse(first.updatedAt)).not.toBeNaN();
      expect(first.containers).toEqual([
        {
          podUid: uid(1),
          namespace: 'shop',
          pod: 'cart',
          container: 'server',
          containerId: cid(1),
          processes: [
            expect.objectContaining({
              pid: 101,
              language: 'go',
              libc: 'static',
              confidence: 0.99,
            }),
          ],
        },
      ]);

      // A new pod's container starts: its process appears, then the pod status names it.
      writeFakeProcess(root, {
        pid: 201,
        exe: python,
        cmdline: ['python3', 'app.py'],
        cgroup: cgroupV2(2),
      });
      kube.upsertPod(
        fakePod({
          uid: uid(2),
          namespace: 'shop',
          name: 'recs',
          node: NODE,
          containers: [{ name: 'recs', id: cid(2) }],
        }),
      );
      const second = await waitFor(
        () => {
          const f = published();
          return f && f.containers.length === 2 ? f : undefined;
        },
        { what: 'rescan after container start' },
      );
      expect(second.containers[1]).toMatchObject({
        pod: 'recs',
        container: 'recs',
        processes: [{ pid: 201, language: 'python' }],
      });

      // Nothing changed: a periodic scan does not write again.
      const writes = kube.requests.filter(r => r.method === 'PATCH').length;
      await agent.scanNow('periodic');
      expect(kube.requests.filter(r => r.method === 'PATCH').length).toBe(
        writes,
      );
    } finally {
      await agent.stop();
    }
  });

  it('keeps running when publishing is forbidden', async () => {
    kube.failWritesWith = 403;
    const logs: string[] = [];
    const agent = new NodeAgent({
      kube: new KubeClient({ server: url, tokenFile }),
      nodeName: NODE,
      agentVersion: '1',
      procRoot: root,
      rescanIntervalMs: 600_000,
      log: (level, msg) => logs.push(`${level} ${msg}`),
    });
    await agent.start();
    await agent.stop();
    expect(logs).toContain('error publishing findings failed');
    expect(agent.scans).toBe(1);
  });
});

describe('the bundled agent', () => {
  it('is one file that needs only Node built-ins', async () => {
    const text = await getNodeAgentBundle();
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map(m => m[1]);
    expect(required.length).toBeGreaterThan(0);
    for (const mod of required)
      expect(builtinModules).toContain(mod.replace(/^node:/, ''));
    expect(Buffer.byteLength(text)).toBeLessThan(512 * 1024);
  });

  it('runs as its own process against the API and a prepared /proc, and stops on SIGTERM', async () => {
    await getNodeAgentBundle();
    const child = spawn(process.execPath, [nodeAgentBundlePath()], {
      env: {
        PATH: process.env.PATH,
        NODE_NAME: NODE,
        KUBE_API_URL: url,
        KUBE_TOKEN_FILE: tokenFile,
        PROC_ROOT: root,
        AGENT_VERSION: 'e2e',
        RESCAN_INTERVAL_SECONDS: '600',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    const exited = new Promise<number | null>(resolve =>
      child.on('exit', code => resolve(code)),
    );
    try {
      const f = await waitFor(() => published(), {
        timeoutMs: 20_000,
        what: `agent to publish (${out})`,
      });
      expect(f.agentVersion).toBe('e2e');
      expect(
        f.containers.map(c => [c.pod, c.container, c.processes[0].language]),
      ).toEqual([['cart', 'server', 'go']]);
      await waitFor(() => kube.watcherCount === 1, { what: 'agent watch' });
      expect(out).toContain('"msg":"published findings"');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
