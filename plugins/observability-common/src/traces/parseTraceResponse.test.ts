import type { Span, Trace } from './model';
import { parseTraceResponse } from './parseTraceResponse';
import { toWireTrace } from './wire';

const k8s = [
  { key: 'service.name', value: 'cart' },
  { key: 'k8s.pod.name', value: 'cart-1' },
];
const span: Span = {
  spanId: '00000000000000a1',
  name: 'GET /cart',
  kind: 'server',
  serviceName: 'cart',
  startUs: 1,
  durationUs: 2,
  status: { code: 'ok' },
  attributes: [{ key: 'http.route', value: '/cart' }],
  resource: k8s,
  events: [],
  links: [],
};
const trace: Trace = {
  traceId: 'ab',
  partial: false,
  warnings: [],
  spans: [
    span,
    { ...span, spanId: 'b', parentSpanId: '00000000000000a1' },
    {
      ...span,
      spanId: 'c',
      serviceName: 'web',
      resource: [{ key: 'service.name', value: 'web' }],
    },
    { ...span, spanId: 'd', resource: [...k8s] }, // equal content, another array
  ],
};

function wireResponse(spans: unknown[]) {
  return {
    trace: {
      traceId: 'ab',
      partial: false,
      warnings: [],
      resources: [k8s],
      spans,
    },
    grafanaExploreUrl: 'https://g/explore',
  };
}

describe('trace wire format', () => {
  it('lists each resource once and round-trips to the same trace', () => {
    const wire = toWireTrace(trace);
    expect(wire.resources).toEqual([
      k8s,
      [{ key: 'service.name', value: 'web' }],
    ]);
    expect(wire.spans.map(s => s.resourceId)).toEqual([0, 0, 1, 0]);
    expect(wire.spans[0]).not.toHaveProperty('resource');

    const parsed = parseTraceResponse(
      JSON.parse(
        JSON.stringify({ trace: wire, grafanaExploreUrl: 'https://g/explore' }),
      ),
    );
    expect(parsed.grafanaExploreUrl).toBe('https://g/explore');
    expect(
      parsed.trace.spans.map(
        ({ resourceId, ...s }: Span & { resourceId?: number }) => s,
      ),
    ).toEqual(trace.spans);
    // Shared by reference after parsing: one array per resource, not per span.
    expect(parsed.trace.spans[0].resource).toBe(parsed.trace.spans[1].resource);
  });

  it('names the first bad span and field', () => {
    const { resource, ...wireSpan } = { ...span, resourceId: 0 };
    expect(() =>
      parseTraceResponse(
        wireResponse([wireSpan, { ...wireSpan, durationUs: -1 }]),
      ),
    ).toThrow(/Invalid span 1 in the trace response: durationUs/);
    expect(() =>
      parseTraceResponse(
        wireResponse([{ ...wireSpan, attributes: [{ key: 'x', value: {} }] }]),
      ),
    ).toThrow(/Invalid span 0.*attributes\.0\.value/);
    expect(() =>
      parseTraceResponse(wireResponse([{ ...wireSpan, kind: 'weird' }])),
    ).toThrow(/kind/);
    expect(() =>
      parseTraceResponse(wireResponse([{ ...wireSpan, resourceId: 3 }])),
    ).toThrow(/resourceId: names no resource \(the trace has 1\)/);
  });

  it('rejects a broken envelope', () => {
    expect(() => parseTraceResponse({ trace: { spans: [] } })).toThrow();
    expect(() => parseTraceResponse(null)).toThrow();
  });
});
