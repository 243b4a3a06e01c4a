import { field } from '../common';
import type { DestinationSpec } from '../types';

/** Elasticsearch directly (no APM Server) through the contrib `elasticsearch` exporter. */
export const elasticsearch: DestinationSpec = {
  type: 'elasticsearch',
  displayName: 'Elasticsearch',
  category: 'self-hosted',
  docsUrl: 'https://www.elastic.co/docs/reference/opentelemetry/edot-collector/components/elasticsearchexporter',
  signals: ['traces', 'logs'],
  exporter: 'elasticsearch',
  fields: [
    field.url('endpoint', 'Elasticsearch URL', { description: 'https://elasticsearch.logging:9200' }),
    field.secret('apiKey', 'API key (base64 id:key)', { required: false }),
    field.text('username', 'User', { required: false }),
    field.secret('password', 'Password', { required: false }),
    { name: 'tlsInsecureSkipVerify', displayName: 'Skip TLS certificate verification', type: 'boolean', required: false, secret: false, default: false },
    { name: 'tlsCaPem', displayName: 'CA certificate (PEM)', type: 'text', required: false, secret: false },
  ],
  config: {
    endpoints: ['{endpoint}'],
    headers: { Authorization: 'ApiKey {apiKey}' },
    tls: { insecure_skip_verify: '{tlsInsecureSkipVerify}', ca_pem: '{tlsCaPem}' },
  },
  auth: { type: 'basic', username: '{username}', password: '{password}' },
  test: { kind: 'http', method: 'GET', url: '{endpoint}/', headers: { Authorization: 'ApiKey {apiKey}' } },
};
