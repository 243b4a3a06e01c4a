/**
 * Starts real processes for tests and the benchmark, waits until each says "ready" (a deadline,
 * not a sleep), and kills them all afterwards.
 */
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

export interface Started {
  pid: number;
  child: ChildProcess;
}

export class ProcessPool {
  private readonly children: ChildProcess[] = [];

  /** Spawns and resolves once stdout has printed `readyText` (default "ready"). */
  start(
    command: string,
    args: string[],
    options: SpawnOptions & { readyText?: string; timeoutMs?: number } = {},
  ): Promise<Started> {
    const {
      readyText = 'ready',
      timeoutMs = 20_000,
      ...spawnOptions
    } = options;
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...spawnOptions,
    });
    this.children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        reject(
          new Error(
            `${command} ${args.join(
              ' ',
            )} not ready after ${timeoutMs} ms: ${out} ${err}`,
          ),
        );
      }, timeoutMs);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes(readyText) && child.pid) {
          clearTimeout(timer);
          resolve({ pid: child.pid, child });
        }
      });
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.on('error', e => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', code => {
        clearTimeout(timer);
        reject(
          new Error(`${command} exited (${code}) before ready: ${out} ${err}`),
        );
      });
    });
  }

  get pids(): number[] {
    return this.children
      .map(c => c.pid)
      .filter((p): p is number => typeof p === 'number');
  }

  /** SIGKILLs every child (and, for shells, the children they started) and waits for exits. */
  async killAll(timeoutMs = 10_000): Promise<void> {
    const waits = this.children.map(
      c =>
        new Promise<void>(resolve => {
          if (c.exitCode !== null || c.signalCode !== null) {
            resolve();
            return;
          }
          c.once('exit', () => resolve());
          try {
            c.kill('SIGKILL');
          } catch {
            resolve();
          }
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(waits),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    if (timer) clearTimeout(timer);
    for (const c of this.children) {
      c.stdin?.destroy();
      c.stdout?.destroy();
      c.stderr?.destroy();
    }
    this.children.length = 0;
  }
}

/** Polls `check` until it returns a value or the deadline passes. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  { timeoutMs = 10_000, intervalMs = 25, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
