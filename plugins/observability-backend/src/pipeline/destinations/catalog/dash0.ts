import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Dash0: OTLP gRPC with a bearer auth token and optional Dash0-Dataset header. */
export const dash0: DestinationSpec = {
  type: 'dash0',
  displayName: 'Dash0',
  category: 'managed',
  docsUrl: 'https://www.dash0.com/documentation/dash0/get-started/sending-data-to-dash0',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ default: 'ingress.eu-west-1.aws.dash0.com:4317', description: 'From Settings > Endpoints' }),
    field.secret('authToken', 'Auth token'),
    field.text('dataset', 'Dataset', { required: false }),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { Authorization: 'Bearer {authToken}', 'Dash0-Dataset': '{dataset}' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
