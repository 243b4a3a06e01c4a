import type { Span, Trace } from '@internal/plugin-observability-common';

/** Builds spans for tests: `[id, parent, service, startMs, durationMs]`. */
export function makeTrace(
  rows: [string, string | undefined, string, number, number][],
  extra: Partial<Trace> = {},
): Trace {
  const spans: Span[] = rows.map(
    ([id, parent, service, startMs, durationMs]) => ({
      spanId: id,
      ...(parent ? { parentSpanId: parent } : {}),
      name: `op ${id}`,
      kind: 'server',
      serviceName: service,
      startUs: 1_000_000 + startMs * 1000,
      durationUs: durationMs * 1000,
      status: { code: 'unset' },
      attributes: [{ key: 'http.route', value: `/r/${id}` }],
      resource: [{ key: 'service.name', value: service }],
      events: [],
      links: [],
    }),
  );
  return {
    traceId: 'ab'.repeat(16),
    spans,
    partial: false,
    warnings: [],
    ...extra,
  };
}
