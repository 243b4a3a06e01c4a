import { field, otlpOptions, otlpOptionsConfig } from '../common';
import type { DestinationSpec } from '../types';

/** Coralogix: OTLP gRPC ingress with a bearer key and application/subsystem headers. */
export const coralogix: DestinationSpec = {
  type: 'coralogix',
  displayName: 'Coralogix',
  category: 'managed',
  docsUrl: 'https://coralogix.com/docs/opentelemetry/getting-started/',
  signals: ['traces', 'metrics', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    field.select('endpoint', 'Domain', [
      { value: 'ingress.coralogix.com:443', label: 'EU1 (coralogix.com)' },
      { value: 'ingress.eu2.coralogix.com:443', label: 'EU2' },
      { value: 'ingress.coralogix.us:443', label: 'US1 (coralogix.us)' },
      { value: 'ingress.cx498.coralogix.com:443', label: 'US2' },
      { value: 'ingress.coralogix.in:443', label: 'AP1 (coralogix.in)' },
      { value: 'ingress.coralogixsg.com:443', label: 'AP2' },
    ]),
    field.secret('privateKey', 'Send-your-data API key'),
    field.text('applicationName', 'Application name'),
    field.text('subsystemName', 'Subsystem name'),
    ...otlpOptions('otlp_grpc'),
  ],
  config: {
    endpoint: '{endpoint}',
    headers: {
      Authorization: 'Bearer {privateKey}',
      'CX-Application-Name': '{applicationName}',
      'CX-Subsystem-Name': '{subsystemName}',
    },
    ...otlpOptionsConfig(),
  },
  test: { kind: 'otlp' },
};
