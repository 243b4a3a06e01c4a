/** Totals read from one collector process's own Prometheus metrics. */
export interface SpanTotals {
  received: number;
  exported: number;
  failed: number;
  /** Exported spans per exporter id (e.g. `otlp_grpc/tempo`). */
  byExporter: Record<string, number>;
  /** Seconds since the collector process started (`otelcol_process_uptime`), when exposed. */
  uptimeSeconds?: number;
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
 * sent and failed by exporters (names with or without the `_total` suffix), and its uptime.
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
    else if (name === 'otelcol_process_uptime' || name === 'otelcol_process_uptime_seconds') {
      totals.uptimeSeconds = value;
    }
  }
  return totals;
}

/** One read of one pod's counters. */
export interface CounterSample {
  at: number;
  totals: SpanTotals;
}

/** Per-second rates of one pod between two of its reads. */
export interface PodRates {
  accepted: number;
  exported: number;
  failed: number;
  byExporter: Record<string, number>;
  /** The process restarted in between: the increase is the counters' value since then. */
  restarted: boolean;
}

/** Clock skew allowed between the portal's clock and the collector's uptime. */
const UPTIME_SLACK_SECONDS = 2;

/**
 * Whether the collector behind `current` is not the process read in `previous`: its uptime went
 * back or is shorter than the time between the reads, or a counter went back.
 */
export function restartedBetween(previous: CounterSample, current: CounterSample): boolean {
  const seconds = (current.at - previous.at) / 1000;
  const a = previous.totals;
  const b = current.totals;
  if (b.uptimeSeconds !== undefined) {
    if (a.uptimeSeconds !== undefined && b.uptimeSeconds < a.uptimeSeconds) return true;
    if (b.uptimeSeconds + UPTIME_SLACK_SECONDS < seconds) return true;
  }
  if (b.received < a.received || b.exported < a.exported || b.failed < a.failed) return true;
  return Object.entries(a.byExporter).some(([id, value]) => (b.byExporter[id] ?? 0) < value);
}

/**
 * Per-second rates of one pod between two reads. After a restart the counters started again
 * from zero, so their current value is the increase (as Prometheus' `rate()` treats a reset);
 * the rates stay over the whole interval so that the pods' rates can be summed.
 */
export function podRates(previous: CounterSample, current: CounterSample): PodRates {
  const seconds = Math.max((current.at - previous.at) / 1000, 0.001);
  const restarted = restartedBetween(previous, current);
  const rate = (a: number, b: number) => (restarted ? b : Math.max(b - a, 0)) / seconds;
  const byExporter: Record<string, number> = {};
  for (const [id, value] of Object.entries(current.totals.byExporter)) {
    byExporter[id] = rate(previous.totals.byExporter[id] ?? 0, value);
  }
  return {
    accepted: rate(previous.totals.received, current.totals.received),
    exported: rate(previous.totals.exported, current.totals.exported),
    failed: rate(previous.totals.failed, current.totals.failed),
    byExporter,
    restarted,
  };
}

/** Sums pods' rates (all pods read over about the same interval). */
export function sumRates(rates: PodRates[]): Omit<PodRates, 'restarted'> {
  const out = { accepted: 0, exported: 0, failed: 0, byExporter: {} as Record<string, number> };
  for (const r of rates) {
    out.accepted += r.accepted;
    out.exported += r.exported;
    out.failed += r.failed;
    for (const [id, value] of Object.entries(r.byExporter)) {
      out.byExporter[id] = (out.byExporter[id] ?? 0) + value;
    }
  }
  return out;
}
