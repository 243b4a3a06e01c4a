import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** ServiceNow Cloud Observability (Lightstep): OTLP gRPC with the lightstep-access-token header. */
export const lightstep: DestinationSpec = {
  type: 'lightstep',
  displayName: 'ServiceNow Cloud Observability (Lightstep)',
  category: 'managed',
  docsUrl: 'https://docs.lightstep.com/docs/otel-collector-k8s',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ default: 'ingest.lightstep.com:443' }),
    field.secret('accessToken', 'Access token'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { 'lightstep-access-token': '{accessToken}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
