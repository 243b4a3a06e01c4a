import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Self-hosted SigNoz: its collector's OTLP gRPC receiver. */
export const signozSelfHosted: DestinationSpec = {
  type: 'signoz-self-hosted',
  displayName: 'SigNoz (self-hosted)',
  category: 'self-hosted',
  docsUrl: 'https://signoz.io/docs/install/kubernetes/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'signoz-otel-collector.platform:4317' }),
    ...otlpOptions('otlp_grpc', { selfHosted: true }),
  ],
  config: { endpoint: '{endpoint}', ...otlpOptionsConfig({ selfHosted: true }) },
  test: { kind: 'otlp' },
};
