import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  coverageHistoryResponseSchema,
  coverageResponseSchema,
  entityWorkloadsResponseSchema,
  gitOpsExportSchema,
  healthResponseSchema,
  operationSchema,
  planResponseSchema,
  type CoverageHistoryPoint,
  type CoverageHistoryResponse,
  type CoverageResponse,
  type EntityWorkloadsResponse,
  type GitOpsExport,
  type HealthResponse,
  type InstrumentationRequest,
  type Operation,
  type PlanResponse,
} from '@internal/plugin-observability-common';
import type { z } from 'zod';
import type { ObservabilityApi } from './ObservabilityApi';

/** `/entities/<kind>/<namespace>/<name>`, each part URL-encoded. */
export function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${[kind, namespace, name].map(encodeURIComponent).join('/')}`;
}

/** Talks to `/api/observability` and checks every response against its schema. */
export class ObservabilityClient implements ObservabilityApi {
  constructor(
    private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getHealth(): Promise<HealthResponse> {
    return this.request('/health', healthResponseSchema);
  }

  async getEntityWorkloads(entityRef: string): Promise<EntityWorkloadsResponse> {
    return this.request(`${entityPath(entityRef)}/workloads`, entityWorkloadsResponseSchema);
  }

  async planInstrumentation(entityRef: string, request: InstrumentationRequest = {}): Promise<PlanResponse> {
    return this.post(`${entityPath(entityRef)}/instrumentation/plan`, request, planResponseSchema);
  }

  async applyInstrumentation(entityRef: string, request: InstrumentationRequest = {}): Promise<Operation> {
    return this.post(`${entityPath(entityRef)}/instrumentation/apply`, request, operationSchema);
  }

  async uninstrument(entityRef: string, request: InstrumentationRequest = {}): Promise<Operation> {
    return this.post(`${entityPath(entityRef)}/instrumentation/uninstrument`, request, operationSchema);
  }

  async exportGitOps(entityRef: string, request: InstrumentationRequest = {}): Promise<GitOpsExport> {
    return this.post(`${entityPath(entityRef)}/instrumentation/export`, request, gitOpsExportSchema);
  }

  async getOperation(id: string): Promise<Operation> {
    return this.request(`/operations/${encodeURIComponent(id)}`, operationSchema);
  }

  async getCoverage(): Promise<CoverageResponse> {
    return this.request('/coverage', coverageResponseSchema);
  }

  async getCoverageHistory(query: {
    days: number;
    scope: CoverageHistoryPoint['scope'];
  }): Promise<CoverageHistoryResponse> {
    const params = new URLSearchParams({ days: String(query.days), scope: query.scope });
    return this.request(`/coverage/history?${params}`, coverageHistoryResponseSchema);
  }

  private async post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.request(path, schema, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('observability');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return schema.parse(await response.json());
  }
}
