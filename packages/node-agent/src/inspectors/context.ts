import type { ElfInfo } from '../elf/analyze';
import type { ElfCache } from '../elf/cache';
import { classifyError, describeError } from '../proc/errors';
import type { ProcFs } from '../proc/procfs';

/**
 * What the inspectors may look at for one process. Every source is read lazily, at most once, and
 * a failure (process exited, permission denied) is recorded instead of thrown.
 */
export class ProcessContext {
  /** Failures met while reading, e.g. "environ: permission denied (EACCES)". */
  readonly errors: string[] = [];
  /** Set when a read showed the process has exited. */
  gone = false;
  /** Set when the process exists but has no executable (a kernel thread). */
  noExecutable = false;
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly pid: number,
    readonly proc: ProcFs,
    private readonly elfCache: ElfCache,
  ) {}

  private once<T>(key: string, read: () => T, fallback: T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    let value: T;
    try {
      value = read();
    } catch (err) {
      if (classifyError(err) === 'gone') this.gone = true;
      this.errors.push(`${key}: ${describeError(err)}`);
      value = fallback;
    }
    this.memo.set(key, value);
    return value;
  }

  /** The executable path as the process sees it; undefined for kernel threads or when unreadable. */
  get exe(): string | undefined {
    if (!this.memo.has('exe')) {
      try {
        this.memo.set('exe', this.proc.exeLink(this.pid).path);
      } catch (err) {
        this.memo.set('exe', undefined);
        // Kernel threads have no exe link (ENOENT) while /proc/<pid> stays; so do zombies.
        if (
          classifyError(err) === 'gone' &&
          this.proc.exists(this.pid) &&
          !this.isZombie()
        ) {
          this.noExecutable = true;
        } else {
          if (classifyError(err) === 'gone') this.gone = true;
          this.errors.push(`exe: ${describeError(err)}`);
        }
      }
    }
    return this.memo.get('exe') as string | undefined;
  }

  /** ELF analysis of the executable; undefined when it cannot be read or is not ELF. */
  get elf(): ElfInfo | undefined {
    return this.once(
      'elf',
      () => {
        const r = this.elfCache.forProcess(this.proc, this.pid);
        if ('error' in r) {
          this.errors.push(`elf: ${r.error}`);
          return undefined;
        }
        return r.info;
      },
      undefined,
    );
  }

  get cmdline(): string[] {
    return this.once('cmdline', () => this.proc.cmdline(this.pid), []);
  }

  /** Environment at exec time. Values must never be copied into results. */
  get env(): Map<string, string> {
    return this.once('environ', () => this.proc.environ(this.pid), new Map());
  }

  /** Paths of mapped files (shared libraries and others). */
  get maps(): string[] {
    return this.once('maps', () => this.proc.maps(this.pid).paths, []);
  }

  private isZombie(): boolean {
    try {
      return this.proc.status(this.pid).state === 'Z';
    } catch {
      return true;
    }
  }

  /** Reads a small file inside the process's root filesystem (via /proc/<pid>/root). */
  readInRoot(path: string): string | undefined {
    return this.once(
      `root:${path}`,
      () => this.proc.readInRoot(this.pid, path),
      undefined,
    );
  }
}
