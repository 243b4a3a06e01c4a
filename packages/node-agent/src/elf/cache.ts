import { analyzeElf, ElfInfo } from './analyze';
import { FdSource } from './source';
import type { ProcFs } from '../proc/procfs';
import * as fs from 'node:fs';

/** At most this many bytes are read from one executable, whatever it claims about itself. */
export const ELF_READ_BUDGET = 8 * 1024 * 1024;

export type ElfResult = { info: ElfInfo } | { error: string };

/**
 * Caches ELF analyses by file identity (device, inode, size, mtime): a node runs many processes
 * of few executables, so each binary is parsed once.
 */
export class ElfCache {
  private readonly entries = new Map<string, ElfResult>();
  constructor(private readonly maxEntries = 1024) {}

  /** Analyses the executable behind /proc/<pid>/exe. Throws only the fs errors of reaching it. */
  forProcess(proc: ProcFs, pid: number): ElfResult {
    const id = proc.exeIdentity(pid);
    const hit = this.entries.get(id.key);
    if (hit) return hit;
    const { fd, size } = proc.openExe(pid);
    let result: ElfResult;
    try {
      result = {
        info: analyzeElf(new FdSource(fd, size, ELF_READ_BUDGET, proc.stats)),
      };
    } catch (err) {
      if (typeof err === 'object' && err !== null && 'code' in err) throw err;
      result = { error: err instanceof Error ? err.message : String(err) };
    } finally {
      fs.closeSync(fd);
    }
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id.key, result);
    return result;
  }

  get size() {
    return this.entries.size;
  }
}
