import * as fs from 'node:fs';
import { IoStats, newIoStats, readBounded, readBoundedText } from './bounded';

/** Per-file read limits. Everything the detector reads from /proc goes through these. */
export interface ProcLimits {
  cmdline: number;
  environ: number;
  maps: number;
  status: number;
  cgroup: number;
  /** Small files read inside the process's root (e.g. a JDK's `release`). */
  rootFile: number;
}

export const DEFAULT_PROC_LIMITS: ProcLimits = {
  cmdline: 8 * 1024,
  environ: 32 * 1024,
  maps: 256 * 1024,
  status: 4 * 1024,
  cgroup: 8 * 1024,
  rootFile: 4 * 1024,
};

export interface ProcStatus {
  name?: string;
  /** Single-letter state: R, S, D, Z (zombie), ... */
  state?: string;
  ppid?: number;
  /** The pid inside the innermost pid namespace (last NSpid entry). */
  nsPid?: number;
  uid?: number;
}

/** Mapped files of a process, deduplicated, in order of first appearance. */
export interface MappedFiles {
  paths: string[];
  truncated: boolean;
}

/**
 * Reads `/proc/<pid>/...` with bounded reads. The root is configurable so tests can point it at a
 * prepared tree. Methods throw the underlying fs error (see `classifyError`) and never execute
 * anything.
 */
export class ProcFs {
  readonly root: string;
  readonly limits: ProcLimits;
  readonly stats: IoStats;

  constructor(
    root = '/proc',
    options: { limits?: Partial<ProcLimits>; stats?: IoStats } = {},
  ) {
    this.root = root.replace(/\/+$/, '') || '/';
    this.limits = { ...DEFAULT_PROC_LIMITS, ...options.limits };
    this.stats = options.stats ?? newIoStats();
  }

  path(pid: number, file: string): string {
    return `${this.root}/${pid}/${file}`;
  }

  /** Numeric entries of the proc root, ascending. */
  listPids(): number[] {
    const pids: number[] = [];
    for (const name of fs.readdirSync(this.root)) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(name);
      if (Number.isSafeInteger(pid) && pid > 0 && String(pid) === name)
        pids.push(pid);
    }
    return pids.sort((a, b) => a - b);
  }

  exists(pid: number): boolean {
    try {
      fs.statSync(`${this.root}/${pid}`);
      return true;
    } catch {
      return false;
    }
  }

  /** The exe link as the process sees it, without the " (deleted)" suffix. */
  exeLink(pid: number): { path: string; deleted: boolean } {
    const raw = fs.readlinkSync(this.path(pid, 'exe'));
    if (raw.endsWith(' (deleted)'))
      return { path: raw.slice(0, -10), deleted: true };
    return { path: raw, deleted: false };
  }

  /** Identity of the executable behind the exe link (follows it), used as a cache key. */
  exeIdentity(pid: number): { key: string; size: number } {
    const st = fs.statSync(this.path(pid, 'exe'), { bigint: false });
    return {
      key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`,
      size: st.size,
    };
  }

  /** Opens the executable through the exe link (works across mount namespaces and for deleted files). */
  openExe(pid: number): { fd: number; size: number } {
    const fd = fs.openSync(
      this.path(pid, 'exe'),
      fs.constants.O_RDONLY | fs.constants.O_NONBLOCK,
    );
    this.stats.filesOpened++;
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile())
        throw Object.assign(new Error('exe is not a regular file'), {
          code: 'EINVAL',
        });
      return { fd, size: st.size };
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  cmdline(pid: number): string[] {
    const { text } = readBoundedText(
      this.path(pid, 'cmdline'),
      this.limits.cmdline,
      this.stats,
    );
    if (text.length === 0) return [];
    const parts = text.split('\0');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts;
  }

  /** Environment at exec time. Values stay in memory only; callers must not report them. */
  environ(pid: number): Map<string, string> {
    const { data } = readBounded(
      this.path(pid, 'environ'),
      this.limits.environ,
      this.stats,
    );
    const env = new Map<string, string>();
    let start = 0;
    while (start < data.length) {
      let end = data.indexOf(0, start);
      if (end < 0) end = data.length;
      const eq = data.indexOf(61 /* = */, start);
      if (eq > start && eq < end) {
        const key = data.toString('latin1', start, eq);
        if (!env.has(key)) env.set(key, data.toString('utf8', eq + 1, end));
      }
      start = end + 1;
    }
    return env;
  }

  /** File-backed mappings (shared libraries, the executable, jars mapped by the JVM...). */
  maps(pid: number): MappedFiles {
    const { text, truncated } = readBoundedText(
      this.path(pid, 'maps'),
      this.limits.maps,
      this.stats,
    );
    const seen = new Set<string>();
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      // "addr perms offset dev inode   pathname": the first '/' on the line starts the path.
      const slash = text.indexOf('/', start);
      if (slash >= 0 && slash < end) {
        let p = text.slice(slash, end);
        if (p.endsWith(' (deleted)')) p = p.slice(0, -10);
        seen.add(p);
      }
      start = end + 1;
    }
    return { paths: [...seen], truncated };
  }

  status(pid: number): ProcStatus {
    const { text } = readBoundedText(
      this.path(pid, 'status'),
      this.limits.status,
      this.stats,
    );
    const out: ProcStatus = {};
    for (const line of text.split('\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const key = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      if (key === 'Name') out.name = value;
      else if (key === 'State') out.state = value.charAt(0);
      else if (key === 'PPid') out.ppid = toInt(value);
      else if (key === 'Uid') out.uid = toInt(value.split(/\s+/)[0]);
      else if (key === 'NSpid') {
        const all = value.split(/\s+/);
        out.nsPid = toInt(all[all.length - 1]);
      }
    }
    return out;
  }

  cgroup(pid: number): string {
    return readBoundedText(
      this.path(pid, 'cgroup'),
      this.limits.cgroup,
      this.stats,
    ).text;
  }

  /**
   * Reads a small file as the process sees it, through `/proc/<pid>/root`. Refuses anything that
   * is not a regular file so a hostile container cannot point us at a device or FIFO.
   */
  readInRoot(pid: number, file: string): string | undefined {
    if (!file.startsWith('/') || file.includes('\0')) return undefined;
    const path = `${this.root}/${pid}/root${file}`;
    try {
      if (!fs.statSync(path).isFile()) return undefined;
      return readBoundedText(path, this.limits.rootFile, this.stats).text;
    } catch {
      return undefined;
    }
  }
}

function toInt(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : undefined;
}
