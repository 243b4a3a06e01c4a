/**
 * `yarn bench:detect`: starts 200 idle processes of genuinely different languages, scans the
 * whole machine with a cold detector (nothing cached), and prints as its last line
 *   procs=<n> procs_per_sec=<n> cpu_ms_per_proc=<n> bytes_per_proc=<n>
 * CPU is process.cpuUsage() (user + system) around the scan; bytes are what the detector read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Detector } from '../src/detect';
import type { Language } from '../src/types';
import {
  buildCppSleeper,
  buildGoSleeper,
  buildJava,
  buildRustSleeper,
  JAVA_FLAGS,
  realPython,
  which,
} from '../src/testing/fixtures';
import { ProcessPool } from '../src/testing/processes';

interface Kind {
  language: Language;
  count: number;
  command: string;
  args: string[];
}

function kinds(total: number): Kind[] {
  const go = buildGoSleeper();
  const rust = buildRustSleeper();
  const cpp = buildCppSleeper();
  const java = buildJava();
  const python = realPython();
  const ruby = which('ruby');
  const shellScript = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sh-')),
    'idle.sh',
  );
  fs.writeFileSync(shellScript, '#!/bin/sh\necho ready\nread line\n', {
    mode: 0o755,
  });

  const list: Kind[] = [
    { language: 'go', count: 50, command: go, args: [] },
    { language: 'rust', count: 25, command: rust, args: [] },
    { language: 'cpp', count: 10, command: cpp, args: [] },
    { language: 'unknown', count: 40, command: shellScript, args: [] },
    {
      language: 'python',
      count: 35,
      command: python,
      args: ['-c', "print('ready', flush=True)\nimport sys; sys.stdin.read()"],
    },
    {
      language: 'nodejs',
      count: 20,
      command: process.execPath,
      args: [
        '--max-old-space-size=16',
        '-e',
        "console.log('ready'); process.stdin.resume()",
      ],
    },
    {
      language: 'java',
      count: 5,
      command: 'java',
      args: [...JAVA_FLAGS, '-cp', java.classDir, 'Single'],
    },
  ];
  if (ruby)
    list.push({
      language: 'ruby',
      count: 15,
      command: ruby,
      args: ['-e', '$stdout.sync = true; puts "ready"; $stdin.read'],
    });
  // Fill up to `total` with the cheapest processes.
  const have = list.reduce((s, k) => s + k.count, 0);
  list[0].count += total - have;
  return list;
}

async function startAll(
  pool: ProcessPool,
  list: Kind[],
): Promise<Map<number, Language>> {
  const expected = new Map<number, Language>();
  const queue = list.flatMap(k => Array.from({ length: k.count }, () => k));
  const parallel = 8;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const k = queue[next++];
      const started = await pool.start(k.command, k.args, {
        timeoutMs: 120_000,
      });
      expected.set(started.pid, k.language);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return expected;
}

function round(n: number, digits: number) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export async function main(): Promise<void> {
  const total = Number(process.env.BENCH_PROCS ?? 200);
  const pool = new ProcessPool();
  const cleanup = () => void pool.killAll();
  process.once('SIGINT', cleanup);
  process.once('SIGTERM', cleanup);
  try {
    process.stderr.write('building fixtures (cached after the first run)...\n');
    const list = kinds(total);
    process.stderr.write(
      `starting ${total} processes: ${list
        .map(k => `${k.language}=${k.count}`)
        .join(' ')}\n`,
    );
    const expected = await startAll(pool, list);

    const detector = new Detector();
    const wall0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const results = detector.scanAll(pid => pid !== process.pid);
    const cpu = process.cpuUsage(cpu0);
    const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
    const bytes = detector.stats.bytesRead;

    // Warm rescans (the agent's periodic case): ELF analyses come from the cache.
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c0 = process.cpuUsage();
      const r = detector.scanAll(pid => pid !== process.pid);
      const c = process.cpuUsage(c0);
      warm.push((c.user + c.system) / 1000 / r.length);
    }

    let correct = 0;
    const wrong: string[] = [];
    for (const r of results) {
      const want = expected.get(r.pid);
      if (want === undefined) continue;
      if (r.language === want) correct++;
      else wrong.push(`${r.pid}: expected ${want}, got ${r.language}`);
    }
    const procs = results.length;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    process.stdout.write(
      `spawned=${expected.size} correctly_detected=${correct}${
        wrong.length ? ` wrong=${wrong.slice(0, 5).join('; ')}` : ''
      }\n`,
    );
    process.stdout.write(
      `cold scan: ${procs} processes in ${round(wallMs, 1)} ms wall, ${round(
        cpuMs,
        1,
      )} ms CPU, ${
        detector.elfCache.size
      } executables parsed; warm rescans cpu_ms_per_proc=${warm
        .map(w => round(w, 3))
        .join(',')}\n`,
    );
    process.stdout.write(
      `procs=${procs} procs_per_sec=${Math.round(
        procs / (wallMs / 1000),
      )} cpu_ms_per_proc=${round(cpuMs / procs, 3)} bytes_per_proc=${Math.round(
        bytes / procs,
      )}\n`,
    );
    if (wrong.length > 0) process.exitCode = 1;
  } finally {
    await pool.killAll();
    process.removeListener('SIGINT', cleanup);
    process.removeListener('SIGTERM', cleanup);
  }
}
