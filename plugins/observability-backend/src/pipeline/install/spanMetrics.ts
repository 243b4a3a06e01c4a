/** Totals read from a collector's own Prometheus metrics. */
export interface SpanTotals {
  received: number;
  exported: number;
  failed: number;
  /** Exported spans per exporter id (e.g. `otlp_grpc/tempo`). */
  byExporter: Record<string, number>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+([^\s]+)/;

function labelsOf(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (raw ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    out[m[1]] = m[2];
  }
  return out;
}

/**
 * Sums the collector's span counters from its Prometheus exposition: accepted by receivers,
 * sent and failed by exporters (names with or without the `_total` suffix).
 */
export function parseSpanTotals(text: string): SpanTotals {
  const totals: SpanTotals = { received: 0, exported: 0, failed: 0, byExporter: {} };
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const value = Number(m[4]);
    if (!Number.isFinite(value)) continue;
    const name = m[1].replace(/_total$/, '');
    if (name === 'otelcol_receiver_accepted_spans') totals.received += value;
    else if (name === 'otelcol_exporter_sent_spans') {
      totals.exported += value;
      const exporter = labelsOf(m[3]).exporter;
      if (exporter) totals.byExporter[exporter] = (totals.byExporter[exporter] ?? 0) + value;
    } else if (name === 'otelcol_exporter_send_failed_spans') totals.failed += value;
  }
  return totals;
}

/** Per-second rates between two samples. */
export function spanRates(
  previous: { at: number; totals: SpanTotals },
  current: { at: number; totals: SpanTotals },
): { received: number; exported: number; byExporter: Record<string, number> } {
  const seconds = Math.max((current.at - previous.at) / 1000, 0.001);
  const rate = (a: number, b: number) => Math.max(b - a, 0) / seconds;
  const byExporter: Record<string, number> = {};
  for (const [id, value] of Object.entries(current.totals.byExporter)) {
    byExporter[id] = rate(previous.totals.byExporter[id] ?? 0, value);
  }
  return {
    received: rate(previous.totals.received, current.totals.received),
    exported: rate(previous.totals.exported, current.totals.exported),
    byExporter,
  };
}
