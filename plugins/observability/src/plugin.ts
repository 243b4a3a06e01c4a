import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ObservabilityClient, observabilityApiRef } from './api';
import { TracesClient } from './api/TracesClient';
import { tracesApiRef } from './api/TracesApi';
import { PipelineClient, pipelineApiRef } from './api/PipelineClient';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * The plugin for apps still on the legacy frontend system. New apps use the default
 * export of this package instead.
 *
 * @public
 */
export const observabilityPlugin = createPlugin({
  id: 'observability',
  apis: [
    createApiFactory({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ObservabilityClient(deps),
    }),
    createApiFactory({
      api: tracesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new TracesClient(deps),
    }),
    createApiFactory({
      api: pipelineApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PipelineClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** Legacy: the Observability tab content for an entity page. @public */
export const EntityObservabilityContent = observabilityPlugin.provide(
  createRoutableExtension({
    name: 'EntityObservabilityContent',
    component: () =>
      import('./components/EntityObservabilityContent').then(
        m => m.EntityObservabilityContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/** Legacy: the "Enable tracing" button, for use on any entity page. @public */
export const ObservabilityOnboardingButton = observabilityPlugin.provide(
  createComponentExtension({
    name: 'ObservabilityOnboardingButton',
    component: {
      lazy: () =>
        import('./components/OnboardingButton').then(m => m.OnboardingButton),
    },
  }),
);

/** Legacy: the catalog-wide Observability page (coverage and settings). @public */
export const ObservabilityPage = observabilityPlugin.provide(
  createRoutableExtension({
    name: 'ObservabilityPage',
    component: () =>
      import('./components/ObservabilityPage').then(m => m.ObservabilityPage),
    mountPoint: rootRouteRef,
  }),
);
