/*
 * The stack's lifecycle: ensureStackUp (build if needed, start, wait for readiness, bootstrap the
 * cluster), stackStatus and stopStack. Jest/Playwright global setups and the CLI all call these.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { acquireDirLock, ensureBinaries, StackBinaries } from './build';
import {
  kubeconfig,
  prometheusConfig,
  StaticTokenUser,
  tempoConfig,
  tokenFile,
} from './configs';
import { AbortWait, KubeClient, KubeObject, waitFor } from './kube';
import { formatBytes, formatDuration, log } from './log';
import { ensureDir, repoRoot, runDir, stackDir } from './paths';
import { generatePki } from './pki';
import { HOST, PORTS } from './ports';
import {
  assertPortFree,
  isOurProcess,
  ProcessRecord,
  rssBytes,
  startProcess,
  stopProcess,
  tcpOpen,
} from './processes';

/** Everything a test needs to talk to the running stack. */
export interface StackInfo {
  /** The run dir holding state.json, logs, data, PKI, kubeconfigs and tokens. */
  runDir: string;
  /** https://127.0.0.1:16443 */
  apiServerUrl: string;
  /** PEM of the cluster CA (verifies the API server). */
  caCertPem: string;
  caCertPath: string;
  /** Admin kubeconfig (user `stack-admin`, group system:masters). */
  kubeconfigPath: string;
  /** Static admin bearer token. */
  adminToken: string;
  /** The restricted ServiceAccount the product runs as, bound to plugins/observability-backend/rbac/portal-rbac.yaml. */
  restricted: {
    namespace: string;
    serviceAccount: string;
    /** Service-account token (signed with the stack's sa.key). */
    token: string;
    tokenPath: string;
    kubeconfigPath: string;
  };
  /** Names of the KWOK fake nodes. */
  nodes: string[];
  tempo: {
    /** Tempo HTTP API: /ready, /api/search, /api/v2/traces/<id>. */
    httpUrl: string;
    /** Internal gRPC (host:port). */
    grpcAddress: string;
    /** OTLP/gRPC receiver (host:port). */
    otlpGrpcEndpoint: string;
    /** OTLP/HTTP receiver base URL; traces go to `${otlpHttpUrl}/v1/traces`. */
    otlpHttpUrl: string;
  };
  prometheusUrl: string;
  /** The otelcol-obs binary (for `otelcol-obs validate --config=...`). */
  collectorBinary: string;
  /** Every binary the stack uses. */
  binaries: StackBinaries;
  ports: typeof PORTS;
  startedAt: string;
}

export interface StackState {
  info: StackInfo;
  processes: ProcessRecord[];
  /** Seconds from start to ready, for the record. */
  startSeconds: number;
}

export interface ComponentStatus {
  name: string;
  pid: number;
  running: boolean;
  healthy: boolean;
  endpoint: string;
  rssBytes: number;
  logFile: string;
  detail?: string;
}

export interface StackStatus {
  running: boolean;
  healthy: boolean;
  runDir: string;
  components: ComponentStatus[];
  totalRssBytes: number;
  info?: StackInfo;
}

export const RESTRICTED_NAMESPACE = 'observability-system';
export const RESTRICTED_SA = 'observability-portal';
export const RESTRICTED_TOKEN_SECRET = 'observability-portal-token';
export const KWOK_NODES = ['kwok-node-0', 'kwok-node-1'];
export const PORTAL_RBAC_FILE = path.join(
  repoRoot,
  'plugins/observability-backend/rbac/portal-rbac.yaml',
);
export const DEMO_DIR = path.join(stackDir, 'demo');
/** KWOK Stage turning pods labelled `stack.observability.local/crash-loop: "true"` into CrashLoopBackOff. */
export const CRASH_LOOP_STAGE = path.join(
  stackDir,
  'stages',
  'crash-loop.yaml',
);

const stateFile = () => path.join(runDir(), 'state.json');
const lockDir = () => path.join(runDir(), 'lock');

export function readState(): StackState | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

