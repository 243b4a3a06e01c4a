import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** IBM Instana: OTLP gRPC with the x-instana-key header. */
export const instana: DestinationSpec = {
  type: 'instana',
  displayName: 'IBM Instana',
  category: 'managed',
  docsUrl: 'https://www.ibm.com/docs/en/instana-observability/current?topic=opentelemetry-sending-data-instana-backend',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'otlp-<region>-saas.instana.io:4317' }),
    field.secret('agentKey', 'Agent key'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { 'x-instana-key': '{agentKey}', 'x-instana-host': 'backstage-observability' },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
