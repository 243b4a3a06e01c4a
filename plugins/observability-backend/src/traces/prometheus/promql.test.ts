import { serviceGraphQueries, spanMetricsQueries } from './promql';

describe('serviceGraphQueries', () => {
  it('asks for both directions of every edge around the service', () => {
    const q = serviceGraphQueries('cart', 5);
    expect(q.requests).toBe(
      'sum by (client, server, connection_type) (rate(traces_service_graph_request_total{client="cart"}[5m])) or ' +
        'sum by (client, server, connection_type) (rate(traces_service_graph_request_total{server="cart"}[5m]))',
    );
    expect(q.failed).toContain(
      'traces_service_graph_request_failed_total{server="cart"}[5m]',
    );
    expect(q.p90).toContain(
      'histogram_quantile(0.9, sum by (client, server, connection_type, le) (rate(traces_service_graph_request_server_seconds_bucket{client="cart"}[5m])))',
    );
  });

  it('quotes service names so they cannot add matchers', () => {
    const q = serviceGraphQueries('x", server=~".*', 5);
    expect(q.requests).toContain('{client="x\\", server=~\\".*"}');
  });
});

describe('spanMetricsQueries', () => {
  it('builds the coverage queries over the window', () => {
    const q = spanMetricsQueries('cart', 15);
    expect(q.callsPerSecond).toBe(
      'sum(rate(traces_spanmetrics_calls_total{service="cart"}[15m]))',
    );
    expect(q.errorsPerSecond).toBe(
      'sum(rate(traces_spanmetrics_calls_total{service="cart", status_code="STATUS_CODE_ERROR"}[15m]))',
    );
    expect(q.distinctOperations).toBe(
      'count(sum by (span_name) (increase(traces_spanmetrics_calls_total{service="cart"}[15m])) > 0)',
    );
  });
});