function writeState(state: StackState) {
  ensureDir(runDir());
  fs.writeFileSync(stateFile(), `${JSON.stringify(state, null, 2)}\n`);
}

/** Parses a multi-document YAML file into objects (skipping empty docs). */
export function readManifests(file: string): KubeObject[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const out: KubeObject[] = [];
  for (const d of docs) {
    if (d.errors.length) {
      throw new Error(`${file}: ${d.errors[0].message}`);
    }
    const obj = d.toJS();
    if (obj) out.push(obj as KubeObject);
  }
  return out;
}

/** Applies objects in order; waits for each CRD to be Established before going on. */
export async function applyManifests(
  client: KubeClient,
  objects: KubeObject[],
  fieldManager?: string,
): Promise<void> {
  for (const obj of objects) {
    await client.apply(obj, { fieldManager });
    if (obj.kind === 'CustomResourceDefinition') {
      await waitFor(
        `CRD ${obj.metadata.name} to be Established`,
        async () => {
          const crd = await client.get(
            'apiextensions.k8s.io/v1',
            'CustomResourceDefinition',
            obj.metadata.name,
          );
          return crd?.status?.conditions?.some(
            (c: any) => c.type === 'Established' && c.status === 'True',
          );
        },
        30_000,
        200,
      );
      // Established is not yet served: API discovery picks the new group up a moment later.
      const { group, names, versions } = obj.spec as {
        group: string;
        names: { kind: string };
        versions: Array<{ name: string; served: boolean }>;
      };
      for (const version of versions.filter(v => v.served)) {
        await waitFor(
          `${names.kind} in ${group}/${version.name} to be served`,
          () =>
            client.pathFor(`${group}/${version.name}`, names.kind, 'default').then(
              () => true,
              () => false,
            ),
          30_000,
          200,
        );
      }
    }
  }
}

