import {
  buildTraceQL,
  normaliseOtlpTrace,
  type ParsedTraceSearchQuery,
  type Trace,
  type TraceSearchResponse,
  type TraceSearchResult,
} from '@internal/plugin-observability-common';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  isResponseTooLarge,
  ResponseTooLargeError,
  UpstreamHttp,
} from './UpstreamHttp';

export interface TempoClientOptions {
  url: string;
  tenant?: string;
  token?: string;
  timeoutMs: number;
  /** Cap on one trace's JSON. 100,000 spans of OTLP JSON are roughly 60 MB. */
  maxTraceBytes?: number;
  /** Cap on search, tag and status answers. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
}

/** Search window when the caller gives none: the last hour. */
const DEFAULT_WINDOW_SECONDS = 3600;

interface TempoSearchTrace {
  traceID?: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano?: string;
  durationMs?: number;
  serviceStats?: Record<string, { spanCount?: number; errorCount?: number }>;
  spanSet?: { spans?: unknown[]; matched?: number };
}

/**
 * Reads traces from one configured Tempo. The paths are fixed; trace ids and tag names
 * arrive already validated by the request schemas, and TraceQL only ever travels as the `q`
 * query parameter.
 */
export class TempoClient {
  private readonly http: UpstreamHttp;
  private readonly maxTraceBytes: number;

  constructor(options: TempoClientOptions) {
    const headers: Record<string, string> = {};
    if (options.tenant) headers['X-Scope-OrgID'] = options.tenant;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    this.http = new UpstreamHttp({
      name: 'Tempo',
      baseUrl: options.url,
      headers,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024,
      fetch: options.fetch,
    });
    this.maxTraceBytes = options.maxTraceBytes ?? 150 * 1024 * 1024;
  }

  async search(
    query: ParsedTraceSearchQuery,
    now = Date.now(),
  ): Promise<TraceSearchResponse> {
    let traceql: string;
    try {
      traceql = buildTraceQL(query);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    const end = query.end ?? Math.floor(now / 1000);
    const start = query.start ?? end - DEFAULT_WINDOW_SECONDS;
    const body = await this.http.getJson<{ traces?: TempoSearchTrace[] }>(
      '/api/search',
      {
        q: traceql,
        limit: query.limit,
        start,
        end,
        spss: 3,
      },
    );
    return { query: traceql, traces: (body.traces ?? []).map(toSearchResult) };
  }

  /**
   * One trace, normalised. `traceId` must already be 32 lowercase hex digits.
   * Asked for as JSON, not protobuf: Node's fetch asks for gzip, which Tempo applies, and
   * gzipped JSON is as small on the wire as protobuf (3,000 spans: 92 KB against 88 KB); and
   * nothing the backend depends on decodes OTLP protobuf (see README.md).
   */
  async getTrace(traceId: string): Promise<Trace> {
    assertHexId(traceId);
    let body: unknown;
    try {
      body = await this.http.getJson(
        `/api/v2/traces/${traceId}`,
        {},
        { maxBytes: this.maxTraceBytes },
      );
    } catch (error) {
      if (isResponseTooLarge(error)) {
        throw new ResponseTooLargeError(
          `Trace ${traceId} is too large to open here (${
            (error as Error).message
          }). Narrow it down with a search, or open it in Grafana.`,
        );
      }
      const message = (error as Error).message ?? '';
      if (/exceeds max|too large|max size/i.test(message)) {
        throw new ResponseTooLargeError(
          `Trace ${traceId} is over Tempo's size limit and Tempo will not return it (${message}).`,
        );
      }
      throw error;
    }
    const trace = normaliseOtlpTrace(body, { traceId });
    // Tempo answers 200 with `{"trace":{}}` for an id it does not have.
    if (trace.spans.length === 0 && !trace.partial) {
      throw new NotFoundError(
        `Trace ${traceId} is not in Tempo: it may be older than the retention, or not have arrived yet.`,
      );
    }
    return trace;
  }

  /** Attribute names Tempo knows, scoped the TraceQL way: `span.http.route`, `resource.service.name`. */
  async tagNames(): Promise<string[]> {
    const body = await this.http.getJson<{
      scopes?: { name: string; tags?: string[] }[];
    }>('/api/v2/search/tags');
    const names = new Set<string>();
    for (const scope of body.scopes ?? []) {
      for (const tag of scope.tags ?? []) {
        names.add(scope.name === 'intrinsic' ? tag : `${scope.name}.${tag}`);
      }
    }
    return [...names].sort();
  }

  async tagValues(tag: string): Promise<string[]> {
    if (!/^[A-Za-z0-9_.\-/]+$/.test(tag))
      throw new InputError(`Invalid tag name ${tag}`);
    const body = await this.http.getJson<{ tagValues?: { value?: string }[] }>(
      `/api/v2/search/tag/${encodeURIComponent(tag)}/values`,
    );
    return [
      ...new Set((body.tagValues ?? []).map(v => String(v.value ?? ''))),
    ].sort();
  }

  async buildInfo(): Promise<{ version: string; revision?: string }> {
    const body = await this.http.getJson<{
      version?: string;
      revision?: string;
    }>('/api/status/buildinfo');
    return {
      version: body.version ?? 'unknown',
      ...(body.revision ? { revision: body.revision } : {}),
    };
  }

  /** Resolves when Tempo's /ready says so; throws ServiceUnavailableError otherwise. */
  async ready(): Promise<void> {
    await this.http.getText('/ready', {}, { accept: 'text/plain' });
  }
}

function assertHexId(traceId: string) {
  if (!/^[0-9a-f]{32}$/.test(traceId))
    throw new InputError(`Invalid trace id ${traceId}`);
}

function toSearchResult(trace: TempoSearchTrace): TraceSearchResult {
  const stats = Object.entries(trace.serviceStats ?? {});
  const startNanos = trace.startTimeUnixNano ?? '0';
  return {
    traceId: (trace.traceID ?? '').padStart(32, '0'),
    rootServiceName: trace.rootServiceName ?? '<root span not yet received>',
    rootOperation: trace.rootTraceName ?? '',
    startUs: Number(startNanos.slice(0, -3) || '0'),
    durationMs: trace.durationMs ?? 0,
    spanCount: stats.reduce((sum, [, s]) => sum + (s.spanCount ?? 0), 0),
    errorCount: stats.reduce((sum, [, s]) => sum + (s.errorCount ?? 0), 0),
    services: stats.map(([name]) => name).sort(),
    serviceStats: Object.fromEntries(
      stats.map(([name, s]) => [
        name,
        { spanCount: s.spanCount ?? 0, errorCount: s.errorCount ?? 0 },
      ]),
    ),
  };
}
