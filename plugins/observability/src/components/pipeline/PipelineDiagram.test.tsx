import { renderInTestApp } from '@backstage/test-utils';
import type { PipelineOverview } from '@internal/plugin-observability-common';
import { screen, within } from '@testing-library/react';
import { PipelineDiagram } from './PipelineDiagram';

const overview: PipelineOverview = {
  cluster: 'prod',
  nodes: [
    {
      id: 'source:0',
      label: 'checkout',
      role: 'source',
      detail: 'Deployment shop/checkout · java',
      members: [{ namespace: 'shop', kind: 'Deployment', name: 'checkout', services: ['checkout'], strategies: ['java'] }],
      rate: { state: 'measured', spansPerSecond: 12.5, basis: 'Tempo span metrics, 5m rate' },
    },
    {
      id: 'source-group:0',
      label: 'batch · 3 workloads',
      role: 'source',
      detail: 'a, b, c',
      members: ['a', 'b', 'c'].map(name => ({ namespace: 'batch', kind: 'CronJob', name, services: [name], strategies: ['python'] })),
      rate: { state: 'partial', spansPerSecond: 2, basis: 'Tempo span metrics, 5m rate', note: '2 of 3 not fully measured' },
    },
    {
      id: 'source:2',
      label: 'ledger',
      role: 'source',
      detail: 'StatefulSet finance/ledger · ebpf',
      members: [{ namespace: 'finance', kind: 'StatefulSet', name: 'ledger', services: ['ledger'], strategies: ['ebpf'] }],
      rate: { state: 'not-measured', note: "no span metrics for service 'ledger'" },
    },
    { id: 'ebpf', label: 'eBPF agent', role: 'agent', healthy: true },
    { id: 'node', label: 'Node collector', role: 'collector', healthy: true, rate: { state: 'measured', spansPerSecond: 14 } },
    { id: 'gateway', label: 'Gateway', role: 'collector', healthy: false, rate: { state: 'not-measured', note: 'first read' } },
    { id: 'dest:tempo', label: 'tempo (Grafana Tempo)', role: 'destination' },
  ],
  edges: [
    { from: 'source:0', to: 'node', rate: { state: 'measured', spansPerSecond: 12.5 } },
    { from: 'source-group:0', to: 'node', rate: { state: 'partial', spansPerSecond: 2 } },
    { from: 'source:2', to: 'ebpf', rate: { state: 'not-measured', note: "no span metrics for service 'ledger'" } },
    { from: 'ebpf', to: 'node', rate: { state: 'not-measured', note: "the eBPF agent's own counters are not read" } },
    { from: 'node', to: 'gateway', rate: { state: 'measured', spansPerSecond: 14, basis: 'node collector metrics, 2 of 2 pod(s)' } },
    { from: 'gateway', to: 'dest:tempo', rate: { state: 'partial', spansPerSecond: 7, basis: 'gateway metrics, 1 of 2 pod(s)', note: '1 pod(s) not measured' } },
  ],
};

describe('PipelineDiagram', () => {
  it('draws each source with its measured rate, and says "not measured" where there is none', async () => {
    await renderInTestApp(<PipelineDiagram overview={overview} />);
    expect(screen.getByRole('img', { name: 'Telemetry pipeline of prod' })).toBeInTheDocument();
    expect(screen.getByTestId('pipeline-node-source:0')).toHaveTextContent('checkoutDeployment shop/checkout · java13 spans/s');
    expect(screen.getByTestId('pipeline-node-source-group:0')).toHaveTextContent('batch · 3 workloads');
    expect(screen.getByTestId('pipeline-node-source-group:0')).toHaveTextContent('≥ 2.0 spans/s');
    expect(screen.getByTestId('pipeline-node-source:2')).toHaveTextContent('not measured');
    expect(screen.getByTestId('pipeline-node-source:2')).not.toHaveTextContent('spans/s');
    expect(screen.getByTestId('pipeline-node-gateway')).toHaveTextContent('Gatewaynot measured');
  });

  it('labels the edges with what flows on them and explains each number on hover', async () => {
    await renderInTestApp(<PipelineDiagram overview={overview} />);
    expect(screen.getByTestId('pipeline-edge-node-gateway')).toHaveTextContent('14 spans/s');
    const toTempo = screen.getByTestId('pipeline-edge-gateway-dest:tempo');
    expect(toTempo).toHaveTextContent('≥ 7.0 spans/s');
    expect(toTempo.querySelector('title')).toHaveTextContent('gateway metrics, 1 of 2 pod(s) · 1 pod(s) not measured');
    expect(screen.getByTestId('pipeline-edge-ebpf-node')).toHaveTextContent('not measured');
  });

  it('lists the workloads behind each source with the rate and where it comes from', async () => {
    await renderInTestApp(<PipelineDiagram overview={overview} />);
    const table = screen.getByRole('table', { name: 'pipeline sources' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('Deployment shop/checkout · java · service checkout');
    expect(rows[0]).toHaveTextContent('13 spans/sTempo span metrics, 5m rate');
    expect(within(rows[1]).getAllByText(/CronJob batch\//)).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('2 of 3 not fully measured');
    expect(rows[2]).toHaveTextContent("not measuredno span metrics for service 'ledger'");
  });

  it('says why sources are missing', async () => {
    await renderInTestApp(
      <PipelineDiagram
        overview={{
          cluster: 'prod',
          nodes: [{ id: 'sources', label: 'Sources unavailable', role: 'source', detail: 'HTTP 403' }],
          edges: [],
          sourcesError: 'HTTP 403',
        }}
      />,
    );
    expect(screen.getByText('Sources could not be listed: HTTP 403')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'pipeline sources' })).not.toBeInTheDocument();
  });
});
