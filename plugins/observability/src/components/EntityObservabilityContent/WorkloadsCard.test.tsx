import type { ClusterWorkloads } from '@internal/plugin-observability-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { WorkloadsCard } from './WorkloadsCard';

const clusters: ClusterWorkloads[] = [
  {
    cluster: 'local',
    workloads: [
      {
        cluster: 'local',
        namespace: 'shop',
        kind: 'Deployment',
        name: 'checkout',
        replicas: { desired: 2, ready: 1 },
        containers: [
          {
            name: 'app',
            image: 'eclipse-temurin:21-jre',
            detection: {
              language: 'java',
              runtimeVersion: '21',
              libc: 'glibc',
              otherAgents: [
                { vendor: 'newrelic', name: 'New Relic Java agent', evidence: 'cmdline' },
              ],
              confidence: 0.4,
              evidence: ['image eclipse-temurin'],
              source: 'podspec',
            },
          },
        ],
        pods: [],
        coverage: 'applied',
      },
    ],
  },
  { cluster: 'prod', workloads: [], error: 'cluster prod did not answer within 10000 ms' },
];

describe('WorkloadsCard', () => {
  it('shows workloads per cluster with language, version, other agents and coverage', async () => {
    await renderInTestApp(<WorkloadsCard clusters={clusters} />);
    const local = screen.getByTestId('cluster-local');
    expect(within(local).getByText('checkout')).toBeInTheDocument();
    expect(within(local).getByText('1/2 ready')).toBeInTheDocument();
    expect(within(local).getByText('Java 21')).toBeInTheDocument();
    expect(within(local).getByText('New Relic Java agent already present')).toBeInTheDocument();
    expect(within(local).getByText('applied, rolling out')).toBeInTheDocument();
  });

  it('says why a cluster could not be read, without hiding the others', async () => {
    await renderInTestApp(<WorkloadsCard clusters={clusters} />);
    expect(screen.getByText(/Could not read cluster prod/)).toBeInTheDocument();
    expect(screen.getByText(/did not answer within 10000 ms/)).toBeInTheDocument();
    expect(screen.getByTestId('cluster-local')).toBeInTheDocument();
  });
});
