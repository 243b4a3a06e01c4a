import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Jaeger (v1.35+ and v2 accept OTLP natively on 4317). */
export const jaeger: DestinationSpec = {
  type: 'jaeger',
  displayName: 'Jaeger',
  category: 'self-hosted',
  docsUrl: 'https://www.jaegertracing.io/docs/latest/apis/#opentelemetry-protocol-stable',
  signals: ['traces'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'Jaeger collector OTLP gRPC address, e.g. jaeger-collector.tracing:4317' }),
    ...otlpOptions('otlp_grpc', { selfHosted: true }),
  ],
  config: { endpoint: '{endpoint}', ...otlpOptionsConfig({ selfHosted: true }) },
  test: { kind: 'otlp' },
};
