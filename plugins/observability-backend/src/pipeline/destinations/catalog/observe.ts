import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Observe: OTLP/HTTP with a datastream bearer token. */
export const observe: DestinationSpec = {
  type: 'observe',
  displayName: 'Observe',
  category: 'managed',
  docsUrl: 'https://docs.observeinc.com/en/latest/content/data-ingestion/forwarders/otel-collector.html',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'OTLP endpoint', { description: 'https://<customer id>.collect.observeinc.com/v2/otel' }),
    field.secret('token', 'Datastream token'),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: 'Bearer {token}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
