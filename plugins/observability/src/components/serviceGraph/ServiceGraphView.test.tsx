import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { ServiceGraph } from '@internal/plugin-observability-common';
import { screen } from '@testing-library/react';
import { tracesApiRef, type TracesApi } from '../../api/TracesApi';
import { EntityServiceGraphCard } from './EntityServiceGraphCard';

const graph: ServiceGraph = {
  service: 'checkout',
  source: 'traces',
  windowMinutes: 15,
  notice:
    'Prometheus could not be read: no answer within 10000 ms. Built from 3 sampled trace(s); rates are lower bounds.',
  nodes: [
    { id: 'checkout', virtual: false },
    { id: 'payments', virtual: false },
    { id: 'postgresql:orders', virtual: true, peerType: 'database' },
    { id: 'storefront', virtual: false },
  ],
  edges: [
    {
      source: 'storefront',
      target: 'checkout',
      requestRate: 2,
      errorRate: 0,
      p90Ms: 120,
    },
    { source: 'checkout', target: 'payments', requestRate: 1, errorRate: 0.5 },
    {
      source: 'checkout',
      target: 'postgresql:orders',
      requestRate: 4,
      errorRate: 0,
    },
  ],
};

function api(getServiceGraph: TracesApi['getServiceGraph']): TracesApi {
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    getServiceGraph,
    search: unused,
    getTrace: unused,
    getTagNames: unused,
    getTagValues: unused,
    getCoverageSignals: unused,
  };
}

// payments is in the catalog under another name; storefront is not in the catalog at all.
const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', namespace: 'default' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-service',
        namespace: 'shop',
        annotations: { 'observability.backstage.io/service-name': 'payments' },
      },
    },
  ],
});

const mountedRoutes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

describe('EntityServiceGraphCard', () => {
  it('draws callers, callees and uninstrumented peers with their edge figures', async () => {
    const getServiceGraph = jest.fn(async () => graph);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [tracesApiRef, api(getServiceGraph)],
          [catalogApiRef, catalogApi],
        ]}
      >
        <EntityServiceGraphCard
          service="checkout"
          entityRef="component:default/checkout"
        />
      </TestApiProvider>,
      mountedRoutes,
    );
    expect(
      await screen.findByRole('img', { name: 'Service graph of checkout' }),
    ).toBeInTheDocument();
    expect(getServiceGraph).toHaveBeenCalledWith('checkout', {
      entityRef: 'component:default/checkout',
      windowMinutes: 15,
    });
    expect(
      screen.getByText(/Prometheus could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('edge-storefront-checkout')).toHaveTextContent(
      '2.0 req/s · 0.0% err · p90 120 ms',
    );
    expect(screen.getByTestId('edge-checkout-payments')).toHaveTextContent(
      '50.0% err',
    );
    expect(
      screen.getByRole('link', { name: 'payments in the catalog' }),
    ).toHaveAttribute('href', '/catalog/shop/component/payments-service');
    expect(
      screen.getByRole('link', { name: 'checkout in the catalog' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(
      screen.queryByRole('link', { name: /storefront/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /postgresql/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('postgresql:orders: not instrumented (database)'),
    ).toBeInTheDocument();
  });

  it('says so when Prometheus and Tempo are both down', async () => {
    const down = Object.assign(
      new Error(
        'Tempo at http://tempo:3200 is unreachable: connect ECONNREFUSED',
      ),
      {
        name: 'ServiceUnavailableError',
      },
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [tracesApiRef, api(() => Promise.reject(down))],
          [catalogApiRef, catalogApi],
        ]}
      >
        <EntityServiceGraphCard service="checkout" />
      </TestApiProvider>,
      mountedRoutes,
    );
    expect(
      await screen.findByText(/The service graph could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Tempo at http:\/\/tempo:3200 is unreachable/).length,
    ).toBeGreaterThan(0);
  });

  it('explains an empty neighbourhood', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            tracesApiRef,
            api(async () => ({
              ...graph,
              notice: undefined,
              edges: [],
              nodes: [graph.nodes[0]],
            })),
          ],
          [catalogApiRef, catalogApi],
        ]}
      >
        <EntityServiceGraphCard service="checkout" />
      </TestApiProvider>,
      mountedRoutes,
    );
    expect(
      await screen.findByText(
        'No calls to or from checkout were seen in the last 15 minutes.',
      ),
    ).toBeInTheDocument();
  });
});
