import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CoverageHistoryPoint,
  CoverageHistoryResponse,
  CoverageResponse,
  EntityWorkloadsResponse,
  GitOpsExport,
  HealthResponse,
  InstrumentationRequest,
  Operation,
  PlanResponse,
} from '@internal/plugin-observability-common';

/** The observability backend's REST API, as the frontend uses it. */
export interface ObservabilityApi {
  getHealth(): Promise<HealthResponse>;
  /** The entity's workloads in every cluster, with each container's detected language. */
  getEntityWorkloads(entityRef: string): Promise<EntityWorkloadsResponse>;
  /** Dry run: what instrumenting would change, per workload and container, with a diff. */
  planInstrumentation(entityRef: string, request?: InstrumentationRequest): Promise<PlanResponse>;
  /** Applies the plan; the returned operation is then polled with getOperation. */
  applyInstrumentation(entityRef: string, request?: InstrumentationRequest): Promise<Operation>;
  uninstrument(entityRef: string, request?: InstrumentationRequest): Promise<Operation>;
  exportGitOps(entityRef: string, request?: InstrumentationRequest): Promise<GitOpsExport>;
  getOperation(id: string): Promise<Operation>;
  /** Coverage of every Component the caller can see. */
  getCoverage(): Promise<CoverageResponse>;
  /** Coverage snapshots over the last `days`, for the whole catalog or per owner or system. */
  getCoverageHistory(query: {
    days: number;
    scope: CoverageHistoryPoint['scope'];
  }): Promise<CoverageHistoryResponse>;
}

export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.api',
});
