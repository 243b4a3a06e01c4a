import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CoverageSignals,
  ServiceGraph,
  TraceResult,
  TraceSearchQuery,
  TraceSearchResponse,
} from '@internal/plugin-observability-common';

/** Trace search, traces, tags, service graph and coverage signals from the observability backend. */
export interface TracesApi {
  search(
    query: TraceSearchQuery,
    options?: { entityRef?: string },
  ): Promise<TraceSearchResponse>;
  getTrace(
    traceId: string,
    options?: { entityRef?: string },
  ): Promise<TraceResult>;
  getTagNames(): Promise<string[]>;
  getTagValues(tag: string): Promise<string[]>;
  getServiceGraph(
    service: string,
    options?: { entityRef?: string; windowMinutes?: number },
  ): Promise<ServiceGraph>;
  getCoverageSignals(
    service: string,
    options?: { entityRef?: string; windowMinutes?: number },
  ): Promise<CoverageSignals>;
}

export const tracesApiRef = createApiRef<TracesApi>({
  id: 'plugin.observability.traces',
});
