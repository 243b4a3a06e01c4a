import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { tracesApiRef, type TracesApi } from '../../api/TracesApi';
import { FirstSpan } from './FirstSpan';

function renderWith(search: TracesApi['search']) {
  const api = { search } as unknown as TracesApi;
  return renderInTestApp(
    <TestApiProvider apis={[[tracesApiRef, api]]}>
      <FirstSpan service="storefront" entityRef="component:default/storefront" since="2026-11-21T10:00:00Z" />
    </TestApiProvider>,
  );
}

describe('FirstSpan', () => {
  it('looks for the service since the change and links to the first trace', async () => {
    const search = jest.fn().mockResolvedValue({
      query: '{}',
      traces: [
        { traceId: 'abc123', rootServiceName: 'storefront', rootOperation: 'GET /', startUs: 1, durationMs: 3, spanCount: 4, errorCount: 0, services: ['storefront'], serviceStats: {} },
      ],
    });
    await renderWith(search);
    expect(await screen.findByTestId('first-span')).toHaveTextContent('First trace received: storefront GET / (4 spans)');
    expect(screen.getByRole('link', { name: 'open it' })).toHaveAttribute('href', '/observability/traces?trace=abc123');
    expect(search).toHaveBeenCalledWith(
      expect.objectContaining({ service: 'storefront', start: Date.parse('2026-11-21T10:00:00Z') / 1000, limit: 1 }),
      { entityRef: 'component:default/storefront' },
    );
  });

  it('keeps waiting, and says what Tempo answered, while no span has arrived', async () => {
    await renderWith(jest.fn().mockRejectedValue(new Error('Tempo is unreachable')));
    expect(await screen.findByText(/Waiting for the first span from storefront… \(Tempo: Tempo is unreachable\)/)).toBeInTheDocument();
  });
});
