/*
 * Builds (once per machine) and locates every binary the stack runs.
 *
 * Go components are built from their upstream modules with the ordinary Go toolchain and cached in
 * `<cacheRoot>/<component>-<version>/bin`, so only the first run on a machine builds. Modules with
 * replace directives (k8s.io/kubernetes, Tempo) are built through a generated wrapper module that
 * requires them and copies their replaces (kubernetes: each staging module pinned to v0.N.P).
 * Prometheus and openssl come from Debian (`apt-get install`) when missing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run, runSyncText, which } from './exec';
import {
  parseGoDirective,
  parseReplaces,
  pinKubernetesStaging,
  renderWrapperGoMod,
} from './gomod';
import { formatBytes, formatDuration, log } from './log';
import { cacheRoot, ensureDir, stackDir } from './paths';
import { loadVersions, StackVersions } from './versions';

export interface StackBinaries {
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kine: string;
  kwok: string;
  /** KWOK's Stage CRD and default node/pod stages, copied from the kwok module. */
  kwokManifestsDir: string;
  tempo: string;
  otelcol: string;
  prometheus: string;
  openssl: string;
}

export interface BuildRecord {
  component: string;
  version: string;
  seconds: number;
  builtAt: string;
  sizes: Record<string, number>;
}

const HEARTBEAT_MS = 30_000;

function goEnv(goSumDb?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (goSumDb) {
    // The module registry reachable from these machines serves these modules but not the
    // checksum-database entries of most of their dependency graph. Module hashes are still
    // verified: against the committed lock test/stack/go-sums/<component>.sum (seeded into the
    // wrapper module's go.sum before any download).
    env.GOSUMDB = goSumDb;
  }
  return env;
}

