import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Chronosphere: OTLP gRPC with the API-Token header. */
export const chronosphere: DestinationSpec = {
  type: 'chronosphere',
  displayName: 'Chronosphere',
  category: 'managed',
  docsUrl: 'https://docs.chronosphere.io/ingest/metrics-traces/otel/otel-ingest',
  signals: ['traces', 'metrics'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: '<company>.chronosphere.io:443' }),
    field.secret('apiToken', 'API token'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { 'API-Token': '{apiToken}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
