import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** OpenObserve: OTLP/HTTP under /api/<org>, basic auth with user e-mail and token. */
export const openObserve: DestinationSpec = {
  type: 'openobserve',
  displayName: 'OpenObserve',
  category: 'self-hosted',
  docsUrl: 'https://openobserve.ai/docs/ingestion/traces/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_http',
  fields: [
    field.url('endpoint', 'OTLP endpoint', { description: 'https://api.openobserve.ai/api/<organization>' }),
    field.text('username', 'User (e-mail)'),
    field.secret('password', 'Token'),
    field.text('stream', 'Stream name', { required: false, default: 'default' }),
    ...otlpOptions('otlp_http'),
  ],
  config: { endpoint: '{endpoint}', headers: { 'stream-name': '{stream}' }, ...otlpOptionsConfig() },
  auth: { type: 'basic', username: '{username}', password: '{password}' },
  test: { kind: 'otlp' },
};