function compareGoVersions(a: string, b: string): number {
  const pa = a.split('.').map(n => parseInt(n, 10) || 0);
  const pb = b.split('.').map(n => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

async function checkGo(versions: StackVersions): Promise<void> {
  if (!which('go')) {
    throw new Error(
      `Go >= ${versions.go.minimum} is required to build the stack (kube-apiserver, kine, KWOK, Tempo, otelcol-obs) and 'go' is not on PATH.`,
    );
  }
  const goVersion = (await run('go', ['env', 'GOVERSION'])).trim();
  const plain = goVersion.replace(/^go/, '').replace(/[^0-9.].*$/, '');
  if (compareGoVersions(plain, versions.go.minimum) < 0) {
    throw new Error(
      `Go ${plain} is too old: the stack needs Go >= ${versions.go.minimum} (k8s.io/kubernetes ${versions.kubernetes.version} requires it).`,
    );
  }
}

function lockFileFor(name: string): string {
  return path.join(stackDir, 'go-sums', `${name}.sum`);
}

function seedGoSum(workDir: string, name: string) {
  const lock = lockFileFor(name);
  if (fs.existsSync(lock)) {
    fs.copyFileSync(lock, path.join(workDir, 'go.sum'));
  }
}

function saveGoSum(workDir: string, name: string) {
  const sum = path.join(workDir, 'go.sum');
  if (!fs.existsSync(sum)) return;
  const lock = lockFileFor(name);
  const next = fs.readFileSync(sum, 'utf8');
  const prev = fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : '';
  if (next !== prev) {
    try {
      ensureDir(path.dirname(lock));
      fs.writeFileSync(lock, next);
      log(`  updated ${path.relative(process.cwd(), lock)} (checksum lock)`);
    } catch {
      // read-only checkout: the lock is only an extra guard
    }
  }
}

/** Runs `build` into a temporary dir and moves it into place, so a half build never counts. */
async function cachedBuild(opts: {
  component: string;
  version: string;
  key: string;
  outputs: string[];
  build: (binDir: string, workDir: string, logFile: string) => Promise<void>;
}): Promise<string> {
  const root = ensureDir(cacheRoot());
  const finalDir = path.join(root, opts.key);
  const finalBin = path.join(finalDir, 'bin');
  if (opts.outputs.every(o => fs.existsSync(path.join(finalBin, o)))) {
    return finalBin;
  }
  const lockDir = path.join(root, `${opts.key}.lock`);
  await acquireDirLock(lockDir, opts.key);
  try {
    if (opts.outputs.every(o => fs.existsSync(path.join(finalBin, o)))) {
      return finalBin;
    }
    const tmp = path.join(root, `${opts.key}.tmp-${process.pid}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    const binDir = ensureDir(path.join(tmp, 'bin'));
    const workDir = ensureDir(path.join(root, 'work', opts.key));
    const logFile = path.join(root, 'logs', `${opts.key}.log`);
    ensureDir(path.dirname(logFile));
    fs.writeFileSync(logFile, '');
    log(
      `building ${opts.component} ${opts.version} (first run on this machine; log: ${logFile})`,
    );
    const started = Date.now();
    try {
      await opts.build(binDir, workDir, logFile);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    const ms = Date.now() - started;
    const sizes: Record<string, number> = {};
    for (const o of opts.outputs) {
      const p = path.join(binDir, o);
      if (!fs.existsSync(p)) {
        throw new Error(`building ${opts.component} did not produce ${o}`);
      }
      sizes[o] = fs.statSync(p).size;
    }
    const record: BuildRecord = {
      component: opts.component,
      version: opts.version,
      seconds: Math.round(ms / 100) / 10,
      builtAt: new Date().toISOString(),
      sizes,
    };
    fs.writeFileSync(
      path.join(tmp, 'build.json'),
      `${JSON.stringify(record, null, 2)}\n`,
    );
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmp, finalDir);
    log(
      `built ${opts.component} ${opts.version} in ${formatDuration(
        ms,
      )}: ${Object.entries(sizes)
        .filter(([n]) => !n.startsWith('..'))
        .map(([n, s]) => `${n} ${formatBytes(s)}`)
        .join(', ')}`,
    );
    return finalBin;
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A directory lock holding the owner's pid; a lock whose owner died is taken over. */
export async function acquireDirLock(lockDir: string, what: string) {
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = parseInt(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'), 10);
    } catch {
      // being written right now
    }
    if (!Number.isNaN(owner) && !pidAlive(owner)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      log(`waiting for process ${owner} that holds the ${what} lock`);
      announced = true;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

async function buildKubernetes(v: StackVersions): Promise<string> {
  const k = v.kubernetes;
  return cachedBuild({
    component: 'kubernetes',
    version: k.version,
    key: `kubernetes-${k.version}`,
    outputs: k.commands,
    build: async (binDir, workDir, logFile) => {
      const env = goEnv();
      const info = JSON.parse(
        await run(
          'go',
          ['mod', 'download', '-json', `${k.module}@${k.version}`],
          {
            cwd: workDir,
            env,
            logFile,
          },
        ),
      );
      if (info.Error) throw new Error(`go mod download: ${info.Error}`);
      const upstream = fs.readFileSync(info.GoMod, 'utf8');
      const replaces = pinKubernetesStaging(parseReplaces(upstream), k.version);
      fs.writeFileSync(
        path.join(workDir, 'go.mod'),
        renderWrapperGoMod({
          module: 'observability.local/stack/kubernetes',
          goVersion: parseGoDirective(upstream) ?? v.go.minimum,
          requires: [{ path: k.module, version: k.version }],
          replaces,
        }),
      );
      fs.writeFileSync(
        path.join(workDir, 'tools.go'),
        `//go:build tools\n\npackage tools\n\nimport (\n${k.commands
          .map(c => `\t_ "${k.module}/cmd/${c}"`)
          .join('\n')}\n)\n`,
      );
      seedGoSum(workDir, 'kubernetes');
      log(`  kubernetes: resolving modules (go mod tidy)`);
      await run('go', ['mod', 'tidy'], { cwd: workDir, env, logFile });
      const [major, minor] = k.version.replace(/^v/, '').split('.');
      const ver = 'k8s.io/component-base/version';
      const ldflags = [
        '-s',
        '-w',
        `-X ${ver}.gitVersion=${k.version}`,
        `-X ${ver}.gitMajor=${major}`,
        `-X ${ver}.gitMinor=${minor}`,
        `-X ${ver}.gitTreeState=clean`,
        `-X k8s.io/client-go/pkg/version.gitVersion=${k.version}`,
      ].join(' ');
      log(
        `  kubernetes: compiling ${k.commands.join(
          ', ',
        )} (the longest step: several minutes on 2 cores)`,
      );
      await run(
        'go',
        [
          'build',
          '-trimpath',
          `-ldflags=${ldflags}`,
          '-o',
          `${binDir}/`,
          ...k.commands.map(c => `${k.module}/cmd/${c}`),
        ],
        {
          cwd: workDir,
          env,
          logFile,
          heartbeatMs: HEARTBEAT_MS,
          label: 'kubernetes build',
        },
      );
      saveGoSum(workDir, 'kubernetes');
    },
  });
}

async function buildKine(v: StackVersions): Promise<string> {
  return cachedBuild({
    component: 'kine',
    version: v.kine.version,
    key: `kine-${v.kine.version}`,
    outputs: ['kine'],
    build: async (binDir, workDir, logFile) => {
      // Only the memory backend is used: without cgo, SQLite's C sources are not compiled.
      const env = { ...goEnv(), GOBIN: binDir, CGO_ENABLED: '0' };
      await run(
        'go',
        [
          'install',
          '-trimpath',
          '-ldflags=-s -w',
          `${v.kine.module}@${v.kine.version}`,
        ],
        {
          cwd: workDir,
          env,
          logFile,
          heartbeatMs: HEARTBEAT_MS,
          label: 'kine build',
        },
      );
    },
  });
}

const KWOK_MANIFESTS = [
  'kustomize/crd/bases/kwok.x-k8s.io_stages.yaml',
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

async function buildKwok(v: StackVersions): Promise<string> {
  return cachedBuild({
    component: 'kwok',
    version: v.kwok.version,
    key: `kwok-${v.kwok.version}`,
    outputs: [
      'kwok',
      ...KWOK_MANIFESTS.map(m => `../manifests/${path.basename(m)}`),
    ],
    build: async (binDir, workDir, logFile) => {
      const env = { ...goEnv(), GOBIN: binDir };
      await run(
        'go',
        [
          'install',
          '-trimpath',
          '-ldflags=-s -w',
          `${v.kwok.command}@${v.kwok.version}`,
        ],
        {
          cwd: workDir,
          env,
          logFile,
          heartbeatMs: HEARTBEAT_MS,
          label: 'kwok build',
        },
      );
      // The Stage CRD and the default stages kwokctl would load, taken from the same module.
      const info = JSON.parse(
        await run(
          'go',
          ['mod', 'download', '-json', `${v.kwok.module}@${v.kwok.version}`],
          {
            cwd: workDir,
            env,
            logFile,
          },
        ),
      );
      const manifests = ensureDir(path.join(binDir, '..', 'manifests'));
      for (const m of KWOK_MANIFESTS) {
        fs.copyFileSync(
          path.join(info.Dir, m),
          path.join(manifests, path.basename(m)),
        );
      }
    },
  });
}

async function buildTempo(v: StackVersions): Promise<string> {
  const t = v.tempo;
  return cachedBuild({
    component: 'tempo',
    version: t.version,
    key: `tempo-${t.version}`,
    outputs: ['tempo'],
    build: async (binDir, workDir, logFile) => {
      const env = goEnv(t.goSumDb);
      const info = JSON.parse(
        await run(
          'go',
          ['mod', 'download', '-json', `${t.module}@${t.version}`],
          {
            cwd: workDir,
            env,
            logFile,
          },
        ),
      );
      if (info.Error) throw new Error(`go mod download: ${info.Error}`);
      const upstream = fs.readFileSync(info.GoMod, 'utf8');
      fs.writeFileSync(
        path.join(workDir, 'go.mod'),
        renderWrapperGoMod({
          module: 'observability.local/stack/tempo',
          goVersion: parseGoDirective(upstream) ?? v.go.minimum,
          requires: [{ path: t.module, version: t.version }],
          replaces: parseReplaces(upstream),
        }),
      );
      fs.writeFileSync(
        path.join(workDir, 'tools.go'),
        `//go:build tools\n\npackage tools\n\nimport _ "${t.module}/cmd/tempo"\n`,
      );
      seedGoSum(workDir, 'tempo');
      log(`  tempo: resolving modules (go mod tidy)`);
      await run('go', ['mod', 'tidy', '-e'], { cwd: workDir, env, logFile });
      const revision = t.version.split('-').pop() ?? 'unknown';
      const ldflags = [
        '-s',
        '-w',
        `-X main.Version=${t.version}`,
        `-X main.Revision=${revision}`,
        '-X main.Branch=main',
      ].join(' ');
      log(`  tempo: compiling cmd/tempo`);
      await run(
        'go',
        [
          'build',
          '-trimpath',
          `-ldflags=${ldflags}`,
          '-o',
          path.join(binDir, 'tempo'),
          `${t.module}/cmd/tempo`,
        ],
        {
          cwd: workDir,
          env,
          logFile,
          heartbeatMs: HEARTBEAT_MS,
          label: 'tempo build',
        },
      );
      saveGoSum(workDir, 'tempo');
    },
  });
}

