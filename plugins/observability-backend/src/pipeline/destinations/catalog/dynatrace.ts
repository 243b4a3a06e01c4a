import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Dynatrace OTLP API (OTLP/HTTP) with an API token carrying the ingest scopes. */
export const dynatrace: DestinationSpec = {
  type: 'dynatrace',
  displayName: 'Dynatrace',
  category: 'managed',
  docsUrl: 'https://docs.dynatrace.com/docs/ingest-from/opentelemetry/otlp-api',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'OTLP endpoint', {
      description: 'https://{environment-id}.live.dynatrace.com/api/v2/otlp',
      pattern: '^https://.+/api/v2/otlp/?$',
    }),
    field.secret('apiToken', 'API token'),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: 'Api-Token {apiToken}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
