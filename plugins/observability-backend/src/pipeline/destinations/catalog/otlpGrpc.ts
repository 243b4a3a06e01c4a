import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Any OTLP/gRPC receiver. */
export const otlpGrpc: DestinationSpec = {
  type: 'otlp-grpc',
  displayName: 'OTLP gRPC',
  category: 'generic',
  docsUrl: 'https://opentelemetry.io/docs/specs/otlp/#otlpgrpc',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'host:port of the OTLP gRPC receiver' }),
    field.secret('bearerToken', 'Bearer token', { required: false }),
    ...otlpOptions('otlp_grpc', { selfHosted: true }),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { authorization: 'Bearer {bearerToken}' },
    ...otlpOptionsConfig({ selfHosted: true }),
  },
  test: { kind: 'otlp' },
};