function httpGet(
  url: string,
  options: {
    token?: string;
    ca?: string;
    insecure?: boolean;
    timeoutMs?: number;
  } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      {
        method: 'GET',
        headers: options.token
          ? { Authorization: `Bearer ${options.token}` }
          : {},
        ca: options.ca,
        rejectUnauthorized: !options.insecure,
        timeout: options.timeoutMs ?? 3000,
        agent: false,
      },
      res => {
        let text = '';
        res.on('data', d => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

interface Health {
  endpoint: string;
  check: () => Promise<boolean>;
}

function healthChecks(
  info: Pick<StackInfo, 'adminToken' | 'caCertPem'>,
): Record<string, Health> {
  const ok = (p: Promise<{ status: number; text: string }>, expect?: string) =>
    p
      .then(r => r.status === 200 && (!expect || r.text.trim() === expect))
      .catch(() => false);
  return {
    kine: {
      endpoint: `http://${HOST}:${PORTS.kine} (etcd API)`,
      check: () => tcpOpen(HOST, PORTS.kine),
    },
    'kube-apiserver': {
      endpoint: `https://${HOST}:${PORTS.apiserver}`,
      check: () =>
        ok(
          httpGet(`https://${HOST}:${PORTS.apiserver}/readyz`, {
            token: info.adminToken,
            ca: info.caCertPem,
          }),
        ),
    },
    'kube-controller-manager': {
      endpoint: `https://${HOST}:${PORTS.controllerManager}/healthz`,
      check: () =>
        ok(
          httpGet(`https://${HOST}:${PORTS.controllerManager}/healthz`, {
            insecure: true,
          }),
        ),
    },
    'kube-scheduler': {
      endpoint: `https://${HOST}:${PORTS.scheduler}/healthz`,
      check: () =>
        ok(
          httpGet(`https://${HOST}:${PORTS.scheduler}/healthz`, {
            insecure: true,
          }),
        ),
    },
    kwok: {
      endpoint: `http://${HOST}:${PORTS.kwok}/healthz`,
      check: () => ok(httpGet(`http://${HOST}:${PORTS.kwok}/healthz`)),
    },
    tempo: {
      endpoint: `http://${HOST}:${PORTS.tempoHttp}`,
      check: () =>
        ok(httpGet(`http://${HOST}:${PORTS.tempoHttp}/ready`), 'ready'),
    },
    prometheus: {
      endpoint: `http://${HOST}:${PORTS.prometheus}`,
      check: () => ok(httpGet(`http://${HOST}:${PORTS.prometheus}/-/ready`)),
    },
  };
}

const COMPONENT_PORTS: Record<string, Array<[number, string]>> = {
  kine: [
    [PORTS.kine, 'kine etcd API'],
    [PORTS.kineMetrics, 'kine metrics'],
  ],
  'kube-apiserver': [[PORTS.apiserver, 'kube-apiserver']],
  'kube-controller-manager': [
    [PORTS.controllerManager, 'kube-controller-manager'],
  ],
  'kube-scheduler': [[PORTS.scheduler, 'kube-scheduler']],
  kwok: [[PORTS.kwok, 'kwok controller']],
  tempo: [
    [PORTS.tempoHttp, 'tempo http'],
    [PORTS.tempoGrpc, 'tempo grpc'],
    [PORTS.tempoOtlpGrpc, 'tempo otlp grpc'],
    [PORTS.tempoOtlpHttp, 'tempo otlp http'],
    [PORTS.tempoMemberlist, 'tempo memberlist'],
  ],
  prometheus: [[PORTS.prometheus, 'prometheus']],
};

/** Status of the stack recorded in the run dir: which pids run and whether each answers its health check. */
export async function stackStatus(): Promise<StackStatus> {
  const state = readState();
  if (!state) {
    return {
      running: false,
      healthy: false,
      runDir: runDir(),
      components: [],
      totalRssBytes: 0,
    };
  }
  // state.info is missing while a start is in progress (or when one died half-way): then no
  // component counts as healthy, and ensureStackUp restarts the stack.
  const checks = state.info ? healthChecks(state.info) : {};
  const components = await Promise.all(
    state.processes.map(async (p): Promise<ComponentStatus> => {
      const running = isOurProcess(p);
      const h = checks[p.name];
      const healthy = running && h ? await h.check() : false;
      return {
        name: p.name,
        pid: p.pid,
        running,
        healthy,
        endpoint: h?.endpoint ?? '',
        ...(state.info ? {} : { detail: 'stack start incomplete' }),
        rssBytes: running ? rssBytes(p.pid) : 0,
        logFile: p.logFile,
      };
    }),
  );
  const running = components.some(c => c.running);
  return {
    running,
    healthy: components.length > 0 && components.every(c => c.healthy),
    runDir: runDir(),
    components,
    totalRssBytes: components.reduce((a, c) => a + c.rssBytes, 0),
    info: state.info,
  };
}

async function stopRecorded(state: StackState | undefined) {
  if (!state) return;
  // Reverse start order: kwok/scheduler/controller-manager before the API server, kine last.
  for (const p of [...state.processes].reverse()) {
    const result = await stopProcess(p);
    if (result !== 'not-running')
      log(`stopped ${p.name} (pid ${p.pid}, ${result})`);
  }
}

/** Stops exactly the processes recorded in the run dir. Data of the run is kept until the next start. */
export async function stopStack(): Promise<void> {
  ensureDir(path.dirname(lockDir()));
  await acquireDirLock(lockDir(), 'stack');
  try {
    const state = readState();
    if (!state) {
      log('no stack recorded in the run dir: nothing to stop');
      return;
    }
    await stopRecorded(state);
    fs.rmSync(stateFile(), { force: true });
  } finally {
    fs.rmSync(lockDir(), { recursive: true, force: true });
  }
}

function randomToken(): string {
  return crypto.randomBytes(24).toString('hex');
}

/**
 * Returns the running stack, starting it first when it is not up (building binaries on the first
 * run on a machine). Safe to call from several processes: a lock serialises starts.
 */
export async function ensureStackUp(
  options: { demo?: boolean } = {},
): Promise<StackInfo> {
  ensureDir(path.dirname(lockDir()));
  await acquireDirLock(lockDir(), 'stack');
  try {
    let status = await stackStatus();
    // A busy machine can make one health check time out: look again before restarting a stack
    // that other test processes may be using.
    for (
      let i = 0;
      i < 3 && status.running && !status.healthy && status.info;
      i++
    ) {
      await new Promise(r => setTimeout(r, 2000));
      status = await stackStatus();
    }
    let info: StackInfo;
    if (status.healthy && status.info) {
      info = status.info;
    } else {
      if (status.running) {
        const bad = status.components.filter(c => !c.healthy).map(c => c.name);
        log(
          `the recorded stack is unhealthy (${bad.join(', ')}): restarting it`,
        );
      }
      await stopRecorded(readState());
      fs.rmSync(stateFile(), { force: true });
      info = await startStack();
    }
    registerUser();
    if (options.demo) {
      await applyDemo(info);
    }
    return info;
  } finally {
    fs.rmSync(lockDir(), { recursive: true, force: true });
  }
}

const usersDir = () => path.join(runDir(), 'users');

/** Records this process as a user of the stack (see otherStackUsers). */
function registerUser() {
  ensureDir(usersDir());
  fs.writeFileSync(
    path.join(usersDir(), String(process.pid)),
    new Date().toISOString(),
  );
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1], 10);
  } catch {
    return undefined;
  }
}

