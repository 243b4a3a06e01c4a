import { field } from '../common';
import type { DestinationSpec } from '../types';

/** Azure Monitor Application Insights through the contrib `azuremonitor` exporter. */
export const azureMonitor: DestinationSpec = {
  type: 'azure-monitor',
  displayName: 'Azure Monitor',
  category: 'managed',
  docsUrl: 'https://learn.microsoft.com/azure/azure-monitor/app/connection-strings',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'azuremonitor',
  fields: [
    field.secret('connectionString', 'Connection string', {
      pattern: '^InstrumentationKey=[0-9a-fA-F-]{36};.+$',
    }),
  ],
  config: { connection_string: '{connectionString}' },
  test: { kind: 'tls', hostPort: 'dc.services.visualstudio.com:443' },
};
