import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/**
 * Sumo Logic OTLP/HTTP source. The source URL embeds its credentials, so the whole URL is a
 * secret field.
 */
export const sumoLogic: DestinationSpec = {
  type: 'sumo-logic',
  displayName: 'Sumo Logic',
  category: 'managed',
  docsUrl: 'https://help.sumologic.com/docs/send-data/hosted-collectors/http-source/otlp/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.secret('endpoint', 'OTLP/HTTP source URL', {
      type: 'url',
      pattern: '^https://.+\\.sumologic\\.com/.+$',
    }),
    ...otlpOptions('otlp_http'),
  ],
  config: { endpoint: '{endpoint}', ...otlpOptionsConfig() },
  test: { kind: 'otlp' },
};
