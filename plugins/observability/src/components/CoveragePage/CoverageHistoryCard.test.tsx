import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { CoverageHistoryPoint } from '@internal/plugin-observability-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { observabilityApiRef, type ObservabilityApi } from '../../api';
import { CoverageHistoryCard } from './CoverageHistoryCard';

const point = (
  takenAt: string,
  scope: CoverageHistoryPoint['scope'],
  group: string,
  instrumented: number,
): CoverageHistoryPoint => ({ takenAt, scope, group, components: 4, instrumented, emitting: 1 });

function apiWith(getCoverageHistory: ObservabilityApi['getCoverageHistory']) {
  return { getCoverageHistory } as Partial<ObservabilityApi> as ObservabilityApi;
}

describe('CoverageHistoryCard', () => {
  it('draws the snapshots of the chosen group and asks the backend for its scope', async () => {
    const getCoverageHistory = jest.fn(async ({ scope }: { scope: string }) => ({
      intervalMinutes: 60,
      points:
        scope === 'owner'
          ? [point('2026-11-02T00:00:00Z', 'owner', 'team-web', 3), point('2026-11-02T00:00:00Z', 'owner', 'team-pay', 1)]
          : [point('2026-11-01T00:00:00Z', 'all', 'all', 1), point('2026-11-02T00:00:00Z', 'all', 'all', 2)],
    }));
    await renderInTestApp(
      <TestApiProvider apis={[[observabilityApiRef, apiWith(getCoverageHistory as any)]]}>
        <CoverageHistoryCard owners={['team-pay', 'team-web']} systems={['shop']} />
      </TestApiProvider>,
    );
    const chart = await screen.findByTestId('coverage-history-chart');
    expect(chart.querySelectorAll('circle')).toHaveLength(4);
    expect(screen.getByTestId('coverage-history-latest')).toHaveTextContent('2 snapshot(s); latest 2/4 instrumented');
    expect(getCoverageHistory).toHaveBeenLastCalledWith({ days: 30, scope: 'all' });

    fireEvent.mouseDown(within(screen.getByTestId('history-group').parentElement!).getByRole('button'));
    fireEvent.click(await screen.findByRole('option', { name: 'Owner: team-web' }));
    expect(await screen.findByText(/1 snapshot\(s\); latest 3\/4 instrumented/)).toBeInTheDocument();
    expect(getCoverageHistory).toHaveBeenLastCalledWith({ days: 30, scope: 'owner' });
  });

  it('says when there is no snapshot yet, and how often they are taken', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[observabilityApiRef, apiWith(async () => ({ points: [], intervalMinutes: 15 }))]]}>
        <CoverageHistoryCard owners={[]} systems={[]} />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('coverage-history-empty')).toHaveTextContent('every 15 minutes');
  });
});