/**
 * Live processes other than this one (and its children, e.g. Jest workers) that called
 * ensureStackUp. A global teardown leaves the stack running while there are any.
 */
export function otherStackUsers(): number[] {
  if (!fs.existsSync(usersDir())) return [];
  const out: number[] = [];
  for (const entry of fs.readdirSync(usersDir())) {
    const pid = parseInt(entry, 10);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (!alive) {
      fs.rmSync(path.join(usersDir(), entry), { force: true });
    } else if (pid !== process.pid && parentPid(pid) !== process.pid) {
      out.push(pid);
    }
  }
  return out;
}

/** Client for the running stack (admin unless a token is given). */
export function kubeClient(
  info: StackInfo,
  token = info.adminToken,
): KubeClient {
  return new KubeClient(info.apiServerUrl, info.caCertPem, token);
}

export async function applyDemo(info: StackInfo): Promise<void> {
  const client = kubeClient(info);
  const files = fs
    .readdirSync(DEMO_DIR)
    .filter(f => f.endsWith('.yaml'))
    .sort();
  const deployments: KubeObject[] = [];
  for (const f of files) {
    const objs = readManifests(path.join(DEMO_DIR, f));
    await applyManifests(client, objs);
    deployments.push(...objs.filter(o => o.kind === 'Deployment'));
  }
  log(
    `demo: applied ${deployments.length} Deployments from ${path.relative(
      process.cwd(),
      DEMO_DIR,
    )}; waiting for rollouts`,
  );
  for (const d of deployments) {
    await waitForRollout(
      client,
      d.metadata.namespace!,
      d.metadata.name,
      120_000,
    );
  }
  log('demo: every Deployment is rolled out on the KWOK nodes');
}

