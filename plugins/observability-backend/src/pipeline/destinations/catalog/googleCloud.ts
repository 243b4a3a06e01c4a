import { field } from '../common';
import type { DestinationSpec } from '../types';

/**
 * Google Cloud Trace through the contrib `googlecloud` exporter; credentials from Workload
 * Identity on the gateway's service account.
 */
export const googleCloud: DestinationSpec = {
  type: 'google-cloud',
  displayName: 'Google Cloud Trace',
  category: 'managed',
  docsUrl: 'https://cloud.google.com/trace/docs/otlp',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'googlecloud',
  fields: [field.text('projectId', 'Project ID', { pattern: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$' })],
  config: { project: '{projectId}' },
  test: { kind: 'tls', hostPort: 'cloudtrace.googleapis.com:443' },
};
