import { Content } from '@backstage/core-components';
import { Button } from '@material-ui/core';
import { TraceLoader } from './TraceLoader';
import { TraceSearch } from './TraceSearch';
import { useTraceParams } from './useTraceParams';

/** The Traces tab of the Observability page: search across services, open a trace. */
export function TracesPage() {
  const { traceId, spanId, openTrace, shareUrl } = useTraceParams();
  return (
    <Content>
      {traceId ? (
        <>
          <Button size="small" onClick={() => openTrace(undefined)}>
            ← Back to search
          </Button>
          <TraceLoader
            key={traceId}
            traceId={traceId}
            initialSpanId={spanId}
            shareUrl={shareUrl}
          />
        </>
      ) : (
        <TraceSearch onOpenTrace={openTrace} />
      )}
    </Content>
  );
}
