/*
 * Starting, checking and stopping the stack's server processes. Each one runs detached in its own
 * process group with its output in `.run/logs/<name>.log`; its pid and command line are recorded
 * in `.run/state.json`, and `stopStack` ends exactly those pids (after checking /proc that the pid
 * still runs the binary we started).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureDir } from './paths';

export interface ProcessRecord {
  name: string;
  pid: number;
  binary: string;
  args: string[];
  logFile: string;
  ports: number[];
  startedAt: string;
}

export function startProcess(opts: {
  name: string;
  binary: string;
  args: string[];
  logDir: string;
  ports: number[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}): ProcessRecord {
  ensureDir(opts.logDir);
  const logFile = path.join(opts.logDir, `${opts.name}.log`);
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(
    fd,
    `\n=== ${new Date().toISOString()} ${opts.binary} ${opts.args.join(' ')}\n`,
  );
  const child = spawn(opts.binary, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  if (!child.pid) {
    throw new Error(`could not start ${opts.name} (${opts.binary})`);
  }
  child.unref();
  return {
    name: opts.name,
    pid: child.pid,
    binary: opts.binary,
    args: opts.args,
    logFile,
    ports: opts.ports,
    startedAt: new Date().toISOString(),
  };
}

/** True when `pid` is alive and still runs `binary` (guards against recycled pids). */
export function isOurProcess(
  rec: Pick<ProcessRecord, 'pid' | 'binary'>,
): boolean {
  try {
    process.kill(rec.pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${rec.pid}/stat`, 'utf8');
    // state field after "(comm) ": Z = zombie (exited, not yet reaped)
    const state = stat.slice(
      stat.lastIndexOf(')') + 2,
      stat.lastIndexOf(')') + 3,
    );
    if (state === 'Z') return false;
    const exe = fs.readlinkSync(`/proc/${rec.pid}/exe`);
    return exe.replace(/ \(deleted\)$/, '') === fs.realpathSync(rec.binary);
  } catch {
    // no /proc (not Linux) or the binary is gone: fall back to the cmdline
    try {
      const cmd = fs.readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8');
      return cmd.split('\0')[0] === rec.binary;
    } catch {
      return false;
    }
  }
}

export async function stopProcess(
  rec: ProcessRecord,
  graceMs = 15_000,
): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isOurProcess(rec)) return 'not-running';
  try {
    process.kill(rec.pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(rec)) return 'stopped';
    await new Promise(r => setTimeout(r, 100));
  }
  try {
    process.kill(rec.pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
  const killDeadline = Date.now() + 5_000;
  while (Date.now() < killDeadline && isOurProcess(rec)) {
    await new Promise(r => setTimeout(r, 100));
  }
  return 'killed';
}

/** Resolves when nothing listens on host:port; rejects naming the port and component otherwise. */
export function assertPortFree(
  host: string,
  port: number,
  component: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${port} (${component}) on ${host} is already in use by another process. ` +
              `Stop it (see: ss -ltnp 'sport = :${port}') or run 'yarn stack:down' if it is a stack started from another checkout.`,
          ),
        );
      } else {
        reject(e);
      }
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve());
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export function tcpOpen(
  host: string,
  port: number,
  timeoutMs = 1000,
): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** RSS in bytes of a pid (VmRSS from /proc), or 0. */
export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? parseInt(m[1], 10) * 1024 : 0;
  } catch {
    return 0;
  }
}
