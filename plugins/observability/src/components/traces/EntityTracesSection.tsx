import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { serviceNameOfEntity } from '@internal/plugin-observability-common';
import { Button, Grid } from '@material-ui/core';
import { EntityServiceGraphCard } from '../serviceGraph/EntityServiceGraphCard';
import { TraceLoader } from './TraceLoader';
import { TraceSearch } from './TraceSearch';
import { TraceSignals } from './TraceSignals';
import { useTraceParams } from './useTraceParams';

/** Traces of the current entity: its service graph, a search scoped to it, and the open trace. */
export function EntityTracesSection() {
  const { entity } = useEntity();
  const service = serviceNameOfEntity(entity);
  const entityRef = stringifyEntityRef(entity);
  const { traceId, spanId, openTrace, shareUrl } = useTraceParams();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <EntityServiceGraphCard service={service} entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={`Traces of ${service}`}>
          <TraceSignals service={service} entityRef={entityRef} />
          {traceId ? (
            <>
              <Button size="small" onClick={() => openTrace(undefined)}>
                ← Back to search
              </Button>
              <TraceLoader
                key={traceId}
                traceId={traceId}
                initialSpanId={spanId}
                entityRef={entityRef}
                shareUrl={shareUrl}
              />
            </>
          ) : (
            <TraceSearch
              service={service}
              entityRef={entityRef}
              onOpenTrace={openTrace}
            />
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
