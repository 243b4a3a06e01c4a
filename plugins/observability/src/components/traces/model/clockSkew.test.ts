import { clockSkewLayout } from './clockSkew';
import { buildTraceTree } from './traceTree';
import { makeTrace } from './testTraces';

describe('clockSkewLayout', () => {
  it('moves a remote child that starts before its parent inside it, with its subtree', () => {
    const trace = makeTrace([
      ['a', undefined, 'web', 0, 100],
      ['b', 'a', 'cart', -50, 40], // cart's clock is 50+ ms behind
      ['c', 'b', 'cart', -45, 10],
      ['d', 'a', 'web', -5, 10], // same service: never moved
    ]);
    const tree = buildTraceTree(trace);
    const layout = clockSkewLayout(tree);
    const start = (id: string) =>
      (layout.startUs[trace.spans.findIndex(s => s.spanId === id)] -
        1_000_000) /
      1000;
    expect(start('a')).toBe(0);
    expect(start('b')).toBe(30); // centred: (100 - 40) / 2
    expect(start('c')).toBe(35); // keeps its 5 ms offset from b
    expect(start('d')).toBe(-5);
    expect(layout.adjusted).toBe(1);
  });

  it('aligns a remote child longer than its parent on the parent start and leaves good spans alone', () => {
    const trace = makeTrace([
      ['a', undefined, 'web', 0, 10],
      ['b', 'a', 'cart', 500, 30],
      ['c', 'a', 'search', 2, 5],
    ]);
    const layout = clockSkewLayout(buildTraceTree(trace));
    expect((layout.startUs[1] - 1_000_000) / 1000).toBe(0);
    expect((layout.startUs[2] - 1_000_000) / 1000).toBe(2);
    expect(layout.shiftUs[2]).toBe(0);
  });

  it('never moves a remote child whose service reports the same host: one clock, no skew', () => {
    const trace = makeTrace([
      ['a', undefined, 'web', 0, 10],
      ['b', 'a', 'cart', 1, 9.5], // ends 0.5 ms after its caller: the response was still flushing
      ['c', 'a', 'search', 1, 9.5], // same overrun, another host
    ]);
    const onHost = (host: string) => [{ key: 'host.name', value: host }];
    trace.spans[0].resource = onHost('node-1');
    trace.spans[1].resource = onHost('node-1');
    trace.spans[2].resource = onHost('node-2');
    const layout = clockSkewLayout(buildTraceTree(trace));
    expect(layout.shiftUs[1]).toBe(0);
    expect(layout.shiftUs[2]).not.toBe(0);
    expect(layout.adjusted).toBe(1);
  });
});
