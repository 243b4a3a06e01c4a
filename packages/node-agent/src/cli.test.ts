import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildGoSleeper, realPython } from './testing/fixtures';
import { ProcessPool } from './testing/processes';

jest.setTimeout(60_000);

const BIN = path.resolve(__dirname, '../bin/detect.js');
const REPO_ROOT = path.resolve(__dirname, '../../..');
const pool = new ProcessPool();
let goPid: number;
let pyPid: number;

function run(
  args: string[],
  opts: { uid?: number; gid?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { ...opts, timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({
          code: err ? (err as { code?: number }).code ?? 1 : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

beforeAll(async () => {
  // Build the CLI bundle once, before anything runs it concurrently or as another user.
  execFileSync(process.execPath, [
    path.resolve(__dirname, '../bin/build.js'),
    'cli',
  ]);
  goPid = (await pool.start(buildGoSleeper(), [])).pid;
  pyPid = (
    await pool.start(realPython(), [
      '-c',
      "print('ready', flush=True)\nimport sys; sys.stdin.read()",
    ])
  ).pid;
}, 180_000);

afterAll(() => pool.killAll());

describe('detect CLI', () => {
  it('prints a JSON array with one object per pid', async () => {
    const { code, stdout, stderr } = await run([
      '--pid',
      String(goPid),
      '--pid',
      String(pyPid),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.map((r: any) => [r.pid, r.language])).toEqual([
      [goPid, 'go'],
      [pyPid, 'python'],
    ]);
    expect(Object.keys(out[0]).slice(0, 7)).toEqual([
      'pid',
      'language',
      'runtimeVersion',
      'libc',
      'otherAgents',
      'confidence',
      'evidence',
    ]);
  });

  it('fails clearly for a pid that does not exist', async () => {
    const { code, stdout, stderr } = await run(['--pid', '4194301']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: no process with pid 4194301 (/proc/4194301 does not exist)\n',
    );
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('scans every visible process with --all', async () => {
    const { code, stdout } = await run(['--all']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Array<{ pid: number; language: string }>;
    expect(out.find(r => r.pid === goPid)?.language).toBe('go');
    expect(out.find(r => r.pid === pyPid)?.language).toBe('python');
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--pid', 'abc'])).code).toBe(2);
    const unknown = await run(['--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown argument "--frobnicate"/);
  });

  it("prints only JSON through the repository's Yarn: yarn --silent detect --pid <pid>", async () => {
    // The Yarn release the repository pins (yarnPath), with its plugins (.yarn/plugins).
    const yarnrc = fs.readFileSync(path.join(REPO_ROOT, '.yarnrc.yml'), 'utf8');
    const yarnPath = /^yarnPath:\s*(\S+)/m.exec(yarnrc)?.[1];
    expect(yarnPath).toBeDefined();
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>(resolve =>
      execFile(
        process.execPath,
        [
          path.join(REPO_ROOT, yarnPath!),
          '--silent',
          'detect',
          '--pid',
          String(process.pid),
        ],
        { cwd: REPO_ROOT, timeout: 60_000 },
        (err, out, errOut) =>
          resolve({
            code: err ? (err as { code?: number }).code ?? 1 : 0,
            stdout: out,
            stderr: errOut,
          }),
      ),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toEqual([
      expect.objectContaining({
        pid: process.pid,
        language: 'nodejs',
        exe: fs.realpathSync(process.execPath),
      }),
    ]);
  });

  it('survives permission errors when run as an unprivileged user', async () => {
    // The bundle and node must be readable by "nobody" for this to mean anything.
    fs.accessSync(BIN, fs.constants.R_OK);
    const { code, stdout, stderr } = await run(
      ['--pid', String(pyPid), '--pid', '1'],
      { uid: 65534, gid: 65534 },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [py] = JSON.parse(stdout);
    // exe, environ and maps of a root process are closed to nobody; cmdline is not.
    expect(py.error).toMatch(/permission denied/);
    expect(py.language).toBe('python');
    expect(py.confidence).toBe(0.65);
    expect(py.evidence).toContain('(binary unreadable)');
  });
});
