import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ClusterPipelineStatus, PipelineOperation, PipelineStep } from '@internal/plugin-observability-common';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pipelineApiRef } from '../../api/PipelineClient';
import { ClustersCard } from './ClustersCard';
import { mockPipelineApi } from './testApi';

const notInstalled: ClusterPipelineStatus = {
  cluster: 'local',
  reachable: true,
  availableVersion: '0.1.0',
  components: [],
  spans: { error: 'the gateway is not installed' },
  destinations: 1,
};

const objects: Omit<PipelineStep, 'status'>[] = [
  { kind: 'ServiceAccount', name: 'observability-collector-node', namespace: 'observability-system', action: 'apply' },
  { kind: 'DaemonSet', name: 'observability-collector-node', namespace: 'observability-system', action: 'apply' },
  { kind: 'Deployment', name: 'observability-gateway', namespace: 'observability-system', action: 'apply' },
  { kind: 'DaemonSet', name: 'observability-ebpf-agent', namespace: 'observability-system', action: 'delete' },
];

function op(statuses: PipelineStep['status'][], overrides: Partial<PipelineOperation> = {}): PipelineOperation {
  return {
    id: 'op-1',
    cluster: 'local',
    action: 'install',
    state: 'running',
    version: '0.1.0',
    startedAt: '2025-01-01T00:00:00Z',
    steps: objects.map((o, i) => ({ ...o, status: statuses[i] })),
    ...overrides,
  };
}

async function nextPoll() {
  await act(async () => {
    jest.advanceTimersByTime(1000);
  });
}

function setup() {
  const api = mockPipelineApi();
  const onChange = jest.fn();
  const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[pipelineApiRef, api]]}>
        <ClustersCard clusters={[notInstalled]} onChange={onChange} />
      </TestApiProvider>,
    );
  return { api, onChange, user, render };
}

describe('ClustersCard', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows each object of an install as it is applied, then the outcome', async () => {
    const { api, onChange, user, render } = setup();
    api.install.mockResolvedValue(op(['pending', 'pending', 'pending', 'pending']));
    api.getOperation
      .mockResolvedValueOnce(op(['done', 'running', 'pending', 'pending']))
      .mockResolvedValueOnce(op(['done', 'done', 'done', 'skipped'], { state: 'succeeded', finishedAt: '2025-01-01T00:00:05Z' }));
    await render();
    await user.click(screen.getByRole('button', { name: 'Install' }));

    expect(await screen.findByText('Applying the pipeline on local: 0 of 4 object(s)…')).toBeInTheDocument();
    expect(screen.getAllByTestId('pipeline-step-pending')).toHaveLength(4);
    // No second operation while one runs.
    expect(screen.getByRole('button', { name: 'Install' })).toBeDisabled();

    await nextPoll();
    expect(screen.getByText('Applying the pipeline on local: 1 of 4 object(s)…')).toBeInTheDocument();
    const steps = within(screen.getByRole('list', { name: 'pipeline operation steps' })).getAllByRole('listitem');
    expect(steps.map(s => s.textContent)).toEqual([
      'ServiceAccount observability-system/observability-collector-nodeapplied',
      'DaemonSet observability-system/observability-collector-nodeapplying…',
      'Deployment observability-system/observability-gatewayto apply',
      'DaemonSet observability-system/observability-ebpf-agentto delete',
    ]);
    expect(screen.getByRole('progressbar', { name: '1 of 4 objects' })).toHaveAttribute('aria-valuenow', '25');
    expect(onChange).not.toHaveBeenCalled();

    await nextPoll();
    expect(screen.getByTestId('pipeline-operation-result')).toHaveTextContent(
      'install on local done: 3 object(s) applied, 1 skipped (version 0.1.0).',
    );
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(api.getOperation).toHaveBeenCalledWith('op-1');
    // The step list stays at hand after the end.
    await user.click(screen.getByRole('button', { name: 'Show the 4 steps' }));
    expect(screen.getAllByTestId('pipeline-step-done')).toHaveLength(3);
    await nextPoll();
    expect(api.getOperation).toHaveBeenCalledTimes(2);
  });

  it('shows which object failed and why', async () => {
    const { api, user, render } = setup();
    api.install.mockResolvedValue(op(['pending', 'pending', 'pending', 'pending']));
    const failed = op(['done', 'failed', 'pending', 'pending'], {
      state: 'failed',
      error: 'apply DaemonSet observability-system/observability-collector-node: HTTP 403: forbidden',
    });
    failed.steps[1].message = 'HTTP 403: forbidden';
    api.getOperation.mockResolvedValue(failed);
    await render();
    await user.click(screen.getByRole('button', { name: 'Install' }));
    await screen.findByText('Applying the pipeline on local: 0 of 4 object(s)…');
    await nextPoll();
    expect(screen.getByTestId('pipeline-operation-result')).toHaveTextContent(
      'install on local failed after 1 object(s): apply DaemonSet observability-system/observability-collector-node: HTTP 403: forbidden',
    );
    expect(screen.getByTestId('pipeline-step-failed')).toHaveTextContent('failed: HTTP 403: forbidden');
  });

  it('keeps following the operation when a poll fails', async () => {
    const { api, user, render } = setup();
    api.install.mockResolvedValue(op(['pending', 'pending', 'pending', 'pending']));
    api.getOperation
      .mockRejectedValueOnce(new Error('network down'))
      .mockResolvedValueOnce(op(['done', 'done', 'done', 'done'], { state: 'succeeded' }));
    await render();
    await user.click(screen.getByRole('button', { name: 'Install' }));
    await screen.findByText('Applying the pipeline on local: 0 of 4 object(s)…');
    await nextPoll();
    expect(screen.getByText('Could not read the progress (network down); trying again.')).toBeInTheDocument();
    await nextPoll();
    expect(screen.getByTestId('pipeline-operation-result')).toHaveTextContent('install on local done: 4 object(s) applied');
  });

  it('shows the span flow of the gateway pods and the node collectors', async () => {
    const installed: ClusterPipelineStatus = {
      ...notInstalled,
      installedVersion: '0.1.0',
      spans: {
        flowing: true,
        receivedPerSecond: 12,
        exportedPerSecond: 12,
        gateway: {
          flowing: true,
          acceptedPerSecond: 12,
          exportedPerSecond: 12,
          measuredPods: 2,
          pods: [
            { pod: 'gw-a', state: 'measured', restarted: true },
            { pod: 'gw-b', state: 'measured' },
          ],
        },
        nodes: {
          measuredPods: 0,
          pods: [{ pod: 'node-a', state: 'unreadable', error: 'HTTP 503' }],
        },
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[pipelineApiRef, mockPipelineApi()]]}>
        <ClustersCard clusters={[installed]} onChange={() => undefined} />
      </TestApiProvider>,
    );
    expect(screen.getByRole('button', { name: 'Re-apply' })).toBeEnabled();
    const spans = screen.getByTestId('pipeline-spans');
    expect(spans).toHaveTextContent('flowing · in 12.0/s · out 12.0/s');
    expect(spans).toHaveTextContent('Gateway: flowing · 12.0/s exported · 2/2 pod(s) measured · 1 restarted');
    expect(spans).toHaveTextContent('Nodes: metrics unreadable (HTTP 503)');
  });
});
