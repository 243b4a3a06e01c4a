import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** New Relic native OTLP endpoint with the api-key (license key) header. */
export const newRelic: DestinationSpec = {
  type: 'new-relic',
  displayName: 'New Relic',
  category: 'managed',
  docsUrl: 'https://docs.newrelic.com/docs/opentelemetry/best-practices/opentelemetry-otlp/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.select('endpoint', 'Region', [
      { value: 'otlp.nr-data.net:443', label: 'US' },
      { value: 'otlp.eu01.nr-data.net:443', label: 'EU' },
      { value: 'gov-otlp.nr-data.net:443', label: 'FedRAMP' },
    ]),
    field.secret('licenseKey', 'License key'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: { endpoint: '{endpoint}', headers: { 'api-key': '{licenseKey}' }, ...otlpOptionsConfig() },
  test: { kind: 'otlp' },
};