export function renderCollectorManifest(v: StackVersions): string {
  const template = fs.readFileSync(
    path.join(stackDir, 'config', 'otelcol-builder.yaml'),
    'utf8',
  );
  return template
    .replace(/\{\{releaseNoV\}\}/g, v.otelcol.release.replace(/^v/, ''))
    .replace(/\{\{release\}\}/g, v.otelcol.release);
}

async function buildCollector(v: StackVersions): Promise<string> {
  const o = v.otelcol;
  const manifest = renderCollectorManifest(v);
  const hash = manifestHash(manifest);
  return cachedBuild({
    component: o.distName,
    version: `${o.release} (manifest ${hash})`,
    key: `${o.distName}-${o.release}-${hash}`,
    outputs: [o.distName],
    build: async (binDir, workDir, logFile) => {
      const env = goEnv(o.goSumDb);
      const builderBin = ensureDir(
        path.join(cacheRoot(), `ocb-${o.release}`, 'bin'),
      );
      const builder = path.join(builderBin, 'builder');
      if (!fs.existsSync(builder)) {
        log(
          `  ${o.distName}: installing the OpenTelemetry Collector Builder ${o.release}`,
        );
        await run(
          'go',
          [
            'install',
            '-trimpath',
            '-ldflags=-s -w',
            `${o.builder}@${o.release}`,
          ],
          {
            cwd: workDir,
            env: { ...env, GOBIN: builderBin },
            logFile,
          },
        );
      }
      const src = path.join(workDir, 'src');
      fs.rmSync(src, { recursive: true, force: true });
      ensureDir(src);
      const manifestFile = path.join(workDir, 'manifest.yaml');
      fs.writeFileSync(
        manifestFile,
        manifest.replace(/^dist:\n/m, `dist:\n  output_path: ${src}\n`),
      );
      log(`  ${o.distName}: generating sources with the builder`);
      // The builder's own `go mod tidy` also resolves the test-only dependencies of the collector
      // core, some of which the reachable registry does not serve. Generate only, then resolve
      // with `go mod tidy -e` and compile here; a module the binary needs still fails the build.
      await run(
        builder,
        ['--config', manifestFile, '--skip-compilation', '--skip-get-modules'],
        { cwd: workDir, env, logFile },
      );
      seedGoSum(src, o.distName);
      log(`  ${o.distName}: resolving modules (go mod tidy -e)`);
      await run('go', ['mod', 'tidy', '-e'], { cwd: src, env, logFile });
      log(
        `  ${o.distName}: compiling (receivers, processors, exporters, connectors, extensions)`,
      );
      await run(
        'go',
        [
          'build',
          '-trimpath',
          '-ldflags=-s -w',
          '-o',
          path.join(binDir, o.distName),
          '.',
        ],
        {
          cwd: src,
          env,
          logFile,
          heartbeatMs: HEARTBEAT_MS,
          label: `${o.distName} build`,
        },
      );
      saveGoSum(src, o.distName);
    },
  });
}

