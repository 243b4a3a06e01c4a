import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProcFs } from './procfs';
import { classifyError, describeError } from './errors';
import { Detector } from '../detect';
import { makeProcRoot, writeFakeProcess } from '../testing/proc-tree';

jest.setTimeout(30_000);

let root: string;
beforeEach(() => {
  root = makeProcRoot();
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('ProcFs on a prepared tree', () => {
  it('lists only numeric entries and parses cmdline, environ, maps and status', () => {
    writeFakeProcess(root, {
      pid: 12,
      exe: '/bin/sh',
      cmdline: ['python3', '-m', 'app'],
      environ: { A: '1', EMPTY: '', 'WITH=EQUALS': 'x' },
      maps: [
        '/usr/lib/libpython3.11.so.1.0',
        '/usr/lib/libpython3.11.so.1.0',
        '/lib/x86_64-linux-gnu/libc.so.6 (deleted)',
      ],
    });
    fs.mkdirSync(path.join(root, 'self'));
    fs.mkdirSync(path.join(root, '0012x'));
    const proc = new ProcFs(root);
    expect(proc.listPids()).toEqual([12]);
    expect(proc.cmdline(12)).toEqual(['python3', '-m', 'app']);
    const env = proc.environ(12);
    expect(env.get('A')).toBe('1');
    expect(env.get('EMPTY')).toBe('');
    expect(env.get('WITH')).toBe('EQUALS=x');
    expect(proc.maps(12).paths).toEqual([
      '/usr/lib/libpython3.11.so.1.0',
      '/lib/x86_64-linux-gnu/libc.so.6',
    ]);
    expect(proc.status(12)).toEqual({
      name: 'sh',
      state: 'S',
      ppid: 1,
      uid: 0,
      nsPid: 1,
    });
    expect(proc.exeLink(12)).toEqual({ path: '/bin/sh', deleted: false });
  });

  it('reads at most the configured bytes of each file and counts them', () => {
    const big = 'X'.repeat(100_000);
    writeFakeProcess(root, {
      pid: 5,
      exe: '/bin/sh',
      environ: { FIRST: 'a', BIG: big, LAST: 'z' },
    });
    const proc = new ProcFs(root, { limits: { environ: 1024 } });
    const before = proc.stats.bytesRead;
    const env = proc.environ(5);
    expect(env.get('FIRST')).toBe('a');
    expect(env.get('BIG')!.length).toBeLessThan(1024);
    expect(env.has('LAST')).toBe(false);
    expect(proc.stats.bytesRead - before).toBe(1025); // the limit plus one byte to detect the cut
    const maps = new ProcFs(root, { limits: { maps: 10 } }).maps(5);
    expect(maps.truncated).toBe(false); // empty maps file
  });

  it('strips " (deleted)" from the exe link', () => {
    const pidDir = writeFakeProcess(root, { pid: 7 });
    fs.symlinkSync('/bin/sh (deleted)', path.join(pidDir, 'exe'));
    const proc = new ProcFs(root);
    expect(proc.exeLink(7)).toEqual({ path: '/bin/sh', deleted: true });
  });

  it('classifies errors: gone vs denied', () => {
    const proc = new ProcFs(root);
    let err: unknown;
    try {
      proc.cmdline(999);
    } catch (e) {
      err = e;
    }
    expect(classifyError(err)).toBe('gone');
    expect(describeError(err)).toBe('process exited');
    expect(classifyError(Object.assign(new Error(), { code: 'EACCES' }))).toBe(
      'denied',
    );
    expect(describeError(Object.assign(new Error(), { code: 'EPERM' }))).toBe(
      'permission denied (EPERM)',
    );
  });

  it('does not hang on a FIFO, nor follow an exe link to a directory or a device', () => {
    const dir = writeFakeProcess(root, { pid: 9, cmdline: ['x'] });
    fs.rmSync(path.join(dir, 'environ'));
    execFileSync('mkfifo', [path.join(dir, 'environ')]);
    fs.symlinkSync('/tmp', path.join(dir, 'exe'));
    const r = new Detector({ procRoot: root }).detect(9);
    expect(r.language).toBe('unknown');
    expect(r.error).toMatch(/elf: .*(EISDIR|EINVAL)/);

    const dir2 = writeFakeProcess(root, { pid: 10, cmdline: ['x'] });
    fs.symlinkSync('/dev/zero', path.join(dir2, 'exe'));
    const r2 = new Detector({ procRoot: root }).detect(10);
    expect(r2.error).toMatch(/elf: EINVAL/);
  });

  it('refuses to read non-regular files inside the process root', () => {
    const dir = writeFakeProcess(root, { pid: 11, exe: '/bin/sh' });
    fs.mkdirSync(path.join(dir, 'root', 'etc'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'root', 'etc', 'release'),
      'JAVA_VERSION="21"\n',
    );
    fs.symlinkSync('/dev/zero', path.join(dir, 'root', 'etc', 'zero'));
    const proc = new ProcFs(root);
    expect(proc.readInRoot(11, '/etc/release')).toBe('JAVA_VERSION="21"\n');
    expect(proc.readInRoot(11, '/etc/zero')).toBeUndefined();
    expect(proc.readInRoot(11, 'relative')).toBeUndefined();
  });

  it('falls back to names, with lower confidence, when the executable is not ELF', () => {
    const script = path.join(root, 'python3');
    fs.writeFileSync(
      script,
      `#!/bin/sh\n${'# a shell script, not an ELF executable\n'.repeat(4)}`,
    );
    writeFakeProcess(root, {
      pid: 20,
      exe: script,
      cmdline: ['python3', 'app.py'],
    });
    const r = new Detector({ procRoot: root }).detect(20);
    expect(r.language).toBe('python');
    expect(r.confidence).toBe(0.65);
    expect(r.evidence).toContain('(binary unreadable)');
    expect(r.error).toMatch(/elf: not an ELF file/);
  });

  it('skips kernel threads in scanAll and labels them in detect', () => {
    writeFakeProcess(root, { pid: 2, name: 'kthreadd' });
    writeFakeProcess(root, { pid: 30, exe: '/bin/sh', cmdline: ['sh'] });
    const d = new Detector({ procRoot: root });
    expect(d.scanAll().map(r => r.pid)).toEqual([30]);
    expect(d.detect(2).evidence).toEqual(['exe: none (kernel thread)']);
  });
});
