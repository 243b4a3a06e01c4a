import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Any OTLP/HTTP receiver (signals are posted to <endpoint>/v1/traces, /v1/metrics, /v1/logs). */
export const otlpHttp: DestinationSpec = {
  type: 'otlp-http',
  displayName: 'OTLP HTTP',
  category: 'generic',
  docsUrl: 'https://opentelemetry.io/docs/specs/otlp/#otlphttp',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'Endpoint', { description: 'Base URL, e.g. https://otlp.example.com:4318' }),
    field.text('username', 'Basic auth user', { required: false }),
    field.secret('password', 'Basic auth password', { required: false }),
    field.secret('bearerToken', 'Bearer token', { required: false }),
    field.select('encoding', 'Encoding', [
      { value: 'proto', label: 'Protobuf' },
      { value: 'json', label: 'JSON' },
    ]),
    ...otlpOptions('otlp_http'),
  ],
  config: {
    endpoint: '{endpoint}',
    encoding: '{encoding}',
    headers: { authorization: 'Bearer {bearerToken}' },
    ...otlpOptionsConfig(),
  },
  auth: { type: 'basic', username: '{username}', password: '{password}' },
  test: { kind: 'otlp' },
};
