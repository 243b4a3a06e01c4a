import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Better Stack: OTLP/HTTP with the source token as bearer. */
export const betterStack: DestinationSpec = {
  type: 'better-stack',
  displayName: 'Better Stack',
  category: 'managed',
  docsUrl: 'https://betterstack.com/docs/logs/open-telemetry/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'Ingesting host', { description: 'https://<ingesting host> of the source' }),
    field.secret('sourceToken', 'Source token'),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: 'Bearer {sourceToken}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
