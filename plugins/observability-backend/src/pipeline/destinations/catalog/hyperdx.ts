import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** HyperDX / ClickStack: OTLP/HTTP with the ingestion key in the authorization header. */
export const hyperdx: DestinationSpec = {
  type: 'hyperdx',
  displayName: 'HyperDX / ClickStack',
  category: 'managed',
  docsUrl: 'https://clickhouse.com/docs/use-cases/observability/clickstack/ingesting-data/opentelemetry',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'OTLP endpoint', { default: 'https://in-otel.hyperdx.io' }),
    field.secret('apiKey', 'Ingestion API key'),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { authorization: '{apiKey}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
