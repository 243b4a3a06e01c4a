import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Uptrace: OTLP gRPC with the uptrace-dsn header. */
export const uptrace: DestinationSpec = {
  type: 'uptrace',
  displayName: 'Uptrace',
  category: 'managed',
  docsUrl: 'https://uptrace.dev/get/ingest/opentelemetry-collector',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ default: 'api.uptrace.dev:4317' }),
    field.secret('dsn', 'DSN'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { 'uptrace-dsn': '{dsn}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
