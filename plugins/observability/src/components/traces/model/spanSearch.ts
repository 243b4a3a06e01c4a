import type { Span } from '@internal/plugin-observability-common';

/**
 * Spans matching a free-text search within the trace: span id, name, service, status message,
 * or any `key=value`/value of its attributes and resource. Case-insensitive.
 */
export function searchSpans(spans: Span[], text: string): Uint8Array {
  const hits = new Uint8Array(spans.length);
  const needle = text.trim().toLowerCase();
  if (!needle) return hits;
  const includes = (value: unknown) =>
    String(value).toLowerCase().includes(needle);
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (
      s.spanId.startsWith(needle) ||
      includes(s.name) ||
      includes(s.serviceName) ||
      (s.status.message !== undefined && includes(s.status.message)) ||
      s.attributes.some(a => includes(`${a.key}=${a.value}`))
    ) {
      hits[i] = 1;
    }
  }
  return hits;
}
