/*
 * Where the stack keeps things.
 *
 * - Built binaries live outside the repository, keyed by component and version, so only the first
 *   run on a machine builds: `${OBS_STACK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/observability-stack}`.
 * - Runtime state (pids, logs, data dirs, PKI, kubeconfigs, tokens) lives in `test/stack/.run/`
 *   (git-ignored), or `$OBS_STACK_RUN_DIR`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The `test/stack` folder (this package). */
// This package only ever runs from source (tests, CLI), never from a production bundle.
// eslint-disable-next-line no-restricted-syntax
export const stackDir = path.resolve(__dirname, '..');

/** The repository root. */
export const repoRoot = path.resolve(stackDir, '..', '..');

export function cacheRoot(): string {
  if (process.env.OBS_STACK_CACHE_DIR) {
    return path.resolve(process.env.OBS_STACK_CACHE_DIR);
  }
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'observability-stack');
}

export function runDir(): string {
  return process.env.OBS_STACK_RUN_DIR
    ? path.resolve(process.env.OBS_STACK_RUN_DIR)
    : path.join(stackDir, '.run');
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
