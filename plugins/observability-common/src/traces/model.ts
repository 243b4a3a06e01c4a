import { z } from 'zod';

/*
 * The trace model both plugins share. Times are microseconds since the epoch as plain numbers
 * (exact up to year 2255), so a 100,000-span trace stays cheap to hold and to lay out.
 */

export const spanKinds = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
] as const;
export type SpanKind = (typeof spanKinds)[number];

export const spanStatusCodes = ['unset', 'ok', 'error'] as const;
export type SpanStatusCode = (typeof spanStatusCodes)[number];

export const attributeSchema = z.object({
  key: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
  /** Set when the value was cut to keep the response small; holds the original length. */
  truncatedFrom: z.number().int().optional(),
});
export type Attribute = z.infer<typeof attributeSchema>;

export const spanEventSchema = z.object({
  timeUs: z.number(),
  name: z.string(),
  attributes: z.array(attributeSchema),
});
export type SpanEvent = z.infer<typeof spanEventSchema>;

export const spanLinkSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  attributes: z.array(attributeSchema),
});
export type SpanLink = z.infer<typeof spanLinkSchema>;

export const spanSchema = z.object({
  spanId: z.string(),
  /** Absent for roots. May name a span that is not in the trace (see `warnings`). */
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.enum(spanKinds),
  serviceName: z.string(),
  startUs: z.number(),
  durationUs: z.number().nonnegative(),
  status: z.object({
    code: z.enum(spanStatusCodes),
    message: z.string().optional(),
  }),
  attributes: z.array(attributeSchema),
  resource: z.array(attributeSchema),
  scope: z.string().optional(),
  events: z.array(spanEventSchema),
  links: z.array(spanLinkSchema),
  /** What normalisation had to repair in this span, for the span details. */
  warnings: z.array(z.string()).optional(),
});
export type Span = z.infer<typeof spanSchema>;

export const traceSchema = z.object({
  traceId: z.string(),
  spans: z.array(spanSchema),
  /** True when Tempo answered `status: PARTIAL` (some blocks could not be read). */
  partial: z.boolean(),
  /** Trace-level problems found while normalising, one sentence each. */
  warnings: z.array(z.string()),
});
export type Trace = z.infer<typeof traceSchema>;

/** One hit of a trace search. */
export const traceSearchResultSchema = z.object({
  traceId: z.string(),
  rootServiceName: z.string(),
  rootOperation: z.string(),
  startUs: z.number(),
  durationMs: z.number().nonnegative(),
  spanCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  services: z.array(z.string()),
  /** Span and error counts per service, as Tempo reports them for the whole trace. */
  serviceStats: z.record(
    z.string(),
    z.object({
      spanCount: z.number().int().nonnegative(),
      errorCount: z.number().int().nonnegative(),
    }),
  ),
});
export type TraceSearchResult = z.infer<typeof traceSearchResultSchema>;

export const traceSearchResponseSchema = z.object({
  query: z.string(),
  traces: z.array(traceSearchResultSchema),
  /**
   * Tempo instances that failed while others answered (`global` or a cluster name); `traces`
   * then holds the others' results only. Absent when every instance answered.
   */
  errors: z
    .array(z.object({ instance: z.string(), message: z.string() }))
    .optional(),
});
export type TraceSearchResponse = z.infer<typeof traceSearchResponseSchema>;

/**
 * A trace on the wire: each span names its resource by index into `resources`. Every span of
 * a service repeats the same resource (SDK, host and Kubernetes attributes, often 10 to 20), so
 * this keeps large traces much smaller to send, parse and hold.
 */
export const wireSpanSchema = spanSchema
  .omit({ resource: true })
  .extend({ resourceId: z.number().int().nonnegative() });
export type WireSpan = z.infer<typeof wireSpanSchema>;

export const wireTraceSchema = traceSchema.omit({ spans: true }).extend({
  resources: z.array(z.array(attributeSchema)),
  spans: z.array(wireSpanSchema),
});
export type WireTrace = z.infer<typeof wireTraceSchema>;

/** Response of `GET /traces/:traceId`. */
export const traceResponseSchema = z.object({
  trace: wireTraceSchema,
  /** Grafana Explore URL for this trace, when `observability.grafana` is configured. */
  grafanaExploreUrl: z.string().optional(),
});
export type TraceResponse = z.infer<typeof traceResponseSchema>;

/** A trace response after parsing: spans carry their resource again. */
export interface TraceResult {
  trace: Trace;
  grafanaExploreUrl?: string;
}

export const tagsResponseSchema = z.object({ tags: z.array(z.string()) });
export type TagsResponse = z.infer<typeof tagsResponseSchema>;

export const tagValuesResponseSchema = z.object({
  values: z.array(z.string()),
});
export type TagValuesResponse = z.infer<typeof tagValuesResponseSchema>;

export const serviceGraphNodeSchema = z.object({
  id: z.string(),
  /** Virtual nodes are uninstrumented peers: databases, queues, external hosts. */
  virtual: z.boolean(),
  /** e.g. `database`, `messaging_system`, `virtual_node`, when known. */
  peerType: z.string().optional(),
});
export type ServiceGraphNode = z.infer<typeof serviceGraphNodeSchema>;

export const serviceGraphEdgeSchema = z.object({
  source: z.string(),
  target: z.string(),
  /** Requests per second. */
  requestRate: z.number().nonnegative(),
  /** Share of failed requests, 0..1. */
  errorRate: z.number().min(0).max(1),
  /** 90th percentile latency in milliseconds; absent when unknown. */
  p90Ms: z.number().nonnegative().optional(),
});
export type ServiceGraphEdge = z.infer<typeof serviceGraphEdgeSchema>;

export const serviceGraphSchema = z.object({
  service: z.string(),
  /** Where the graph came from: Tempo's service-graph metrics, or sampled traces. */
  source: z.enum(['metrics', 'traces']),
  windowMinutes: z.number(),
  nodes: z.array(serviceGraphNodeSchema),
  edges: z.array(serviceGraphEdgeSchema),
  /** Why the graph is built from traces, or what could not be read, for the user. */
  notice: z.string().optional(),
});
export type ServiceGraph = z.infer<typeof serviceGraphSchema>;

export const coverageSignalsSchema = z.object({
  service: z.string(),
  windowMinutes: z.number(),
  /** `span-metrics` (exact, Prometheus) or `search-sample` (estimated from recent traces). */
  source: z.enum(['span-metrics', 'search-sample']),
  spansPerMinute: z.number().nonnegative(),
  errorRatio: z.number().min(0).max(1),
  distinctOperations: z.number().int().nonnegative(),
  /** ISO time of the newest span seen, or null when none was seen in the window. */
  lastSpanSeen: z.string().nullable(),
  /** Spans (of this service) whose parent never arrived, in the sampled traces. */
  brokenPropagation: z.object({
    orphanSpans: z.number().int().nonnegative(),
    sampledSpans: z.number().int().nonnegative(),
    sampledTraces: z.number().int().nonnegative(),
  }),
  computedAt: z.string(),
  /** What could not be read, for the user. */
  notice: z.string().optional(),
});
export type CoverageSignals = z.infer<typeof coverageSignalsSchema>;
