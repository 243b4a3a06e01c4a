import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { DestinationDefinition, DestinationSummary } from '@internal/plugin-observability-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pipelineApiRef } from '../../api/PipelineClient';
import { DestinationsCard } from './DestinationsCard';
import { mockPipelineApi } from './testApi';

const tempo: DestinationSummary = {
  name: 'tempo',
  type: 'tempo',
  signals: ['traces'],
  values: { endpoint: 'tempo.monitoring:4317', tlsInsecure: true, username: 'portal' },
  secretsSet: ['password'],
  updatedAt: '2025-01-01T00:00:00Z',
};
const honeycomb: DestinationSummary = {
  name: 'hc',
  type: 'honeycomb',
  signals: ['traces'],
  values: {},
  secretsSet: ['apiKey'],
  updatedAt: '2025-01-01T00:00:00Z',
};
const definitions = [
  { type: 'tempo', displayName: 'Grafana Tempo' },
  { type: 'honeycomb', displayName: 'Honeycomb' },
] as DestinationDefinition[];

function setup() {
  const api = mockPipelineApi({
    listDestinationTypes: jest.fn(async () => definitions),
    listDestinations: jest.fn(async (_cluster: string) => [tempo, honeycomb]),
  });
  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[pipelineApiRef, api]]}>
        <DestinationsCard cluster="local" />
      </TestApiProvider>,
    );
  return { api, render, user: userEvent.setup() };
}

describe('DestinationsCard', () => {
  it('tests a stored destination from the list, with its stored secrets, and shows what answered', async () => {
    const { api, render, user } = setup();
    api.testDestination.mockResolvedValue({
      ok: true,
      stage: 'ok',
      message: 'gRPC Export to tempo.monitoring:4317: OK',
      endpoint: 'tempo.monitoring:4317',
      durationMs: 12,
    });
    await render();
    const row = await screen.findByTestId('destination-row-tempo');
    await user.click(within(row).getByRole('button', { name: 'Test tempo' }));

    expect(await screen.findByTestId('destination-test-result-tempo')).toHaveTextContent(
      'Connection works (12 ms): gRPC Export to tempo.monitoring:4317: OK',
    );
    // The stored values as they are, no secret sent: the server uses the stored one.
    expect(api.testDestination).toHaveBeenCalledWith('local', {
      name: 'tempo',
      type: 'tempo',
      signals: ['traces'],
      values: tempo.values,
      secrets: {},
      existing: true,
    });
    expect(screen.queryByTestId('destination-test-result-hc')).not.toBeInTheDocument();
  });

  it('says where a failing test stopped, per destination', async () => {
    const { api, render, user } = setup();
    api.testDestination.mockImplementation(async (_cluster, input) =>
      input.name === 'hc'
        ? { ok: false, stage: 'auth', message: 'POST https://api.honeycomb.io/1/auth: HTTP 401', endpoint: 'api.honeycomb.io', durationMs: 80 }
        : { ok: true, stage: 'ok', message: 'OK', endpoint: 'tempo.monitoring:4317', durationMs: 5 },
    );
    await render();
    await user.click(await screen.findByRole('button', { name: 'Test hc' }));
    expect(await screen.findByTestId('destination-test-result-hc')).toHaveTextContent(
      'Failed at auth (80 ms): POST https://api.honeycomb.io/1/auth: HTTP 401',
    );
    await user.click(screen.getByRole('button', { name: 'Test tempo' }));
    expect(await screen.findByTestId('destination-test-result-tempo')).toHaveTextContent('Connection works');
    expect(screen.getByTestId('destination-test-result-hc')).toHaveTextContent('Failed at auth');
  });

  it('shows a test that could not run at all (e.g. not allowed)', async () => {
    const { api, render, user } = setup();
    api.testDestination.mockRejectedValue(new Error('Missing permission observability.destination.manage'));
    await render();
    await user.click(await screen.findByRole('button', { name: 'Test tempo' }));
    await waitFor(() =>
      expect(screen.getByTestId('destination-test-result-tempo')).toHaveTextContent(
        'The test of tempo could not run: Missing permission observability.destination.manage',
      ),
    );
  });
});
