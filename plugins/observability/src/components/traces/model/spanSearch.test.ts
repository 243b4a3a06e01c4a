import { searchSpans } from './spanSearch';
import { makeTrace } from './testTraces';

describe('searchSpans', () => {
  const trace = makeTrace([
    ['aa01', undefined, 'web', 0, 10],
    ['bb02', 'aa01', 'cart', 1, 5],
  ]);
  trace.spans[1].status = { code: 'error', message: 'Connection Refused' };

  it('matches names, services, attributes, status messages and id prefixes, case-insensitively', () => {
    expect(Array.from(searchSpans(trace.spans, 'CART'))).toEqual([0, 1]);
    expect(Array.from(searchSpans(trace.spans, 'http.route=/r/aa01'))).toEqual([
      1, 0,
    ]);
    expect(Array.from(searchSpans(trace.spans, 'refused'))).toEqual([0, 1]);
    expect(Array.from(searchSpans(trace.spans, 'aa0'))).toEqual([1, 0]);
    expect(Array.from(searchSpans(trace.spans, '  '))).toEqual([0, 0]);
  });
});
