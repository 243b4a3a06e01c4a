/* Progress output: to stderr so `stack:status --json` keeps a clean stdout. */
let quiet = false;

export function setQuiet(value: boolean) {
  quiet = value;
}

export function log(message: string) {
  if (!quiet) {
    process.stderr.write(`[stack] ${message}\n`);
  }
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)}s`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
