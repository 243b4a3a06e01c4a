/** `850 µs`, `12.3 ms`, `4.56 s`, `2m 03s`: short enough for a waterfall label. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '–';
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 10_000) return `${(us / 1000).toFixed(2)} ms`;
  if (us < 100_000) return `${(us / 1000).toFixed(1)} ms`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(0)} ms`;
  if (us < 60_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  const seconds = Math.round(us / 1_000_000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(
    2,
    '0',
  )}s`;
}

/** Local date and time with milliseconds, from µs since the epoch. */
export function formatTimestamp(us: number): string {
  const date = new Date(us / 1000);
  if (Number.isNaN(date.getTime())) return '–';
  return `${date.toLocaleString()}.${String(date.getMilliseconds()).padStart(
    3,
    '0',
  )}`;
}
