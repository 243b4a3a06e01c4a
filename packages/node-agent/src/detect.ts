import { detectOtherAgents } from './agents/detect';
import type { ElfInfo } from './elf/analyze';
import { ElfCache } from './elf/cache';
import { INSPECTORS, LEVEL, Match, ProcessContext } from './inspectors';
import type { Inspector } from './inspectors';
import { newIoStats, type IoStats } from './proc/bounded';
import { ProcFs, type ProcLimits } from './proc/procfs';
import { CONFIDENCE, DetectionResult, Libc } from './types';

export interface DetectorOptions {
  /** Where /proc is; tests point this at a prepared tree. Default "/proc". */
  procRoot?: string;
  limits?: Partial<ProcLimits>;
  /** Shared ELF cache (keeps parsed executables across scans). */
  elfCache?: ElfCache;
  stats?: IoStats;
}

export class NoSuchProcessError extends Error {
  constructor(readonly pid: number, procRoot: string) {
    super(`no process with pid ${pid} (${procRoot}/${pid} does not exist)`);
    this.name = 'NoSuchProcessError';
  }
}

/**
 * Detects the language of processes from /proc and their executables. Checks the binary before
 * names, reads bounded amounts, never executes the target, and reports (rather than throws)
 * processes that exit mid-read or deny access.
 */
export class Detector {
  readonly proc: ProcFs;
  readonly elfCache: ElfCache;

  constructor(options: DetectorOptions = {}) {
    this.proc = new ProcFs(options.procRoot ?? '/proc', {
      limits: options.limits,
      stats: options.stats ?? newIoStats(),
    });
    this.elfCache = options.elfCache ?? new ElfCache();
  }

  get stats(): IoStats {
    return this.proc.stats;
  }

  /** Detects one process. Throws NoSuchProcessError when the pid does not exist. */
  detect(pid: number): DetectionResult {
    if (!Number.isSafeInteger(pid) || pid <= 0 || !this.proc.exists(pid)) {
      throw new NoSuchProcessError(pid, this.proc.root);
    }
    return this.inspect(new ProcessContext(pid, this.proc, this.elfCache));
  }

  /**
   * Detects every visible process except kernel threads and processes that exited during the
   * scan. `filter` runs first (e.g. to keep only containerised processes) and may read /proc.
   */
  scanAll(filter?: (pid: number) => boolean): DetectionResult[] {
    const out: DetectionResult[] = [];
    let pids: number[];
    try {
      pids = this.proc.listPids();
    } catch {
      return out;
    }
    for (const pid of pids) {
      if (filter && !filter(pid)) continue;
      const ctx = new ProcessContext(pid, this.proc, this.elfCache);
      if (
        ctx.exe === undefined &&
        (ctx.gone || (ctx.noExecutable && isKernelThread(ctx)))
      ) {
        continue;
      }
      const result = this.inspect(ctx);
      if (ctx.gone && result.language === 'unknown') continue;
      out.push(result);
    }
    return out;
  }

  private inspect(ctx: ProcessContext): DetectionResult {
    const exe = ctx.exe;
    const evidence: string[] = [];
    if (exe) evidence.push(`exe: ${exe}`);
    else if (ctx.noExecutable) evidence.push('exe: none (kernel thread)');
    const elf = exe !== undefined ? ctx.elf : undefined;

    const { inspector, match, notes } = choose(ctx, elf);
    evidence.push(...(match?.evidence ?? []), ...notes);

    let runtimeVersion: string | null = null;
    if (inspector?.version) {
      const v = inspector.version(ctx);
      if (v) {
        runtimeVersion = v.version;
        evidence.push(`version: ${v.evidence}`);
      }
    }

    const libc = libcOf(ctx, elf);
    if (libc.evidence) evidence.push(libc.evidence);

    const otherAgents = detectOtherAgents({
      env: ctx.env,
      cmdline: ctx.cmdline,
      maps: ctx.maps,
    });

    let confidence: number;
    if (match) confidence = match.confidence;
    else if (elf)
      confidence = CONFIDENCE.processMin; // readable binary, no runtime in it
    else confidence = 0;

    const result: DetectionResult = {
      pid: ctx.pid,
      language: inspector?.language ?? 'unknown',
      runtimeVersion,
      libc: libc.libc,
      otherAgents,
      confidence,
      evidence,
      source: 'process',
    };
    if (exe) result.exe = exe;
    if (ctx.gone) result.error = 'process exited during inspection';
    else if (ctx.errors.length > 0) result.error = ctx.errors.join('; ');
    return result;
  }
}

function isKernelThread(ctx: ProcessContext): boolean {
  // Kernel threads have no executable and an empty command line.
  return ctx.cmdline.length === 0;
}

function choose(
  ctx: ProcessContext,
  elf: ElfInfo | undefined,
): { inspector?: Inspector; match?: Match; notes: string[] } {
  const notes: string[] = [];
  let best: { inspector: Inspector; match: Match } | undefined;
  for (const inspector of INSPECTORS) {
    const match = inspector.fromBinary(ctx);
    if (match && (!best || match.confidence > best.match.confidence))
      best = { inspector, match };
  }
  if (best) return { ...best, notes };

  // Names only count when the binary could not tell: unreadable, or no dynamic symbols to
  // search. A readable runtime binary always exports its C API, so a bash renamed "node" is not
  // Node.js.
  const namesCount = !elf || !elf.hasDynamicSymbols;
  for (const inspector of INSPECTORS) {
    const match = inspector.fromName?.(ctx);
    if (!match) continue;
    if (namesCount) {
      const why = elf ? 'binary has no dynamic symbols' : 'binary unreadable';
      return {
        inspector,
        match: { ...match, evidence: [...match.evidence, `(${why})`] },
        notes,
      };
    }
    notes.push(
      `${match.evidence[0]} ignored: the binary has no ${inspector.language} runtime`,
    );
  }
  if (elf && elf.go === undefined && elf.rust === undefined) {
    notes.push('elf: no language runtime found');
  }
  return { notes };
}

function libcOf(
  ctx: ProcessContext,
  elf: ElfInfo | undefined,
): { libc: Libc; evidence?: string } {
  const interp = elf?.interpreter;
  if (interp) {
    if (/ld-musl/.test(interp))
      return { libc: 'musl', evidence: `libc: interpreter ${interp}` };
    if (/ld-linux|ld\.so|ld64\.so/.test(interp)) {
      return { libc: 'glibc', evidence: `libc: interpreter ${interp}` };
    }
  }
  if (elf && !interp)
    return { libc: 'static', evidence: 'libc: no interpreter (static)' };
  const maps = ctx.maps;
  const musl = maps.find(p => /\/ld-musl-|\/libc\.musl-/.test(p));
  if (musl) return { libc: 'musl', evidence: `libc: maps ${musl}` };
  const glibc = maps.find(p => /\/libc\.so\.6$|\/ld-linux/.test(p));
  if (glibc) return { libc: 'glibc', evidence: `libc: maps ${glibc}` };
  return { libc: 'unknown' };
}

/** Detects one process with a fresh detector. Throws NoSuchProcessError for a missing pid. */
export function detectProcess(
  pid: number,
  options: DetectorOptions = {},
): DetectionResult {
  return new Detector(options).detect(pid);
}

/** Detects every visible process (kernel threads skipped). */
export function scanAll(options: DetectorOptions = {}): DetectionResult[] {
  return new Detector(options).scanAll();
}

export { LEVEL };
