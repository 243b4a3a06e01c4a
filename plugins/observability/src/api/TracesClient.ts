import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  coverageSignalsSchema,
  parseTraceResponse,
  serviceGraphSchema,
  tagsResponseSchema,
  tagValuesResponseSchema,
  traceSearchResponseSchema,
  type CoverageSignals,
  type ServiceGraph,
  type TraceResult,
  type TraceSearchQuery,
  type TraceSearchResponse,
} from '@internal/plugin-observability-common';
import type { z } from 'zod';
import type { TracesApi } from './TracesApi';

type Params = Record<string, string | number | undefined | string[]>;

/** Query string for the search route; attribute filters travel as repeated `attr=key<op>value`. */
export function searchParams(
  query: TraceSearchQuery,
  entityRef?: string,
): Params {
  const { attributes, ...rest } = query;
  return {
    ...(rest as Params),
    attr: (attributes ?? []).map(a => `${a.key}${a.op ?? '='}${a.value}`),
    entityRef,
  };
}

function toQueryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) value.forEach(v => search.append(key, v));
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Talks to the trace routes of `/api/observability`, checking every answer against its schema. */
export class TracesClient implements TracesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  search(
    query: TraceSearchQuery,
    options: { entityRef?: string } = {},
  ): Promise<TraceSearchResponse> {
    return this.get(
      '/traces/search',
      searchParams(query, options.entityRef),
      traceSearchResponseSchema,
    );
  }

  getTrace(
    traceId: string,
    options: { entityRef?: string } = {},
  ): Promise<TraceResult> {
    // Large traces: checked span by span without zod (see parseTraceResponse).
    return this.get(
      `/traces/${encodeURIComponent(traceId)}`,
      { entityRef: options.entityRef },
      {
        parse: parseTraceResponse,
      },
    );
  }

  async getTagNames(): Promise<string[]> {
    return (await this.get('/traces/tags', {}, tagsResponseSchema)).tags;
  }

  async getTagValues(tag: string): Promise<string[]> {
    return (
      await this.get(
        `/traces/tags/${encodeURIComponent(tag)}/values`,
        {},
        tagValuesResponseSchema,
      )
    ).values;
  }

  getServiceGraph(
    service: string,
    options: { entityRef?: string; windowMinutes?: number } = {},
  ): Promise<ServiceGraph> {
    return this.get(
      '/service-graph',
      { service, ...options },
      serviceGraphSchema,
    );
  }

  getCoverageSignals(
    service: string,
    options: { entityRef?: string; windowMinutes?: number } = {},
  ): Promise<CoverageSignals> {
    return this.get(
      '/coverage-signals',
      { service, ...options },
      coverageSignalsSchema,
    );
  }

  private async get<T>(
    path: string,
    params: Params,
    schema: Pick<z.ZodType<T>, 'parse'>,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('observability');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}${toQueryString(params)}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return schema.parse(await response.json());
  }
}