/** Waits until a Deployment's newest generation is fully rolled out with every replica available. */
export async function waitForRollout(
  client: KubeClient,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<any> {
  return waitFor(
    `Deployment ${namespace}/${name} to roll out`,
    async () => {
      const d = await client.get('apps/v1', 'Deployment', name, namespace);
      if (!d) return undefined;
      const want = d.spec?.replicas ?? 1;
      const s = d.status ?? {};
      const done =
        s.observedGeneration >= d.metadata.generation &&
        (s.updatedReplicas ?? 0) === want &&
        (s.replicas ?? 0) === want &&
        (s.availableReplicas ?? 0) === want &&
        (s.readyReplicas ?? 0) === want;
      return done ? d : undefined;
    },
    timeoutMs,
  );
}

async function startStack(): Promise<StackInfo> {
  const t0 = Date.now();
  const bin = await ensureBinaries();
  const tBuilt = Date.now();

  for (const [component, ports] of Object.entries(COMPONENT_PORTS)) {
    for (const [port, label] of ports) {
      await assertPortFree(
        HOST,
        port,
        label === component ? component : `${component}, ${label}`,
      );
    }
  }

  const dir = runDir();
  // A fresh run dir each start: the cluster (kine memory backend) and Tempo/Prometheus data are
  // per run. Logs of the previous run are kept as logs.previous/.
  const logs = path.join(dir, 'logs');
  fs.rmSync(path.join(dir, 'logs.previous'), { recursive: true, force: true });
  if (fs.existsSync(logs)) fs.renameSync(logs, path.join(dir, 'logs.previous'));
  for (const sub of ['data', 'pki', 'tokens', 'config', 'certs']) {
    fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
  }
  ensureDir(logs);
  const cfgDir = ensureDir(path.join(dir, 'config'));
  const dataDir = ensureDir(path.join(dir, 'data'));
  const tokensDir = ensureDir(path.join(dir, 'tokens'));
  const certsDir = ensureDir(path.join(dir, 'certs'));

  log('generating PKI and tokens (openssl)');
  const pki = await generatePki(bin.openssl, path.join(dir, 'pki'));
  const caCertPem = fs.readFileSync(pki.caCert, 'utf8');
  const apiServerUrl = `https://${HOST}:${PORTS.apiserver}`;

  const users: Record<string, StaticTokenUser> = {
    admin: {
      token: randomToken(),
      user: 'stack-admin',
      uid: 'stack-admin',
      groups: ['system:masters'],
    },
    kcm: {
      token: randomToken(),
      user: 'system:kube-controller-manager',
      uid: 'kcm',
      groups: [],
    },
    scheduler: {
      token: randomToken(),
      user: 'system:kube-scheduler',
      uid: 'scheduler',
      groups: [],
    },
    // KWOK plays every kubelet (node + pod status, leases); it runs as a cluster admin like kwokctl's.
    kwok: {
      token: randomToken(),
      user: 'kwok-controller',
      uid: 'kwok',
      groups: ['system:masters'],
    },
  };
  const tokenAuthFile = path.join(pki.dir, 'tokens.csv');
  fs.writeFileSync(tokenAuthFile, tokenFile(Object.values(users)), {
    mode: 0o600,
  });
  const kc = (name: string, u: StaticTokenUser) => {
    const p = path.join(cfgDir, `${name}.kubeconfig`);
    fs.writeFileSync(
      p,
      kubeconfig({
        server: apiServerUrl,
        caPem: caCertPem,
        user: u.user,
        token: u.token,
      }),
      {
        mode: 0o600,
      },
    );
    return p;
  };
  const adminKubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    adminKubeconfig,
    kubeconfig({
      server: apiServerUrl,
      caPem: caCertPem,
      user: users.admin.user,
      token: users.admin.token,
    }),
    { mode: 0o600 },
  );
  fs.writeFileSync(path.join(tokensDir, 'admin.token'), users.admin.token, {
    mode: 0o600,
  });
  const kcmKubeconfig = kc('kube-controller-manager', users.kcm);
  const schedulerKubeconfig = kc('kube-scheduler', users.scheduler);
  const kwokKubeconfig = kc('kwok', users.kwok);

  const processes: ProcessRecord[] = [];
  const state: StackState = {
    processes,
    startSeconds: 0,
    info: undefined as unknown as StackInfo,
  };
  const record = (p: ProcessRecord) => {
    processes.push(p);
    // Record pids as soon as they exist, so `stack:down` can clean up after a failed start.
    writeState(state);
  };
  const checks = healthChecks({ adminToken: users.admin.token, caCertPem });
  const waitHealthy = async (name: string, timeoutMs: number) => {
    const started = Date.now();
    const p = processes.find(x => x.name === name)!;
    await waitFor(
      `${name} to become ready (${checks[name].endpoint})`,
      async () => {
        if (!isOurProcess(p)) {
          const tail = fs
            .readFileSync(p.logFile, 'utf8')
            .split('\n')
            .slice(-25)
            .join('\n');
          throw new AbortWait(
            `${name} exited during startup. Last lines of ${p.logFile}:\n${tail}`,
          );
        }
        return checks[name].check();
      },
      timeoutMs,
      250,
    ).catch(e => {
      if (e instanceof AbortWait) throw e;
      const tail = fs.existsSync(p.logFile)
        ? fs.readFileSync(p.logFile, 'utf8').split('\n').slice(-25).join('\n')
        : '';
      throw new Error(
        `${(e as Error).message}. Last lines of ${p.logFile}:\n${tail}`,
      );
    });
    log(`  ${name} ready (${formatDuration(Date.now() - started)})`);
  };

  try {
    log('starting kine (etcd API on a memory backend)');
    record(
      startProcess({
        name: 'kine',
        binary: bin.kine,
        args: [
          '--endpoint=memory://',
          `--listen-address=${HOST}:${PORTS.kine}`,
          `--metrics-bind-address=${HOST}:${PORTS.kineMetrics}`,
        ],
        logDir: logs,
        ports: [PORTS.kine, PORTS.kineMetrics],
        cwd: dataDir,
      }),
    );
    await waitHealthy('kine', 30_000);

    log('starting kube-apiserver');
    record(
      startProcess({
        name: 'kube-apiserver',
        binary: bin.kubeApiserver,
        args: [
          `--etcd-servers=http://${HOST}:${PORTS.kine}`,
          `--bind-address=${HOST}`,
          `--advertise-address=${HOST}`,
          `--secure-port=${PORTS.apiserver}`,
          `--cert-dir=${path.join(certsDir, 'kube-apiserver')}`,
          `--tls-cert-file=${pki.apiserverCert}`,
          `--tls-private-key-file=${pki.apiserverKey}`,
          `--client-ca-file=${pki.caCert}`,
          `--token-auth-file=${tokenAuthFile}`,
          '--authorization-mode=RBAC',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          `--service-account-key-file=${pki.saPub}`,
          `--service-account-signing-key-file=${pki.saKey}`,
          '--service-cluster-ip-range=10.96.0.0/16',
          // The node agent the product deploys uses hostPID.
          '--allow-privileged=true',
          // 127.0.0.1 cannot be an Endpoints address; nothing in-cluster dials the API server here.
          '--endpoint-reconciler-type=none',
          '--profiling=false',
          '--enable-priority-and-fairness=false',
        ],
        logDir: logs,
        ports: [PORTS.apiserver],
        cwd: dataDir,
      }),
    );
    await waitHealthy('kube-apiserver', 120_000);
    const client = new KubeClient(apiServerUrl, caCertPem, users.admin.token);

    log(
      'starting kube-controller-manager, kube-scheduler, Tempo and Prometheus',
    );
    record(
      startProcess({
        name: 'kube-controller-manager',
        binary: bin.kubeControllerManager,
        args: [
          `--kubeconfig=${kcmKubeconfig}`,
          `--authentication-kubeconfig=${kcmKubeconfig}`,
          `--authorization-kubeconfig=${kcmKubeconfig}`,
          `--bind-address=${HOST}`,
          `--secure-port=${PORTS.controllerManager}`,
          `--cert-dir=${path.join(certsDir, 'kube-controller-manager')}`,
          '--leader-elect=false',
          '--use-service-account-credentials=true',
          `--service-account-private-key-file=${pki.saKey}`,
          `--root-ca-file=${pki.caCert}`,
          '--profiling=false',
        ],
        logDir: logs,
        ports: [PORTS.controllerManager],
        cwd: dataDir,
      }),
    );
    record(
      startProcess({
        name: 'kube-scheduler',
        binary: bin.kubeScheduler,
        args: [
          `--kubeconfig=${schedulerKubeconfig}`,
          `--authentication-kubeconfig=${schedulerKubeconfig}`,
          `--authorization-kubeconfig=${schedulerKubeconfig}`,
          `--bind-address=${HOST}`,
          `--secure-port=${PORTS.scheduler}`,
          `--cert-dir=${path.join(certsDir, 'kube-scheduler')}`,
          '--leader-elect=false',
          '--profiling=false',
        ],
        logDir: logs,
        ports: [PORTS.scheduler],
        cwd: dataDir,
      }),
    );
    const tempoData = ensureDir(path.join(dataDir, 'tempo'));
    const tempoCfg = path.join(cfgDir, 'tempo.yaml');
    fs.writeFileSync(tempoCfg, tempoConfig(tempoData));
    record(
      startProcess({
        name: 'tempo',
        binary: bin.tempo,
        args: [`-config.file=${tempoCfg}`],
        logDir: logs,
        ports: COMPONENT_PORTS.tempo.map(([p]) => p),
        cwd: tempoData,
      }),
    );
    const promData = ensureDir(path.join(dataDir, 'prometheus'));
    const promCfg = path.join(cfgDir, 'prometheus.yml');
    fs.writeFileSync(promCfg, prometheusConfig());
    record(
      startProcess({
        name: 'prometheus',
        binary: bin.prometheus,
        args: [
          `--config.file=${promCfg}`,
          `--storage.tsdb.path=${promData}`,
          '--storage.tsdb.retention.time=1d',
          `--web.listen-address=${HOST}:${PORTS.prometheus}`,
          '--web.enable-remote-write-receiver',
        ],
        logDir: logs,
        ports: [PORTS.prometheus],
        cwd: promData,
      }),
    );

    log("installing KWOK's Stage CRD and default node/pod stages");
    const kwokManifests = fs
      .readdirSync(bin.kwokManifestsDir)
      .sort(
        (a, b) => Number(b.includes('_stages')) - Number(a.includes('_stages')),
      )
      .flatMap(f => readManifests(path.join(bin.kwokManifestsDir, f)));
    await applyManifests(client, kwokManifests);

    const kwokCfg = path.join(cfgDir, 'kwok.yaml');
    fs.writeFileSync(
      kwokCfg,
      // Deliberately no KwokConfiguration: a partial one is not defaulted by kwok (zero
      // parallelism). Defaults + flags apply, and ~/.kwok/kwok.yaml is never read.
      '# kwok configuration for the test stack: defaults + command-line flags\n',
    );
    log('starting KWOK');
    record(
      startProcess({
        name: 'kwok',
        binary: bin.kwok,
        args: [
          `--kubeconfig=${kwokKubeconfig}`,
          `--config=${kwokCfg}`,
          '--manage-all-nodes=false',
          '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
          `--server-address=${HOST}:${PORTS.kwok}`,
          '--node-lease-duration-seconds=40',
          '--enable-crds=Stage',
          // Fake pods and nodes get loopback addresses: when the API server proxies to a pod
          // or a node (pods/proxy, logs), it dials this machine, never a private network.
          '--cidr=127.42.0.0/16',
          `--node-ip=${HOST}`,
        ],
        logDir: logs,
        ports: [PORTS.kwok],
        cwd: dataDir,
      }),
    );

    log(`creating KWOK nodes ${KWOK_NODES.join(', ')}`);
    for (const name of KWOK_NODES) {
      const existing = await client.get('v1', 'Node', name);
      if (!existing)
        await client.call('POST', '/api/v1/nodes', { body: fakeNode(name) });
    }

    log(
      'applying the portal RBAC (plugins/observability-backend/rbac/portal-rbac.yaml)',
    );
    await applyManifests(client, readManifests(PORTAL_RBAC_FILE));
    await client.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: RESTRICTED_TOKEN_SECRET,
        namespace: RESTRICTED_NAMESPACE,
        annotations: { 'kubernetes.io/service-account.name': RESTRICTED_SA },
      },
      type: 'kubernetes.io/service-account-token',
    });

    await Promise.all([
      waitHealthy('kube-controller-manager', 120_000),
      waitHealthy('kube-scheduler', 120_000),
      waitHealthy('kwok', 60_000),
      waitHealthy('tempo', 180_000),
      waitHealthy('prometheus', 60_000),
    ]);

    const restrictedToken = await waitFor(
      `the token controller to fill Secret ${RESTRICTED_NAMESPACE}/${RESTRICTED_TOKEN_SECRET}`,
      async () => {
        const s = await client.get(
          'v1',
          'Secret',
          RESTRICTED_TOKEN_SECRET,
          RESTRICTED_NAMESPACE,
        );
        const t = s?.data?.token;
        return t ? Buffer.from(t, 'base64').toString('utf8') : undefined;
      },
      60_000,
    );
    const restrictedTokenPath = path.join(tokensDir, `${RESTRICTED_SA}.token`);
    fs.writeFileSync(restrictedTokenPath, restrictedToken, { mode: 0o600 });
    const restrictedKubeconfig = path.join(dir, `kubeconfig-${RESTRICTED_SA}`);
    fs.writeFileSync(
      restrictedKubeconfig,
      kubeconfig({
        server: apiServerUrl,
        caPem: caCertPem,
        user: `system:serviceaccount:${RESTRICTED_NAMESPACE}:${RESTRICTED_SA}`,
        token: restrictedToken,
        namespace: RESTRICTED_NAMESPACE,
      }),
      { mode: 0o600 },
    );

    await waitFor(
      `KWOK nodes ${KWOK_NODES.join(', ')} to be Ready and schedulable`,
      async () => {
        for (const name of KWOK_NODES) {
          const n = await client.get('v1', 'Node', name);
          const ready = n?.status?.conditions?.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          );
          const blocked = (n?.spec?.taints ?? []).some(
            (t: any) => t.effect === 'NoSchedule',
          );
          if (!ready || blocked) return false;
        }
        return true;
      },
      90_000,
    );
    await waitFor(
      'the default ServiceAccount in namespace default',
      () => client.get('v1', 'ServiceAccount', 'default', 'default'),
      60_000,
    );

    const info: StackInfo = {
      runDir: dir,
      apiServerUrl,
      caCertPem,
      caCertPath: pki.caCert,
      kubeconfigPath: adminKubeconfig,
      adminToken: users.admin.token,
      restricted: {
        namespace: RESTRICTED_NAMESPACE,
        serviceAccount: RESTRICTED_SA,
        token: restrictedToken,
        tokenPath: restrictedTokenPath,
        kubeconfigPath: restrictedKubeconfig,
      },
      nodes: KWOK_NODES,
      tempo: {
        httpUrl: `http://${HOST}:${PORTS.tempoHttp}`,
        grpcAddress: `${HOST}:${PORTS.tempoGrpc}`,
        otlpGrpcEndpoint: `${HOST}:${PORTS.tempoOtlpGrpc}`,
        otlpHttpUrl: `http://${HOST}:${PORTS.tempoOtlpHttp}`,
      },
      prometheusUrl: `http://${HOST}:${PORTS.prometheus}`,
      collectorBinary: bin.otelcol,
      binaries: bin,
      ports: PORTS,
      startedAt: new Date().toISOString(),
    };
    state.info = info;
    state.startSeconds = Math.round((Date.now() - tBuilt) / 100) / 10;
    writeState(state);
    const rss = processes.reduce((a, p) => a + rssBytes(p.pid), 0);
    log(
      `stack up: started in ${formatDuration(
        Date.now() - tBuilt,
      )} (${formatDuration(
        Date.now() - t0,
      )} including build checks), RSS ${formatBytes(rss)}`,
    );
    return info;
  } catch (e) {
    log(
      `start failed: ${
        (e as Error).message.split('\n')[0]
      }; stopping what was started`,
    );
    await stopRecorded(state);
    fs.rmSync(stateFile(), { force: true });
    throw e;
  }
}

function fakeNode(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'kwok.x-k8s.io/node': 'fake',
      },
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    spec: {},
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'kwok',
        kernelVersion: '',
        kubeProxyVersion: '',
        kubeletVersion: 'fake',
        machineID: '',
        operatingSystem: 'linux',
        osImage: '',
        systemUUID: '',
      },
      phase: 'Running',
    },
  };
}
