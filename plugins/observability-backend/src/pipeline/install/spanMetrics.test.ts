import { parseSpanTotals, spanRates } from './spanMetrics';

const sample = `# HELP otelcol_receiver_accepted_spans_total Number of spans successfully pushed into the pipeline.
otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc"} 120
otelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} 30
otelcol_exporter_sent_spans_total{exporter="otlp_grpc/tempo"} 100
otelcol_exporter_sent_spans_total{exporter="otlp_grpc/hc"} 40
otelcol_exporter_send_failed_spans_total{exporter="otlp_grpc/hc"} 2
otelcol_process_uptime_seconds_total 12
`;

describe('span metrics', () => {
  it('sums receiver and exporter counters', () => {
    expect(parseSpanTotals(sample)).toEqual({
      received: 150,
      exported: 140,
      failed: 2,
      byExporter: { 'otlp_grpc/tempo': 100, 'otlp_grpc/hc': 40 },
    });
  });

  it('computes per-second rates between samples, never negative', () => {
    const a = { at: 0, totals: parseSpanTotals(sample) };
    const b = { at: 10_000, totals: parseSpanTotals(sample.replace(' 100', ' 200').replace('} 120', '} 20')) };
    expect(spanRates(a, b)).toEqual({
      received: 0,
      exported: 10,
      byExporter: { 'otlp_grpc/tempo': 10, 'otlp_grpc/hc': 0 },
    });
  });
});
