import { parseSpanTotals, podRates, restartedBetween, sumRates, type SpanTotals } from './spanMetrics';

const sample = `# HELP otelcol_receiver_accepted_spans_total Number of spans successfully pushed into the pipeline.
otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc"} 120
otelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} 30
otelcol_exporter_sent_spans_total{exporter="otlp_grpc/tempo"} 100
otelcol_exporter_sent_spans_total{exporter="otlp_grpc/hc"} 40
otelcol_exporter_send_failed_spans_total{exporter="otlp_grpc/hc"} 2
otelcol_process_uptime_seconds_total 12
`;

// The names the collector release in test/stack exposes (no `_total` suffix).
const current = `otelcol_exporter_sent_spans{exporter="debug"} 1
otelcol_process_uptime 5.882862979
otelcol_receiver_accepted_spans{receiver="otlp",transport="http"} 1
otelcol_receiver_refused_spans{receiver="otlp",transport="http"} 0
`;

function totals(t: Partial<SpanTotals>): SpanTotals {
  return { received: 0, exported: 0, failed: 0, byExporter: {}, ...t };
}

describe('span metrics', () => {
  it('sums receiver and exporter counters and reads the uptime', () => {
    expect(parseSpanTotals(sample)).toEqual({
      received: 150,
      exported: 140,
      failed: 2,
      byExporter: { 'otlp_grpc/tempo': 100, 'otlp_grpc/hc': 40 },
      uptimeSeconds: 12,
    });
    expect(parseSpanTotals(current)).toEqual({
      received: 1,
      exported: 1,
      failed: 0,
      byExporter: { debug: 1 },
      uptimeSeconds: 5.882862979,
    });
  });

  it('computes one pod’s per-second rates between two reads', () => {
    const a = { at: 0, totals: totals({ received: 100, exported: 90, byExporter: { 'otlp_grpc/t': 90 }, uptimeSeconds: 50 }) };
    const b = { at: 10_000, totals: totals({ received: 300, exported: 290, failed: 5, byExporter: { 'otlp_grpc/t': 290 }, uptimeSeconds: 60 }) };
    expect(podRates(a, b)).toEqual({
      accepted: 20,
      exported: 20,
      failed: 0.5,
      byExporter: { 'otlp_grpc/t': 20 },
      restarted: false,
    });
  });

  it('takes a counter that went back as a restart: the current value is the increase', () => {
    const a = { at: 0, totals: totals({ received: 1000, exported: 1000 }) };
    const b = { at: 20_000, totals: totals({ received: 200, exported: 100 }) };
    expect(podRates(a, b)).toMatchObject({ accepted: 10, exported: 5, restarted: true });
  });

  it('sees a restart from the uptime even when the counters already grew past the old values', () => {
    const a = { at: 0, totals: totals({ received: 10, uptimeSeconds: 300 }) };
    // Restarted 5 s ago and already accepted 50 spans: without the uptime this looks like +40.
    const b = { at: 30_000, totals: totals({ received: 50, uptimeSeconds: 5 }) };
    expect(restartedBetween(a, b)).toBe(true);
    expect(podRates(a, b).accepted).toBeCloseTo(50 / 30);
    // An uptime that went on as the clock did is the same process.
    expect(restartedBetween(a, { at: 30_000, totals: totals({ received: 50, uptimeSeconds: 330 }) })).toBe(false);
  });

  it('sees a restart from an exporter counter that went back', () => {
    const a = { at: 0, totals: totals({ exported: 10, byExporter: { x: 10 } }) };
    const b = { at: 1000, totals: totals({ exported: 12, byExporter: { x: 2, y: 10 } }) };
    expect(restartedBetween(a, b)).toBe(true);
  });

  it('sums pods’ rates, exporter by exporter', () => {
    const sum = sumRates([
      { accepted: 1, exported: 2, failed: 0, byExporter: { a: 2 }, restarted: false },
      { accepted: 3, exported: 4, failed: 1, byExporter: { a: 1, b: 3 }, restarted: true },
    ]);
    expect(sum).toEqual({ accepted: 4, exported: 6, failed: 1, byExporter: { a: 3, b: 3 } });
  });
});
