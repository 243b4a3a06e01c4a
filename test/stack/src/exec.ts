/* Small child-process helpers shared by the build and the orchestration. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatDuration, log } from './log';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Append stdout+stderr to this file (the build logs). */
  logFile?: string;
  /** Print "still running" every this many ms, labelled with `label`. */
  heartbeatMs?: number;
  label?: string;
  input?: string;
}

export class CommandError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Runs a command to completion; resolves with stdout, rejects with the tail of the output. */
export function run(
  cmd: string,
  args: string[],
  options: RunOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let combined = '';
    const logStream = options.logFile
      ? fs.createWriteStream(options.logFile, { flags: 'a' })
      : undefined;
    logStream?.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      combined += d.toString();
      logStream?.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      combined += d.toString();
      logStream?.write(d);
    });
    if (options.input !== undefined) {
      child.stdin.end(options.input);
    } else {
      child.stdin.end();
    }
    const timer = options.heartbeatMs
      ? setInterval(() => {
          log(
            `  … ${options.label ?? cmd} still running (${formatDuration(
              Date.now() - started,
            )})`,
          );
        }, options.heartbeatMs)
      : undefined;
    child.on('error', err => {
      if (timer) clearInterval(timer);
      logStream?.end();
      reject(
        new CommandError(`could not run ${cmd}: ${err.message}`, combined),
      );
    });
    child.on('close', code => {
      if (timer) clearInterval(timer);
      logStream?.end();
      if (code === 0) {
        resolve(stdout);
      } else {
        const tail = combined.split('\n').slice(-40).join('\n');
        reject(
          new CommandError(
            `${cmd} ${args.join(' ')} exited with ${code}${
              options.logFile ? ` (full log: ${options.logFile})` : ''
            }\n${tail}`,
            combined,
          ),
        );
      }
    });
  });
}

/** Absolute path of an executable on PATH, or undefined. */
export function which(cmd: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  for (const dir of dirs) {
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export function runSyncText(cmd: string, args: string[]): string | undefined {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0) return undefined;
  return `${res.stdout}${res.stderr}`;
}
