import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Splunk Observability Cloud: OTLP gRPC ingest with the X-SF-Token access token. */
export const splunkObservability: DestinationSpec = {
  type: 'splunk-observability',
  displayName: 'Splunk Observability Cloud',
  category: 'managed',
  docsUrl: 'https://docs.splunk.com/observability/en/gdi/opentelemetry/components/otlp-exporter.html',
  signals: ['traces', 'metrics'],
  exporter: 'otlp_grpc',
  fields: [
    field.text('realm', 'Realm', { pattern: '^[a-z0-9]+$', default: 'us0' }),
    field.secret('accessToken', 'Access token'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: 'ingest.{realm}.signalfx.com:443',
    headers: { 'X-SF-Token': '{accessToken}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
