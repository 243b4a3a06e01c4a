import { parseTraceResponse } from './parseTraceResponse';

const span = {
  spanId: '00000000000000a1',
  name: 'GET /cart',
  kind: 'server',
  serviceName: 'cart',
  startUs: 1,
  durationUs: 2,
  status: { code: 'ok' },
  attributes: [{ key: 'http.route', value: '/cart' }],
  resource: [],
  events: [],
  links: [],
};

const response = (spans: unknown[]) => ({
  trace: { traceId: 'ab', spans, partial: false, warnings: [] },
  grafanaExploreUrl: 'https://grafana/explore',
});

describe('parseTraceResponse', () => {
  it('accepts a well-formed response as is', () => {
    const body = response([span, { ...span, spanId: 'b', parentSpanId: '00000000000000a1' }]);
    expect(parseTraceResponse(body)).toEqual(body);
  });

  it('names the first bad span and field', () => {
    expect(() => parseTraceResponse(response([span, { ...span, durationUs: -1 }]))).toThrow(
      /Invalid span 1 in the trace response: durationUs/,
    );
    expect(() => parseTraceResponse(response([{ ...span, attributes: [{ key: 'x', value: {} }] }]))).toThrow(
      /Invalid span 0.*attributes\.0\.value/,
    );
    expect(() => parseTraceResponse(response([{ ...span, kind: 'weird' }]))).toThrow(/kind/);
  });

  it('rejects a broken envelope', () => {
    expect(() => parseTraceResponse({ trace: { spans: [] } })).toThrow();
    expect(() => parseTraceResponse(null)).toThrow();
  });
});
