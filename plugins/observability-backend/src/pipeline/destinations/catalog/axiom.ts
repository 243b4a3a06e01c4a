import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Axiom: OTLP/HTTP with a bearer API token and the X-Axiom-Dataset header. */
export const axiom: DestinationSpec = {
  type: 'axiom',
  displayName: 'Axiom',
  category: 'managed',
  docsUrl: 'https://axiom.co/docs/send-data/opentelemetry',
  signals: ['traces', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'Endpoint', { default: 'https://api.axiom.co' }),
    field.secret('apiToken', 'API token'),
    field.text('dataset', 'Dataset'),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: 'Bearer {apiToken}', 'X-Axiom-Dataset': '{dataset}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
