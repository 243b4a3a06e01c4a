import { quoteString } from '@internal/plugin-observability-common';

/*
 * PromQL for Tempo's metrics-generator series. Label values are always quoted with
 * quoteString (the escaping rules of PromQL and TraceQL strings are the same), never spliced.
 */

export const SERVICE_GRAPH_METRICS = {
  requests: 'traces_service_graph_request_total',
  failed: 'traces_service_graph_request_failed_total',
  serverSecondsBucket: 'traces_service_graph_request_server_seconds_bucket',
} as const;

export const SPAN_METRICS = {
  calls: 'traces_spanmetrics_calls_total',
} as const;

/** Edge labels of the service-graph series (connection_type marks uninstrumented peers). */
const EDGE_LABELS = 'client, server, connection_type';

/** `sum by (...) (rate(metric{client="x"}[w])) or sum by (...) (rate(metric{server="x"}[w]))` */
function bothDirections(
  inner: (selector: string) => string,
  service: string,
): string {
  const quoted = quoteString(service);
  return `${inner(`client=${quoted}`)} or ${inner(`server=${quoted}`)}`;
}

export interface ServiceGraphQueries {
  requests: string;
  failed: string;
  p90: string;
}

/** The three queries that give request rate, error rate and p90 per edge around `service`. */
export function serviceGraphQueries(
  service: string,
  windowMinutes: number,
): ServiceGraphQueries {
  const range = `[${windowMinutes}m]`;
  return {
    requests: bothDirections(
      sel =>
        `sum by (${EDGE_LABELS}) (rate(${SERVICE_GRAPH_METRICS.requests}{${sel}}${range}))`,
      service,
    ),
    failed: bothDirections(
      sel =>
        `sum by (${EDGE_LABELS}) (rate(${SERVICE_GRAPH_METRICS.failed}{${sel}}${range}))`,
      service,
    ),
    p90: bothDirections(
      sel =>
        `histogram_quantile(0.9, sum by (${EDGE_LABELS}, le) (rate(${SERVICE_GRAPH_METRICS.serverSecondsBucket}{${sel}}${range})))`,
      service,
    ),
  };
}

export interface SpanMetricsQueries {
  callsPerSecond: string;
  errorsPerSecond: string;
  distinctOperations: string;
}

/** Coverage signals from the span-metrics processor: spans/s, errors/s, distinct span names. */
export function spanMetricsQueries(
  service: string,
  windowMinutes: number,
): SpanMetricsQueries {
  const range = `[${windowMinutes}m]`;
  const svc = `service=${quoteString(service)}`;
  return {
    callsPerSecond: `sum(rate(${SPAN_METRICS.calls}{${svc}}${range}))`,
    errorsPerSecond: `sum(rate(${SPAN_METRICS.calls}{${svc}, status_code="STATUS_CODE_ERROR"}${range}))`,
    distinctOperations: `count(sum by (span_name) (increase(${SPAN_METRICS.calls}{${svc}}${range})) > 0)`,
  };
}
