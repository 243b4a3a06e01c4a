import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Honeycomb: OTLP gRPC with the x-honeycomb-team API key header. */
export const honeycomb: DestinationSpec = {
  type: 'honeycomb',
  displayName: 'Honeycomb',
  category: 'managed',
  docsUrl: 'https://docs.honeycomb.io/send-data/opentelemetry/collector/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.select('endpoint', 'Region', [
      { value: 'api.honeycomb.io:443', label: 'US (api.honeycomb.io)' },
      { value: 'api.eu1.honeycomb.io:443', label: 'EU (api.eu1.honeycomb.io)' },
    ]),
    field.secret('apiKey', 'API key'),
    field.text('dataset', 'Dataset (classic environments, metrics)', { required: false }),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { 'x-honeycomb-team': '{apiKey}', 'x-honeycomb-dataset': '{dataset}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
