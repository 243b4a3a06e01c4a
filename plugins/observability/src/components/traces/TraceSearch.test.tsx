import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { tracesApiRef, type TracesApi } from '../../api/TracesApi';
import { TraceSearch } from './TraceSearch';

function stubApi(search: TracesApi['search'], tags: string[] = []): TracesApi {
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    search,
    getTrace: unused,
    getTagNames: async () => tags,
    getTagValues: async () => ['GET /cart', 'SELECT cart'],
    getServiceGraph: unused,
    getCoverageSignals: unused,
  };
}

const found = {
  query: '{ resource.service.name = "cart" }',
  traces: [
    {
      traceId: 'ab'.repeat(16),
      rootServiceName: 'web',
      rootOperation: 'GET /cart',
      startUs: 1_700_000_000_000_000,
      durationMs: 123,
      spanCount: 42,
      errorCount: 3,
      services: ['cart', 'web'],
      serviceStats: {},
    },
  ],
};

describe('TraceSearch', () => {
  it('searches the entity’s service with the filters and lists the results', async () => {
    const search = jest.fn(async () => found);
    const onOpenTrace = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[tracesApiRef, stubApi(search, ['span.http.route', 'name'])]]}
      >
        <TraceSearch
          service="cart"
          entityRef="component:default/cart"
          onOpenTrace={onOpenTrace}
        />
      </TestApiProvider>,
    );
    expect(screen.queryByLabelText('Service')).not.toBeInTheDocument();
    // Suggestions from Tempo's tag names and span names.
    await waitFor(() =>
      expect(
        document.querySelector('#trace-search-attributes option'),
      ).toHaveAttribute('value', 'span.http.route='),
    );
    expect(
      document.querySelectorAll('#trace-search-operations option'),
    ).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Operation'), {
      target: { value: 'GET /cart' },
    });
    fireEvent.change(screen.getByLabelText('Attributes'), {
      target: { value: 'http.status_code>499' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    expect(await screen.findByText('GET /cart')).toBeInTheDocument();
    expect(search).toHaveBeenCalledWith(
      expect.objectContaining({
        service: 'cart',
        operation: 'GET /cart',
        attributes: [{ key: 'http.status_code', op: '>', value: '499' }],
      }),
      { entityRef: 'component:default/cart' },
    );
    expect(screen.getByText('42')).toBeInTheDocument();
    expect(screen.getByText('123 ms')).toBeInTheDocument();
    fireEvent.click(screen.getByText('ab'.repeat(16)));
    expect(onOpenTrace).toHaveBeenCalledWith('ab'.repeat(16));
  });

  it('shows a bad filter in place without calling the backend', async () => {
    const search = jest.fn(async () => found);
    await renderInTestApp(
      <TestApiProvider apis={[[tracesApiRef, stubApi(search)]]}>
        <TraceSearch onOpenTrace={jest.fn()} />
      </TestApiProvider>,
    );
    fireEvent.change(screen.getByLabelText('Attributes'), {
      target: { value: 'nonsense' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(
      await screen.findByText(/"nonsense" is not a filter/),
    ).toBeInTheDocument();
    expect(search).not.toHaveBeenCalled();
  });

  it('shows the backend’s reason when Tempo is down', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'ServiceUnavailableError',
          message:
            'Tempo at http://tempo:3200 is unreachable: connect ECONNREFUSED',
        },
        response: { statusCode: 503 },
      }),
      { status: 503, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    await renderInTestApp(
      <TestApiProvider
        apis={[[tracesApiRef, stubApi(() => Promise.reject(error))]]}
      >
        <TraceSearch onOpenTrace={jest.fn()} />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText(/Trace search failed/)).toBeInTheDocument();
    expect(
      screen.getAllByText(/Tempo at http:\/\/tempo:3200 is unreachable/).length,
    ).toBeGreaterThan(0);
  });

  it('lists the results of the Tempo instances that answered and names the one that failed', async () => {
    const partial = { ...found, errors: [{ instance: 'eu', message: 'connect ECONNREFUSED' }] };
    await renderInTestApp(
      <TestApiProvider apis={[[tracesApiRef, stubApi(async () => partial)]]}>
        <TraceSearch onOpenTrace={jest.fn()} />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText(/Tempo eu could not be searched \(connect ECONNREFUSED\)/)).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Traces found' })).toHaveTextContent('GET /cart');
  });
});
