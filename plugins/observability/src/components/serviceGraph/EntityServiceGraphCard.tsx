import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { tracesApiRef } from '../../api/TracesApi';
import { TraceErrorBoundary } from '../traces/ErrorBoundary';
import { entityRouteParams, ServiceGraphView } from './ServiceGraphView';

/** Callers and callees of a service, with rate, errors and p90 per edge. */
export function EntityServiceGraphCard(props: { service: string; entityRef?: string; windowMinutes?: number }) {
  const api = useApi(tracesApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const windowMinutes = props.windowMinutes ?? 15;
  const { value, loading, error } = useAsync(
    () => api.getServiceGraph(props.service, { entityRef: props.entityRef, windowMinutes }),
    [api, props.service, props.entityRef, windowMinutes],
  );
  return (
    <InfoCard title="Service graph" subheader={`Last ${windowMinutes} minutes`}>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} title="The service graph could not be read" />}
      {value && (
        <TraceErrorBoundary title="The service graph could not be drawn">
          {value.notice && <Alert severity="info">{value.notice}</Alert>}
          {value.edges.length === 0 ? (
            <Typography variant="body2">
              No calls to or from {props.service} were seen in the last {windowMinutes} minutes.
            </Typography>
          ) : (
            <ServiceGraphView
              graph={value}
              nodeHref={service => {
                // Names that are not valid entity names (hosts, ports) simply get no link.
                try {
                  return entityRoute(entityRouteParams(service));
                } catch {
                  return undefined;
                }
              }}
            />
          )}
        </TraceErrorBoundary>
      )}
    </InfoCard>
  );
}
