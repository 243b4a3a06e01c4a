import { Detector, NoSuchProcessError } from './detect';
import type { DetectionResult } from './types';

const USAGE = `Usage: yarn --silent detect --pid <PID> [--pid <PID> ...] | --all [--proc-root <dir>]

Detects the language, runtime version, libc and other observability agents of processes by
reading /proc and their executables (never executing them). Prints a JSON array.

  --pid <PID>        a process to inspect (repeatable)
  --all              every visible process (kernel threads skipped)
  --proc-root <dir>  read this directory instead of /proc
  --pretty           indent the JSON
`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Output keys, in order. */
function toOutput(r: DetectionResult) {
  return {
    pid: r.pid,
    language: r.language,
    runtimeVersion: r.runtimeVersion,
    libc: r.libc,
    otherAgents: r.otherAgents,
    confidence: r.confidence,
    evidence: r.evidence,
    ...(r.exe ? { exe: r.exe } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/** Runs the CLI; returns the exit code (0 ok, 1 a pid was missing, 2 usage error). */
export function runCli(
  argv: string[],
  io: CliIo = {
    stdout: s => process.stdout.write(s),
    stderr: s => process.stderr.write(s),
  },
): number {
  const pids: number[] = [];
  let all = false;
  let procRoot = '/proc';
  let pretty = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--pid') {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v) || Number(v) <= 0) {
        io.stderr(
          `error: --pid needs a positive integer, got ${JSON.stringify(
            v ?? '',
          )}\n`,
        );
        return 2;
      }
      pids.push(Number(v));
    } else if (flag === '--all') all = true;
    else if (flag === '--proc-root') {
      const v = value();
      if (!v) {
        io.stderr('error: --proc-root needs a directory\n');
        return 2;
      }
      procRoot = v;
    } else if (flag === '--pretty') pretty = true;
    else if (flag === '--help' || flag === '-h') {
      io.stdout(USAGE);
      return 0;
    } else {
      io.stderr(`error: unknown argument ${JSON.stringify(arg)}\n\n${USAGE}`);
      return 2;
    }
  }
  if (!all && pids.length === 0) {
    io.stderr(`error: give --pid <PID> or --all\n\n${USAGE}`);
    return 2;
  }

  const detector = new Detector({ procRoot });
  const results: DetectionResult[] = [];
  let code = 0;
  if (all) {
    const self = process.pid;
    results.push(...detector.scanAll(pid => pid !== self));
  }
  for (const pid of pids) {
    try {
      results.push(detector.detect(pid));
    } catch (err) {
      if (!(err instanceof NoSuchProcessError)) throw err;
      io.stderr(`error: ${err.message}\n`);
      code = 1;
    }
  }
  io.stdout(
    `${JSON.stringify(results.map(toOutput), null, pretty ? 2 : undefined)}\n`,
  );
  return code;
}

/** Entry point of the bundled CLI. */
export function main(argv = process.argv.slice(2)) {
  process.exitCode = runCli(argv);
}
