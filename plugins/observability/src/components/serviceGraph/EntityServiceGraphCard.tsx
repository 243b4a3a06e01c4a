import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { tracesApiRef } from '../../api/TracesApi';
import { TraceErrorBoundary } from '../traces/ErrorBoundary';
import {
  mapServicesToEntities,
  serviceEntitiesFilter,
} from './serviceEntities';
import { ServiceGraphView } from './ServiceGraphView';

/** Callers and callees of a service, with rate, errors and p90 per edge. */
export function EntityServiceGraphCard(props: {
  service: string;
  entityRef?: string;
  windowMinutes?: number;
}) {
  const api = useApi(tracesApiRef);
  const catalogApi = useApi(catalogApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const windowMinutes = props.windowMinutes ?? 15;
  const { value, loading, error } = useAsync(async () => {
    const graph = await api.getServiceGraph(props.service, {
      entityRef: props.entityRef,
      windowMinutes,
    });
    const services = graph.nodes.filter(n => !n.virtual).map(n => n.id);
    // Links are a convenience: without the catalog the graph is still worth showing.
    const entities =
      services.length === 0
        ? []
        : await catalogApi
            .getEntities({
              filter: serviceEntitiesFilter(services),
              fields: [
                'kind',
                'metadata.name',
                'metadata.namespace',
                'metadata.annotations',
              ],
            })
            .then(r => r.items)
            .catch(() => []);
    return { graph, entities: mapServicesToEntities(services, entities) };
  }, [api, catalogApi, props.service, props.entityRef, windowMinutes]);
  return (
    <InfoCard title="Service graph" subheader={`Last ${windowMinutes} minutes`}>
      {loading && <Progress />}
      {error && (
        <ResponseErrorPanel
          error={error}
          title="The service graph could not be read"
        />
      )}
      {value && (
        <TraceErrorBoundary title="The service graph could not be drawn">
          {value.graph.notice && (
            <Alert severity="info">{value.graph.notice}</Alert>
          )}
          {value.graph.edges.length === 0 ? (
            <Typography variant="body2">
              No calls to or from {props.service} were seen in the last{' '}
              {windowMinutes} minutes.
            </Typography>
          ) : (
            <ServiceGraphView
              graph={value.graph}
              nodeHref={service => {
                const ref = value.entities.get(service);
                if (!ref) return undefined;
                const { kind, namespace, name } = parseEntityRef(ref);
                return entityRoute({
                  kind: kind.toLocaleLowerCase('en-US'),
                  namespace,
                  name,
                });
              }}
            />
          )}
        </TraceErrorBoundary>
      )}
    </InfoCard>
  );
}
