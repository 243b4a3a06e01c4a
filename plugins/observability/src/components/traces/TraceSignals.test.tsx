import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { CoverageSignals } from '@internal/plugin-observability-common';
import { screen } from '@testing-library/react';
import { tracesApiRef, type TracesApi } from '../../api/TracesApi';
import { TraceSignals } from './TraceSignals';

function api(getCoverageSignals: TracesApi['getCoverageSignals']): TracesApi {
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    getCoverageSignals,
    search: unused,
    getTrace: unused,
    getTagNames: unused,
    getTagValues: unused,
    getServiceGraph: unused,
  };
}

const signals: CoverageSignals = {
  service: 'checkout',
  windowMinutes: 15,
  source: 'search-sample',
  spansPerMinute: 12.34,
  errorRatio: 0.1,
  distinctOperations: 3,
  lastSpanSeen: '2026-11-21T14:00:00.000Z',
  brokenPropagation: { orphanSpans: 2, sampledSpans: 40, sampledTraces: 10 },
  computedAt: '2026-11-21T14:01:00.000Z',
  notice:
    'No span metrics in Prometheus for this service; rates are estimated from recent traces.',
};

describe('TraceSignals', () => {
  it('shows the five signals and where they come from', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[tracesApiRef, api(async () => signals)]]}>
        <TraceSignals service="checkout" />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('12.3 spans/min (estimated from recent traces)'),
    ).toBeInTheDocument();
    expect(screen.getByText('10.0% errors')).toBeInTheDocument();
    expect(screen.getByText('3 operations')).toBeInTheDocument();
    expect(screen.getByText('2 broken propagation')).toBeInTheDocument();
    expect(screen.getByText(/^last span /)).toBeInTheDocument();
    expect(
      screen.getByText(/No span metrics in Prometheus/),
    ).toBeInTheDocument();
  });

  it('says when the service emitted nothing', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            tracesApiRef,
            api(async () => ({
              ...signals,
              lastSpanSeen: null,
              notice: undefined,
            })),
          ],
        ]}
      >
        <TraceSignals service="checkout" />
      </TestApiProvider>,
    );
    expect(await screen.findByText('no spans in 15 min')).toBeInTheDocument();
  });
});
