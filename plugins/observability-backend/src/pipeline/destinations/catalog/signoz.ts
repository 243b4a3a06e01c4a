import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** SigNoz Cloud: OTLP gRPC with the signoz-ingestion-key header (self-hosted SigNoz: use OTLP gRPC). */
export const signoz: DestinationSpec = {
  type: 'signoz',
  displayName: 'SigNoz Cloud',
  category: 'managed',
  docsUrl: 'https://signoz.io/docs/ingestion/signoz-cloud/overview/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.select('endpoint', 'Region', [
      { value: 'ingest.us.signoz.cloud:443', label: 'US' },
      { value: 'ingest.eu.signoz.cloud:443', label: 'EU' },
      { value: 'ingest.in.signoz.cloud:443', label: 'India' },
    ]),
    field.secret('ingestionKey', 'Ingestion key'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { 'signoz-ingestion-key': '{ingestionKey}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
