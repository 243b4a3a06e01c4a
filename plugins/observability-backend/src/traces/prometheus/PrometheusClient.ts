import { ServiceUnavailableError } from '@backstage/errors';
import { UpstreamHttp } from '../UpstreamHttp';

export interface PrometheusClientOptions {
  url: string;
  token?: string;
  timeoutMs: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
}

/** One series of an instant-vector answer. */
export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

interface QueryResponse {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: { metric?: Record<string, string>; value?: [number, string] }[];
  };
}

/** Instant queries against the one configured Prometheus. PromQL travels as a query parameter. */
export class PrometheusClient {
  private readonly http: UpstreamHttp;

  constructor(options: PrometheusClientOptions) {
    this.http = new UpstreamHttp({
      name: 'Prometheus',
      baseUrl: options.url,
      headers: options.token
        ? { authorization: `Bearer ${options.token}` }
        : {},
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024,
      fetch: options.fetch,
    });
  }

  async query(promql: string, time?: number): Promise<VectorSample[]> {
    const body = await this.http.getJson<QueryResponse>('/api/v1/query', {
      query: promql,
      ...(time !== undefined ? { time } : {}),
    });
    if (body.status !== 'success') {
      throw new ServiceUnavailableError(
        `Prometheus rejected the query: ${body.error ?? 'unknown error'}`,
      );
    }
    if (body.data?.resultType !== 'vector') return [];
    return (body.data.result ?? [])
      .map(series => ({
        labels: series.metric ?? {},
        value: Number(series.value?.[1]),
      }))
      .filter(sample => Number.isFinite(sample.value));
  }
}