async function aptInstall(pkg: string) {
  if (!which('apt-get')) {
    throw new Error(
      `${pkg} is missing and apt-get is not available to install it`,
    );
  }
  const env = {
    ...process.env,
    DEBIAN_FRONTEND: 'noninteractive',
  };
  const args = ['install', '-y', '--no-install-recommends', pkg];
  log(`installing ${pkg} from Debian (apt-get ${args.join(' ')})`);
  try {
    await run('apt-get', args, { env });
  } catch {
    log(`  apt-get install failed; running apt-get update once and retrying`);
    await run('apt-get', ['update'], { env });
    await run('apt-get', args, { env });
  }
}

async function ensureOpenssl(): Promise<string> {
  if (!which('openssl')) await aptInstall('openssl');
  const p = which('openssl');
  if (!p) throw new Error('openssl is still missing after apt-get install');
  return p;
}

async function ensurePrometheus(v: StackVersions): Promise<string> {
  // Debian's package may start its own service on :9090; the stack never uses that one and
  // runs its own process with its own config and data dir on 127.0.0.1:19090.
  const known = ['/usr/bin/prometheus'];
  let bin = known.find(p => fs.existsSync(p)) ?? which('prometheus');
  if (!bin) {
    await aptInstall(v.prometheus.debianPackage);
    bin = known.find(p => fs.existsSync(p)) ?? which('prometheus');
  }
  if (!bin)
    throw new Error('prometheus is still missing after apt-get install');
  const out = runSyncText(bin, ['--version']) ?? '';
  const m = /prometheus, version (\S+)/.exec(out);
  if (!m || !m[1].startsWith(v.prometheus.expectVersionPrefix)) {
    log(`warning: unexpected prometheus version: ${out.split('\n')[0]}`);
  }
  return bin;
}

