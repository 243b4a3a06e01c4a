import { field } from '../common';
import type { DestinationSpec } from '../types';

/** Datadog: the contrib `datadog` exporter (API key + site). */
export const datadog: DestinationSpec = {
  type: 'datadog',
  displayName: 'Datadog',
  category: 'managed',
  docsUrl: 'https://docs.datadoghq.com/opentelemetry/setup/collector_exporter/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'datadog',
  fields: [
    field.select('site', 'Site', [
      { value: 'datadoghq.com', label: 'US1 (datadoghq.com)' },
      { value: 'us3.datadoghq.com', label: 'US3' },
      { value: 'us5.datadoghq.com', label: 'US5' },
      { value: 'datadoghq.eu', label: 'EU1 (datadoghq.eu)' },
      { value: 'ap1.datadoghq.com', label: 'AP1' },
      { value: 'ddog-gov.com', label: 'US1-FED' },
    ]),
    field.secret('apiKey', 'API key'),
  ],
  config: { api: { key: '{apiKey}', site: '{site}' } },
  test: {
    kind: 'http',
    method: 'GET',
    url: 'https://api.{site}/api/v1/validate',
    headers: { 'DD-API-KEY': '{apiKey}' },
  },
};
