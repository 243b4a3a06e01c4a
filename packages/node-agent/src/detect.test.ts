import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Detector, NoSuchProcessError } from './detect';
import {
  buildCppSleeper,
  buildGoSleeper,
  buildJava,
  buildRustSleeper,
  JAVA_FLAGS,
  realPython,
} from './testing/fixtures';
import { ProcessPool, waitFor } from './testing/processes';
import type { DetectionResult } from './types';
import { writeFakeProcess } from './testing/proc-tree';

jest.setTimeout(60_000);

const pool = new ProcessPool();
const pids: Record<string, number> = {};
let tmp: string;
let python: string;
let ruby: string;
let javaAgentJar: string;

const PY_IDLE = "print('ready', flush=True)\nimport sys; sys.stdin.read()";
const NODE_IDLE = "console.log('ready'); process.stdin.resume()";

function write(file: string, text: string, mode = 0o644) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
  return file;
}

/** The child a shell started (the shell waits on it). */
function childOf(pid: number): number | undefined {
  try {
    const text = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim();
    return text ? Number(text.split(/\s+/)[0]) : undefined;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  execFileSync(
    'bash',
    [path.resolve(__dirname, '../../../scripts/test-deps.sh')],
    { stdio: 'ignore' },
  );
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-test-'));
  const go = buildGoSleeper();
  const rust = buildRustSleeper();
  const cpp = buildCppSleeper();
  const java = buildJava();
  javaAgentJar = java.agentJar;
  python = realPython();
  ruby = fs.realpathSync(
    execFileSync('sh', ['-c', 'command -v ruby'], { encoding: 'utf8' }).trim(),
  );

  // A Go program under interpreter names.
  fs.copyFileSync(go, path.join(tmp, 'node'));
  fs.copyFileSync(go, path.join(tmp, 'python3'));
  fs.chmodSync(path.join(tmp, 'node'), 0o755);
  fs.chmodSync(path.join(tmp, 'python3'), 0o755);
  // bash under the name "node": the name must not win over the binary.
  fs.mkdirSync(path.join(tmp, 'fake'));
  fs.copyFileSync(fs.realpathSync('/bin/bash'), path.join(tmp, 'fake', 'node'));
  fs.chmodSync(path.join(tmp, 'fake', 'node'), 0o755);
  // An interpreter through a symlink, and through wrapper scripts.
  fs.symlinkSync(python, path.join(tmp, 'myapp'));
  write(
    path.join(tmp, 'exec-wrapper.sh'),
    `#!/bin/sh\nexec "${python}" -c "$1"\n`,
    0o755,
  );
  write(
    path.join(tmp, 'child-wrapper.sh'),
    `#!/bin/sh\n"${python}" -c "$1"\necho done\n`,
    0o755,
  );
  write(path.join(tmp, 'idle.sh'), '#!/bin/sh\necho ready\nread line\n', 0o755);
  // dd-trace stand-in so `node --require dd-trace/init` really starts.
  write(
    path.join(tmp, 'app', 'node_modules', 'dd-trace', 'init.js'),
    'globalThis.__ddStub = true;\n',
  );

  const starts: Array<Promise<void>> = [];
  const start = (
    key: string,
    cmd: string,
    args: string[],
    opts: Parameters<ProcessPool['start']>[2] = {},
  ) =>
    starts.push(
      pool.start(cmd, args, opts).then(s => void (pids[key] = s.pid)),
    );

  start('go', go, []);
  start('rust', rust, []);
  start('cpp', cpp, []);
  start('goAsNode', path.join(tmp, 'node'), []);
  start('goAsPython', path.join(tmp, 'python3'), []);
  start('bashAsNode', path.join(tmp, 'fake', 'node'), [
    '-c',
    'echo ready; read line',
  ]);
  start('python', python, ['-c', PY_IDLE]);
  start('pythonEnv', python, ['-c', PY_IDLE], {
    env: {
      ...process.env,
      PYTHON_VERSION: '3.99.1',
      DD_TRACE_ENABLED: 'true',
      DD_API_KEY: 'secret-value-1234',
    },
  });
  start('pythonSymlink', path.join(tmp, 'myapp'), ['-c', PY_IDLE]);
  start('pythonExecWrapper', path.join(tmp, 'exec-wrapper.sh'), [PY_IDLE]);
  start('childWrapper', path.join(tmp, 'child-wrapper.sh'), [PY_IDLE]);
  start('node', process.execPath, ['-e', NODE_IDLE]);
  start('nodeDd', process.execPath, ['-e', NODE_IDLE], {
    cwd: path.join(tmp, 'app'),
    env: { ...process.env, NODE_OPTIONS: '--require dd-trace/init' },
  });
  start('ruby', ruby, ['-e', '$stdout.sync = true; puts "ready"; $stdin.read']);
  start('shell', path.join(tmp, 'idle.sh'), []);
  start('java', 'java', [...JAVA_FLAGS, '-cp', java.classDir, 'Single'], {
    timeoutMs: 45_000,
  });
  start(
    'javaNewRelic',
    'java',
    [...JAVA_FLAGS, '-cp', java.classDir, 'Single'],
    {
      timeoutMs: 45_000,
      env: { ...process.env, JAVA_TOOL_OPTIONS: `-javaagent:${java.agentJar}` },
    },
  );
  await Promise.all(starts);
}, 300_000);

