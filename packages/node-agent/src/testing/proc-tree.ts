/** Writes prepared /proc trees for tests: one directory per pid with the files the detector reads. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface FakeProcess {
  pid: number;
  /** Target of the exe symlink (a real file for ELF analysis); omit for a kernel thread. */
  exe?: string;
  cmdline?: string[];
  environ?: Record<string, string>;
  /** Mapped file paths, written as maps lines. */
  maps?: string[];
  cgroup?: string;
  name?: string;
  state?: string;
}

export function makeProcRoot(prefix = 'proc-tree-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFakeProcess(root: string, p: FakeProcess): string {
  const dir = path.join(root, String(p.pid));
  fs.mkdirSync(dir, { recursive: true });
  if (p.exe) fs.symlinkSync(p.exe, path.join(dir, 'exe'));
  fs.writeFileSync(
    path.join(dir, 'cmdline'),
    p.cmdline ? `${p.cmdline.join('\0')}\0` : '',
  );
  fs.writeFileSync(
    path.join(dir, 'environ'),
    Object.entries(p.environ ?? {})
      .map(([k, v]) => `${k}=${v}\0`)
      .join(''),
  );
  fs.writeFileSync(
    path.join(dir, 'maps'),
    (p.maps ?? [])
      .map(
        (m, i) =>
          `${(0x7f0000000000 + i * 0x1000).toString(16)}-${(
            0x7f0000001000 +
            i * 0x1000
          ).toString(16)} r--p 00000000 08:01 ${
            1000 + i
          }                       ${m}\n`,
      )
      .join(''),
  );
  fs.writeFileSync(path.join(dir, 'cgroup'), p.cgroup ?? '0::/\n');
  fs.writeFileSync(
    path.join(dir, 'status'),
    `Name:\t${p.name ?? path.basename(p.exe ?? 'kthread')}\nState:\t${
      p.state ?? 'S'
    } (sleeping)\nTgid:\t${p.pid}\nPPid:\t1\nUid:\t0\t0\t0\t0\nNSpid:\t${
      p.pid
    }\t1\n`,
  );
  return dir;
}