/** Builds whatever is missing (printing progress and timings) and returns every binary path. */
export async function ensureBinaries(): Promise<StackBinaries> {
  const v = loadVersions();
  const started = Date.now();
  const openssl = await ensureOpenssl();
  const prometheus = await ensurePrometheus(v);
  let checkedGo = false;
  const step = async <T>(fn: () => Promise<T>): Promise<T> => {
    // Check the Go toolchain lazily: warm machines with every binary cached need no Go at all.
    if (!checkedGo) {
      checkedGo = true;
      await checkGo(v);
    }
    return fn();
  };
  const cachedAll = isEverythingCached(v);
  const k8sBin = cachedAll
    ? cachedBinDir(`kubernetes-${v.kubernetes.version}`)
    : await step(() => buildKubernetes(v));
  const kineBin = cachedAll
    ? cachedBinDir(`kine-${v.kine.version}`)
    : await step(() => buildKine(v));
  const kwokBin = cachedAll
    ? cachedBinDir(`kwok-${v.kwok.version}`)
    : await step(() => buildKwok(v));
  const tempoBin = cachedAll
    ? cachedBinDir(`tempo-${v.tempo.version}`)
    : await step(() => buildTempo(v));
  const otelBin = cachedAll
    ? cachedBinDir(collectorKey(v))
    : await step(() => buildCollector(v));
  const ms = Date.now() - started;
  if (!cachedAll) log(`all binaries ready after ${formatDuration(ms)}`);
  return {
    kubeApiserver: path.join(k8sBin, 'kube-apiserver'),
    kubeControllerManager: path.join(k8sBin, 'kube-controller-manager'),
    kubeScheduler: path.join(k8sBin, 'kube-scheduler'),
    kine: path.join(kineBin, 'kine'),
    kwok: path.join(kwokBin, 'kwok'),
    kwokManifestsDir: path.join(kwokBin, '..', 'manifests'),
    tempo: path.join(tempoBin, 'tempo'),
    otelcol: path.join(otelBin, v.otelcol.distName),
    prometheus,
    openssl,
  };
}

function cachedBinDir(key: string): string {
  return path.join(cacheRoot(), key, 'bin');
}

/** Hash of the manifest's content, ignoring comments and blank lines (editing a comment does not rebuild). */
function manifestHash(manifest: string): string {
  const content = manifest
    .split('\n')
    .map(l => l.replace(/\s+#.*$/, '').trimEnd())
    .filter(l => l.trim() && !l.trim().startsWith('#'))
    .join('\n');
  return crypto.createHash('sha256').update(content).digest('hex').slice(0, 8);
}

export function collectorKey(v: StackVersions): string {
  return `${v.otelcol.distName}-${v.otelcol.release}-${manifestHash(
    renderCollectorManifest(v),
  )}`;
}

function isEverythingCached(v: StackVersions): boolean {
  const need: Array<[string, string[]]> = [
    [`kubernetes-${v.kubernetes.version}`, v.kubernetes.commands],
    [`kine-${v.kine.version}`, ['kine']],
    [`kwok-${v.kwok.version}`, ['kwok']],
    [`tempo-${v.tempo.version}`, ['tempo']],
    [collectorKey(v), [v.otelcol.distName]],
  ];
  return need.every(([key, outs]) =>
    outs.every(o => fs.existsSync(path.join(cachedBinDir(key), o))),
  );
}

/** Build records (time, sizes) of every cached component, for the README and `stack:status`. */
export function buildRecords(): BuildRecord[] {
  const root = cacheRoot();
  if (!fs.existsSync(root)) return [];
  const out: BuildRecord[] = [];
  for (const entry of fs.readdirSync(root)) {
    if (fs.lstatSync(path.join(root, entry)).isSymbolicLink()) continue;
    const f = path.join(root, entry, 'build.json');
    if (fs.existsSync(f)) out.push(JSON.parse(fs.readFileSync(f, 'utf8')));
  }
  return out;
}
