import { field } from '../common';
import type { DestinationSpec } from '../types';

/** Splunk Enterprise / Cloud Platform through the HTTP Event Collector (`splunk_hec`). */
export const splunkHec: DestinationSpec = {
  type: 'splunk-hec',
  displayName: 'Splunk (HEC)',
  category: 'managed',
  docsUrl: 'https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector',
  signals: ['traces', 'logs'],
  exporter: 'splunk_hec',
  fields: [
    field.url('endpoint', 'HEC endpoint', { description: 'https://splunk.example.com:8088/services/collector' }),
    field.secret('token', 'HEC token'),
    field.text('index', 'Index', { required: false }),
    field.text('source', 'Source', { required: false, default: 'otel' }),
    { name: 'tlsInsecureSkipVerify', displayName: 'Skip TLS certificate verification', type: 'boolean', required: false, secret: false, default: false },
    { name: 'disableCompression', displayName: 'Disable gzip compression', type: 'boolean', required: false, secret: false, default: false },
  ],
  config: {
    endpoint: '{endpoint}',
    token: '{token}',
    index: '{index}',
    source: '{source}',
    disable_compression: '{disableCompression}',
    tls: { insecure_skip_verify: '{tlsInsecureSkipVerify}' },
  },
  test: {
    kind: 'http',
    method: 'POST',
    url: '{endpoint}',
    headers: { Authorization: 'Splunk {token}' },
    body: '',
    // HEC answers 400 "No data" to an empty body once the token is accepted.
    okStatuses: [200, 400],
  },
};