afterAll(async () => {
  await pool.killAll();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const detector = () => new Detector();
const detect = (key: string): DetectionResult => detector().detect(pids[key]);

describe('detectProcess on real processes', () => {
  it('detects Java, with the version from the JDK release file and libc', () => {
    const r = detect('java');
    expect(r.language).toBe('java');
    const release = fs.readFileSync(
      path.join(
        path.dirname(
          path.dirname(
            fs.realpathSync(
              execFileSync('sh', ['-c', 'command -v java'], {
                encoding: 'utf8',
              }).trim(),
            ),
          ),
        ),
        'release',
      ),
      'utf8',
    );
    expect(r.runtimeVersion).toBe(/^JAVA_VERSION="([^"]+)"/m.exec(release)![1]);
    expect(r.libc).toBe('glibc');
    expect(r.confidence).toBeGreaterThanOrEqual(0.97);
    expect(r.evidence.join('\n')).toMatch(/maps: .*libjvm\.so/);
    expect(r.otherAgents).toEqual([]);
    expect(r.source).toBe('process');
  });

  it('sees a New Relic javaagent given through JAVA_TOOL_OPTIONS', () => {
    const r = detect('javaNewRelic');
    expect(r.language).toBe('java');
    expect(r.otherAgents).toEqual([
      {
        vendor: 'newrelic',
        name: 'New Relic APM',
        evidence: 'env JAVA_TOOL_OPTIONS contains newrelic',
      },
    ]);
    expect(javaAgentJar).toMatch(/newrelic\.jar$/);
  });

  it('detects Python and its version', () => {
    const r = detect('python');
    expect(r.language).toBe('python');
    const full = execFileSync(
      python,
      ['-c', 'import platform; print(platform.python_version())'],
      { encoding: 'utf8' },
    ).trim();
    expect(r.runtimeVersion).toMatch(/^\d+\.\d+/);
    expect(full.startsWith(r.runtimeVersion!)).toBe(true);
    expect(r.libc).toBe('glibc');
    expect(r.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('prefers PYTHON_VERSION and reports a Datadog agent without leaking env values', () => {
    const r = detect('pythonEnv');
    expect(r.language).toBe('python');
    expect(r.runtimeVersion).toBe('3.99.1');
    expect(r.evidence).toContain('version: env: PYTHON_VERSION');
    expect(r.otherAgents.map(a => a.vendor)).toEqual(['datadog']);
    expect(JSON.stringify(r)).not.toContain('secret-value-1234');
  });

  it('detects Node.js and its version', () => {
    const r = detect('node');
    expect(r.language).toBe('nodejs');
    expect(r.evidence).toContain('elf: exports napi_create_function');
    // The version comes from the install path (node-vX.Y.Z/bin/node) or NODE_VERSION.
    const expected = /node-v\d/.test(process.execPath)
      ? process.versions.node
      : null;
    expect(r.runtimeVersion).toBe(expected);
  });

  it('sees dd-trace required through NODE_OPTIONS', () => {
    const r = detect('nodeDd');
    expect(r.language).toBe('nodejs');
    expect(r.otherAgents).toEqual([
      {
        vendor: 'datadog',
        name: 'Datadog APM',
        evidence: 'env NODE_OPTIONS contains dd-trace',
      },
    ]);
  });

  it('detects Go with the toolchain version from build info; static, so no libc', () => {
    const r = detect('go');
    expect(r.language).toBe('go');
    expect(r.runtimeVersion).toBe(
      execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim(),
    );
    expect(r.libc).toBe('static');
    expect(r.confidence).toBe(0.99);
  });

  it('detects Rust with the rustc version', () => {
    const r = detect('rust');
    expect(r.language).toBe('rust');
    expect(r.runtimeVersion).toBe(
      /rustc (\S+)/.exec(
        execFileSync('rustc', ['--version'], { encoding: 'utf8' }),
      )![1],
    );
  });

  it('detects C++ from libstdc++', () => {
    const r = detect('cpp');
    expect(r.language).toBe('cpp');
    expect(r.runtimeVersion).toMatch(/^gcc \d+\.\d+\.\d+$/);
  });

  it('detects Ruby from libruby', () => {
    const r = detect('ruby');
    expect(r.language).toBe('ruby');
    const full = execFileSync(ruby, ['-e', 'print RUBY_VERSION'], {
      encoding: 'utf8',
    });
    expect(full.startsWith(r.runtimeVersion!)).toBe(true);
  });

  it('reports a shell script as no runtime', () => {
    const r = detect('shell');
    expect(r.language).toBe('unknown');
    expect(r.exe).toMatch(/\/(dash|bash|sh)$/);
    expect(r.runtimeVersion).toBeNull();
    expect(r.confidence).toBe(0.6);
    expect(r.error).toBeUndefined();
  });

  it('checks the binary before the name: a Go program called node or python3 is Go', () => {
    for (const key of ['goAsNode', 'goAsPython']) {
      const r = detect(key);
      expect(r.exe).toMatch(/\/(node|python3)$/);
      expect(r.language).toBe('go');
      expect(r.confidence).toBe(0.99);
    }
  });

  it('does not believe the name of a readable binary without the runtime (bash called node)', () => {
    const r = detect('bashAsNode');
    expect(r.language).toBe('unknown');
    expect(r.evidence.join('\n')).toMatch(/name: exe node ignored/);
  });

  it('follows symlinks and exec wrappers to the interpreter', () => {
    for (const key of ['pythonSymlink', 'pythonExecWrapper']) {
      const r = detect(key);
      expect(r.language).toBe('python');
      expect(fs.realpathSync(r.exe!)).toBe(python);
    }
  });

  it('tells a wrapper shell from the interpreter it started', async () => {
    const shell = detect('childWrapper');
    expect(shell.language).toBe('unknown');
    const child = await waitFor(() => childOf(pids.childWrapper), {
      what: 'wrapper child',
    });
    expect(detector().detect(child).language).toBe('python');
  });

  it('scans all processes, skipping kernel threads, and finds ours', () => {
    const d = detector();
    const all = d.scanAll();
    const byPid = new Map(all.map(r => [r.pid, r]));
    expect(byPid.get(pids.go)?.language).toBe('go');
    expect(byPid.get(pids.java)?.language).toBe('java');
    expect(all.every(r => r.exe !== undefined || r.error !== undefined)).toBe(
      true,
    );
    // The ELF cache parsed each executable once.
    expect(d.elfCache.size).toBeLessThan(all.length);
  });

  it('throws NoSuchProcessError for a pid that does not exist', () => {
    expect(() => detector().detect(2 ** 22 + 7)).toThrow(NoSuchProcessError);
  });
});

describe('processes that exit, and races', () => {
  it('reports a zombie (exited, not reaped) instead of throwing, and scanAll skips it', async () => {
    // Python forks a child that exits at once and never reaps it.
    const parent = await pool.start(python, [
      '-c',
      "import os, sys\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint('zombie', pid)\nprint('ready', flush=True)\nsys.stdin.read()",
    ]);
    const pid = Number(
      await waitFor(() => childOf(parent.pid), { what: 'forked child' }),
    );
    await waitFor(
      () => /State:\s+Z/.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8')),
      {
        what: 'zombie state',
      },
    );
    const r = detector().detect(pid);
    expect(r.language).toBe('unknown');
    expect(r.confidence).toBe(0);
    expect(r.error).toBe('process exited during inspection');
    expect(
      detector()
        .scanAll()
        .some(x => x.pid === pid),
    ).toBe(false);
  });

  it('keeps what it read when the process exits between reads (simulated ESRCH/ENOENT)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gone-'));
    writeFakeProcess(root, {
      pid: 4242,
      exe: buildGoSleeper(),
      cmdline: ['/app/server'],
    });
    const d = new Detector({ procRoot: root });
    const gone = (code: string) => () => {
      throw Object.assign(new Error(code), { code });
    };
    d.proc.environ = gone('ESRCH');
    d.proc.maps = gone('ENOENT');
    const r = d.detect(4242);
    expect(r.language).toBe('go');
    expect(r.error).toBe('process exited during inspection');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('survives processes exiting mid-scan (200 short-lived processes during repeated scans)', async () => {
    const churn = spawnChurn(200);
    const d = detector();
    let scans = 0;
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && !churn.done()) {
      const results = d.scanAll();
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(typeof r.language).toBe('string');
      scans++;
      await new Promise(res => setImmediate(res));
    }
    await churn.finished;
    expect(scans).toBeGreaterThan(0);
  });
});

function spawnChurn(count: number) {
  const state = { exited: 0, running: 0, started: 0 };
  let resolve!: () => void;
  const finished = new Promise<void>(r => {
    resolve = r;
  });
  const onExit = () => {
    state.running--;
    state.exited++;
    if (state.exited === count) resolve();
    else launch();
  };
  function launch() {
    while (state.running < 8 && state.started < count) {
      state.started++;
      state.running++;
      spawn(
        '/bin/sh',
        ['-c', 'i=0; while [ $i -lt 50 ]; do i=$((i+1)); done'],
        {
          stdio: 'ignore',
        },
      ).on('exit', onExit);
    }
  }
  launch();
  return { finished, done: () => state.exited === count };
}
