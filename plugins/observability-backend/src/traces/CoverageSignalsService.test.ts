import type { Span, Trace } from '@internal/plugin-observability-common';
import { brokenPropagation } from './CoverageSignalsService';

function span(
  spanId: string,
  serviceName: string,
  parentSpanId?: string,
): Span {
  return {
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: 'op',
    kind: 'server',
    serviceName,
    startUs: 0,
    durationUs: 1,
    status: { code: 'unset' },
    attributes: [],
    resource: [],
    events: [],
    links: [],
  };
}

describe('brokenPropagation', () => {
  it('counts spans of the service whose parent never arrived', () => {
    const traces: Trace[] = [
      {
        traceId: 'a',
        partial: false,
        warnings: [],
        spans: [
          span('1', 'web'),
          span('2', 'cart', '1'),
          span('3', 'cart', 'gone'),
        ],
      },
      {
        traceId: 'b',
        partial: false,
        warnings: [],
        spans: [span('4', 'cart', 'lost'), span('5', 'web', 'lost')],
      },
    ];
    expect(brokenPropagation('cart', traces)).toEqual({
      orphanSpans: 2,
      sampledSpans: 3,
      sampledTraces: 2,
    });
    expect(brokenPropagation('none', traces)).toEqual({
      orphanSpans: 0,
      sampledSpans: 0,
      sampledTraces: 2,
    });
  });
});
