/** Distinguishable hues that read on light and dark themes. */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
  '#7b4173',
  '#3182bd',
];

const cache = new Map<string, string>();

/** A stable colour per service name (same service, same colour, on every page). */
export function serviceColor(service: string): string {
  let color = cache.get(service);
  if (color === undefined) {
    color = hashColor(service);
    if (cache.size < 10_000) cache.set(service, color);
  }
  return color;
}

function hashColor(service: string): string {
  let hash = 0;
  for (let i = 0; i < service.length; i++)
    hash = (hash * 31 + service.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}
