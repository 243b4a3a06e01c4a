import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  entityWorkloadsResponseSchema,
  healthResponseSchema,
  type EntityWorkloadsResponse,
  type HealthResponse,
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
    return this.get('/health', healthResponseSchema);
  }

  async getEntityWorkloads(entityRef: string): Promise<EntityWorkloadsResponse> {
    return this.get(`${entityPath(entityRef)}/workloads`, entityWorkloadsResponseSchema);
  }

  private async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('observability');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return schema.parse(await response.json());
  }
}
