import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** KloudMate: OTLP/HTTP with the workspace key in the Authorization header. */
export const kloudmate: DestinationSpec = {
  type: 'kloudmate',
  displayName: 'KloudMate',
  category: 'managed',
  docsUrl: 'https://docs.kloudmate.com/opentelemetry-collector',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'OTLP endpoint', { default: 'https://otel.kloudmate.com:4318' }),
    field.secret('apiKey', 'Workspace API key'),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: '{apiKey}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
