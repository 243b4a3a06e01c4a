import {
  ancestorsOf,
  buildTraceTree,
  childrenOf,
  visibleRows,
} from './traceTree';
import { makeTrace } from './testTraces';

describe('buildTraceTree', () => {
  const trace = makeTrace([
    ['c', 'a', 'web', 50, 10],
    ['a', undefined, 'web', 0, 100],
    ['b', 'a', 'cart', 10, 30],
    ['d', 'b', 'cart', 15, 5],
    ['o', 'missing', 'cart', 20, 5],
  ]);
  const tree = buildTraceTree(trace);
  const ids = (indices: ArrayLike<number>) =>
    Array.from(indices, i => trace.spans[i].spanId);

  it('orders spans depth-first with children by start time; orphans become roots', () => {
    expect(ids(tree.order)).toEqual(['a', 'b', 'd', 'c', 'o']);
    expect(ids(tree.roots)).toEqual(['a', 'o']);
    expect(tree.orphans).toBe(1);
    expect(Array.from(tree.order, i => tree.depth[i])).toEqual([0, 1, 2, 1, 0]);
    expect(ids(childrenOf(tree, 1))).toEqual(['b', 'c']);
    expect(tree.subtreeSize[1]).toBe(4);
    expect(tree.services).toEqual(['cart', 'web']);
    expect(tree.endUs - tree.startUs).toBe(100_000);
    expect(ids(ancestorsOf(tree, 3))).toEqual(['b', 'a']);
  });

  it('hides the descendants of collapsed spans', () => {
    const b = trace.spans.findIndex(s => s.spanId === 'b');
    const a = trace.spans.findIndex(s => s.spanId === 'a');
    expect(ids(visibleRows(tree, new Set([b])))).toEqual(['a', 'b', 'c', 'o']);
    expect(ids(visibleRows(tree, new Set([a])))).toEqual(['a', 'o']);
    expect(visibleRows(tree, new Set())).toBe(tree.order);
  });

  it('survives parent cycles and self-parents, visiting every span once', () => {
    const cyclic = buildTraceTree(
      makeTrace([
        ['x', 'y', 'web', 0, 10],
        ['y', 'x', 'web', 1, 10],
        ['s', 's', 'web', 2, 1],
      ]),
    );
    expect(Array.from(cyclic.order).sort()).toEqual([0, 1, 2]);
    expect(cyclic.roots).toHaveLength(2);
  });

  it('handles a 50,000-deep chain without recursion', () => {
    const rows: [string, string | undefined, string, number, number][] = [];
    for (let i = 0; i < 50_000; i++)
      rows.push([`s${i}`, i ? `s${i - 1}` : undefined, 'web', i, 1]);
    const deep = buildTraceTree(makeTrace(rows));
    expect(deep.depth[49_999]).toBe(49_999);
  });

  it('handles an empty trace', () => {
    const empty = buildTraceTree(makeTrace([]));
    expect(empty.order).toHaveLength(0);
    expect(empty.startUs).toBe(0);
  });
});
