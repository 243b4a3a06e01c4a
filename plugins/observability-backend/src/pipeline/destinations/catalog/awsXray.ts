import { field } from '../common';
import type { DestinationSpec } from '../types';

/**
 * AWS X-Ray through the contrib `awsxray` exporter. Credentials come from the gateway's
 * workload identity (IRSA / EKS Pod Identity), optionally assuming a role.
 */
export const awsXray: DestinationSpec = {
  type: 'aws-xray',
  displayName: 'AWS X-Ray',
  category: 'managed',
  docsUrl: 'https://aws-otel.github.io/docs/getting-started/x-ray',
  signals: ['traces'],
  exporter: 'awsxray',
  fields: [
    field.text('region', 'Region', { pattern: '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$', default: 'us-east-1' }),
    field.text('roleArn', 'Role ARN to assume', {
      required: false,
      pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$',
    }),
    { name: 'indexAllAttributes', displayName: 'Index all attributes', type: 'boolean', required: false, secret: false, default: false },
  ],
  config: { region: '{region}', role_arn: '{roleArn}', index_all_attributes: '{indexAllAttributes}' },
  test: { kind: 'tls', hostPort: 'xray.{region}.amazonaws.com:443' },
};
