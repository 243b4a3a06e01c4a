import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Last9: OTLP/HTTP with the Authorization value from the integration page. */
export const last9: DestinationSpec = {
  type: 'last9',
  displayName: 'Last9',
  category: 'managed',
  docsUrl: 'https://last9.io/docs/integrations-opentelemetry-collector/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'OTLP endpoint', { default: 'https://otlp.last9.io' }),
    field.secret('authHeader', 'Authorization header value', { description: 'Basic <token> as shown in the Last9 integration page' }),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: '{authHeader}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
