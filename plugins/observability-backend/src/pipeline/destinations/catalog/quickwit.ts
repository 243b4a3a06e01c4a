import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Quickwit: its OTLP gRPC endpoint on the searcher/indexer port (7281). */
export const quickwit: DestinationSpec = {
  type: 'quickwit',
  displayName: 'Quickwit',
  category: 'self-hosted',
  docsUrl: 'https://quickwit.io/docs/distributed-tracing/send-traces/using-otel-collector',
  signals: ['traces', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'quickwit.tracing:7281' }),
    ...otlpOptions('otlp_grpc', { selfHosted: true }),
  ],
  config: { endpoint: '{endpoint}', ...otlpOptionsConfig({ selfHosted: true }) },
  test: { kind: 'otlp' },
};
