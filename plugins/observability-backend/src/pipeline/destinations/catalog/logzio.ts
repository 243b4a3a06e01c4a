import { field } from '../common';
import type { DestinationSpec } from '../types';

/** Logz.io: the contrib `logzio` exporter with the tracing shipping token and region. */
export const logzio: DestinationSpec = {
  type: 'logzio',
  displayName: 'Logz.io',
  category: 'managed',
  docsUrl: 'https://docs.logz.io/docs/shipping/other/opentelemetry-data/',
  signals: ['traces', 'logs'],
  exporter: 'logzio',
  fields: [
    field.select('region', 'Region', [
      { value: 'us', label: 'US' },
      { value: 'eu', label: 'EU' },
      { value: 'uk', label: 'UK' },
      { value: 'au', label: 'AU' },
      { value: 'ca', label: 'CA' },
    ]),
    field.secret('accountToken', 'Tracing shipping token'),
  ],
  config: { account_token: '{accountToken}', region: '{region}' },
  test: { kind: 'tls', hostPort: 'listener.logz.io:8071' },
};
