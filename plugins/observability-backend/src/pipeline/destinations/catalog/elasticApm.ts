import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Elastic APM (APM Server / Elastic Cloud managed intake) over OTLP gRPC. */
export const elasticApm: DestinationSpec = {
  type: 'elastic-apm',
  displayName: 'Elastic APM',
  category: 'managed',
  docsUrl: 'https://www.elastic.co/guide/en/observability/current/apm-open-telemetry-direct.html',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'APM Server host:port, e.g. my-deployment.apm.us-east-1.aws.elastic.cloud:443' }),
    field.select('authScheme', 'Authorization scheme', [
      { value: 'Bearer', label: 'Secret token' },
      { value: 'ApiKey', label: 'API key' },
    ]),
    field.secret('token', 'Secret token or API key'),
    ...otlpOptions('otlp_grpc', { selfHosted: true }),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: '{authScheme} {token}' },
    ...otlpOptionsConfig({ selfHosted: true }),
  },
  test: { kind: 'otlp' },
};
