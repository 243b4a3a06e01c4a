import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { tracesApiRef } from '../../api/TracesApi';
import { TraceErrorBoundary } from './ErrorBoundary';
import { TraceView, type TraceViewProps } from './TraceView';

export interface TraceLoaderProps
  extends Pick<TraceViewProps, 'shareUrl' | 'initialSpanId' | 'height'> {
  traceId: string;
  entityRef?: string;
}

/** Fetches one trace and shows it; any failure is shown in place with the backend's reason. */
export function TraceLoader(props: TraceLoaderProps) {
  const api = useApi(tracesApiRef);
  const { value, loading, error } = useAsync(
    () => api.getTrace(props.traceId, { entityRef: props.entityRef }),
    [api, props.traceId, props.entityRef],
  );
  if (loading) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        error={error}
        title={`Trace ${props.traceId} could not be opened`}
      />
    );
  if (!value) return null;
  return (
    <TraceErrorBoundary title={`Trace ${props.traceId} could not be drawn`}>
      <TraceView
        trace={value.trace}
        grafanaExploreUrl={value.grafanaExploreUrl}
        shareUrl={props.shareUrl}
        initialSpanId={props.initialSpanId}
        height={props.height}
      />
    </TraceErrorBoundary>
  );
}
