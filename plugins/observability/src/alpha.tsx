import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { ObservabilityClient, observabilityApiRef } from './api';
import { TracesClient } from './api/TracesClient';
import { tracesApiRef } from './api/TracesApi';
import { PipelineClient, pipelineApiRef } from './api/PipelineClient';
import { rootRouteRef } from './routes';

const observabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ObservabilityClient(deps),
    }),
});

const tracesApi = ApiBlueprint.make({
  name: 'traces',
  params: defineParams =>
    defineParams({
      api: tracesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new TracesClient(deps),
    }),
});

const pipelineApi = ApiBlueprint.make({
  name: 'pipeline',
  params: defineParams =>
    defineParams({
      api: pipelineApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PipelineClient(deps),
    }),
});

/** The Observability tab on Component pages. */
const entityContent = EntityContentBlueprint.make({
  params: {
    path: 'observability',
    title: 'Observability',
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'component',
    loader: () =>
      import('./components/EntityObservabilityContent').then(m => (
        <m.EntityObservabilityContent />
      )),
  },
});

/** The sidebar page; its sub-pages are tabs. */
const page = PageBlueprint.make({
  params: {
    path: '/observability',
    title: 'Observability',
    icon: <TimelineIcon />,
    routeRef: rootRouteRef,
  },
});

const coverageSubPage = SubPageBlueprint.make({
  name: 'coverage',
  attachTo: { id: 'page:observability', input: 'pages' },
  params: {
    path: 'coverage',
    title: 'Coverage',
    loader: () => import('./components/CoveragePage').then(m => <m.CoveragePage />),
  },
});

/** Trace search and trace view; `?trace=<id>&span=<id>` opens a trace (the share link). */
const tracesSubPage = SubPageBlueprint.make({
  name: 'traces',
  attachTo: { id: 'page:observability', input: 'pages' },
  params: {
    path: 'traces',
    title: 'Traces',
    loader: () => import('./components/traces').then(m => <m.TracesPage />),
  },
});

/** Admin settings: clusters, agents, collectors, destinations, sampling. */
const settingsSubPage = SubPageBlueprint.make({
  name: 'settings',
  attachTo: { id: 'page:observability', input: 'pages' },
  params: {
    path: 'settings',
    title: 'Settings',
    loader: () => import('./components/SettingsPage').then(m => <m.SettingsPage />),
  },
});

/**
 * The observability plugin for the new frontend system (this package's default export).
 *
 * @public
 */
export const observabilityFrontendPlugin = createFrontendPlugin({
  pluginId: 'observability',
  extensions: [
    observabilityApi,
    tracesApi,
    pipelineApi,
    entityContent,
    page,
    coverageSubPage,
    tracesSubPage,
    settingsSubPage,
  ],
  routes: { root: rootRouteRef },
});
