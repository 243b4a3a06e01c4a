import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Grafana Cloud OTLP gateway: basic auth with the instance id and an access-policy token. */
export const grafanaCloud: DestinationSpec = {
  type: 'grafana-cloud',
  displayName: 'Grafana Cloud',
  category: 'managed',
  docsUrl: 'https://grafana.com/docs/grafana-cloud/send-data/otlp/send-data-otlp/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'OTLP endpoint', {
      description: 'From the stack\'s OTLP tile, e.g. https://otlp-gateway-prod-eu-west-2.grafana.net/otlp',
      pattern: '^https://otlp-gateway-[a-z0-9-]+\\.grafana\\.net/otlp/?$',
    }),
    field.text('instanceId', 'Instance ID', { pattern: '^[0-9]+$' }),
    field.secret('apiToken', 'Access policy token'),
    ...otlpOptions('otlp_http'),
  ],
  config: { endpoint: '{endpoint}', ...otlpOptionsConfig() },
  auth: { type: 'basic', username: '{instanceId}', password: '{apiToken}' },
  test: { kind: 'otlp' },
};
