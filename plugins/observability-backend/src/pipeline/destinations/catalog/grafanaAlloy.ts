import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Grafana Alloy (or any OpenTelemetry Collector) running in the cluster, over OTLP gRPC. */
export const grafanaAlloy: DestinationSpec = {
  type: 'grafana-alloy',
  displayName: 'Grafana Alloy / OpenTelemetry Collector',
  category: 'self-hosted',
  docsUrl: 'https://grafana.com/docs/alloy/latest/reference/components/otelcol/otelcol.receiver.otlp/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'alloy.monitoring:4317' }),
    ...otlpOptions('otlp_grpc', { selfHosted: true }),
  ],
  config: { endpoint: '{endpoint}', ...otlpOptionsConfig({ selfHosted: true }) },
  test: { kind: 'otlp' },
};
