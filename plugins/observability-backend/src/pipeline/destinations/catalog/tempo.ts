import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Grafana Tempo (self-hosted): OTLP gRPC, optional tenant and basic auth (e.g. behind a gateway). */
export const tempo: DestinationSpec = {
  type: 'tempo',
  displayName: 'Grafana Tempo',
  category: 'self-hosted',
  docsUrl: 'https://grafana.com/docs/tempo/latest/configuration/#distributor',
  signals: ['traces'],
  exporter: 'otlp_grpc',
  fields: [
    field.endpoint({ description: 'Distributor OTLP gRPC address, e.g. tempo-distributor.monitoring:4317' }),
    field.text('tenant', 'Tenant (X-Scope-OrgID)', { required: false }),
    field.text('username', 'Basic auth user', { required: false }),
    field.secret('password', 'Basic auth password', { required: false }),
    ...otlpOptions('otlp_grpc', { selfHosted: true }),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: { 'X-Scope-OrgID': '{tenant}' },
    ...otlpOptionsConfig({ selfHosted: true }),
  },
  auth: { type: 'basic', username: '{username}', password: '{password}' },
  test: { kind: 'otlp' },
};
