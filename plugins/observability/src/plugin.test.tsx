import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  entityTabApis,
  javaWorkload,
  kubernetesComponent,
  workloadsOf,
} from './components/EntityObservabilityContent/__testUtils__/entityTab';
import { mockObservabilityApi } from './components/OnboardingDialog/__testUtils__/fixtures';
import observabilityDefault, {
  EntityObservabilityContent,
  ObservabilityOnboardingButton,
  ObservabilityPage,
  observabilityPlugin,
} from './index';

/** Links to the Observability page the way other plugins make them: through the route ref. */
function LinkToObservabilityPage() {
  const pageRoute = useRouteRef(observabilityPlugin.routes.root);
  return <a href={pageRoute()}>Observability page</a>;
}

/**
 * A legacy app's routes: the page at /observability and the tab on entity pages. Routable
 * extensions refuse to render unless they sit on a route with a path, as here.
 */
function renderLegacyApp(
  apis: ReturnType<typeof entityTabApis>,
  location: string,
  entity = kubernetesComponent('legacy-tab'),
) {
  return renderInTestApp(
    <TestApiProvider apis={apis}>
      <LinkToObservabilityPage />
      <Routes>
        <Route path="/observability/*" element={<ObservabilityPage />} />
        <Route
          path="/catalog/:namespace/:kind/:name/observability"
          element={
            <EntityProvider entity={entity}>
              <EntityObservabilityContent />
            </EntityProvider>
          }
        />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [location],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('package exports', () => {
  it('default-exports the new frontend system plugin with its extensions', () => {
    expect(observabilityDefault.$$type).toBe('@backstage/FrontendPlugin');
    expect(observabilityDefault.id).toBe('observability');
    for (const id of [
      'api:observability',
      'entity-content:observability',
      'page:observability',
      'sub-page:observability/coverage',
      'sub-page:observability/settings',
    ] as const) {
      expect(observabilityDefault.getExtension(id)).toBeDefined();
    }
  });

  it('keeps the legacy plugin with its three APIs', () => {
    expect(observabilityPlugin.getId()).toBe('observability');
    expect(
      [...observabilityPlugin.getApis()].map(a => a.api.id).sort(),
    ).toEqual([
      'plugin.observability.api',
      'plugin.observability.pipeline',
      'plugin.observability.traces',
    ]);
  });
});

describe('legacy components in a legacy app', () => {
  it('EntityObservabilityContent shows the entity’s workloads and its mapping on its tab', async () => {
    const entity = kubernetesComponent('legacy-tab');
    const api = mockObservabilityApi();
    api.getEntityWorkloads.mockResolvedValue(
      workloadsOf(entity, [javaWorkload('legacy-tab', 'rolled-out')]),
    );
    await renderLegacyApp(
      entityTabApis(api, AuthorizeResult.ALLOW),
      '/catalog/default/component/legacy-tab/observability',
      entity,
    );
    expect(await screen.findByText('Java 21')).toBeInTheDocument();
    expect(screen.getByTestId('cluster-local')).toHaveTextContent('legacy-tab');
    expect(screen.getByText('Kubernetes mapping')).toBeInTheDocument();
    expect(api.getEntityWorkloads).toHaveBeenCalledWith(
      'component:default/legacy-tab',
    );
    // The tab has its own route ref, so links to the page still lead to the page.
    expect(
      screen.getByRole('link', { name: 'Observability page' }),
    ).toHaveAttribute('href', '/observability');
  });

  it('ObservabilityOnboardingButton offers to enable tracing to the entity’s owners', async () => {
    const entity = kubernetesComponent('legacy-button');
    await renderInTestApp(
      <TestApiProvider
        apis={entityTabApis(mockObservabilityApi(), AuthorizeResult.ALLOW)}
      >
        <EntityProvider entity={entity}>
          <ObservabilityOnboardingButton />
        </EntityProvider>
      </TestApiProvider>,
    );
    const button = await screen.findByRole('button', {
      name: /enable tracing/i,
    });
    await waitFor(() => expect(button).toBeEnabled());
  });

  it('ObservabilityPage shows the catalog’s coverage on its first tab', async () => {
    const api = mockObservabilityApi();
    api.getCoverage.mockResolvedValue({
      generatedAt: '2026-11-21T10:00:00.000Z',
      clusterErrors: [],
      entities: [
        {
          entityRef: 'component:default/checkout',
          title: 'checkout',
          owner: 'team-shop',
          system: 'shop',
          languages: ['java'],
          workloads: 1,
          coverage: 'emitting',
          clusters: ['local'],
        },
        {
          entityRef: 'component:default/search',
          title: 'search',
          owner: 'team-find',
          system: 'shop',
          languages: ['go'],
          workloads: 1,
          coverage: 'not-instrumented',
          clusters: ['local'],
        },
      ],
    });
    api.getCoverageHistory.mockResolvedValue({
      points: [],
      intervalMinutes: 60,
    });
    await renderLegacyApp(
      entityTabApis(api, AuthorizeResult.ALLOW),
      '/observability',
    );
    expect(await screen.findByTestId('coverage-summary')).toHaveTextContent(
      '1 of 2 components instrumented (50%)',
    );
    expect(
      screen.getByRole('heading', { name: 'Observability' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'checkout' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout',
    );
  });
});
