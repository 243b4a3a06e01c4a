import { clockSkewLayout } from './clockSkew';
import { criticalPath } from './criticalPath';
import { buildTraceTree } from './traceTree';
import { makeTrace } from './testTraces';

function pathOf(rows: Parameters<typeof makeTrace>[0]) {
  const trace = makeTrace(rows);
  const tree = buildTraceTree(trace);
  const { segments, onPath, segmentsBySpan } = criticalPath(
    tree,
    clockSkewLayout(tree).startUs,
  );
  const ms = (us: number) => (us - 1_000_000) / 1000;
  return {
    /** Per span id, its own segments as `from-to` in ms, earliest first. */
    bySpan: Object.fromEntries(
      trace.spans.map((span, i) => [
        span.spanId,
        (segmentsBySpan[i] ?? []).map(s => `${ms(s.startUs)}-${ms(s.endUs)}`),
      ]),
    ),
    segments: segments
      .map(
        s =>
          `${trace.spans[s.span].spanId}:${(s.startUs - 1_000_000) / 1000}-${
            (s.endUs - 1_000_000) / 1000
          }`,
      )
      .reverse(),
    onPath: trace.spans.filter((_, i) => onPath[i]).map(s => s.spanId),
  };
}

describe('criticalPath', () => {
  it('follows the last-finishing child and the parent’s own time between children', () => {
    // a: 0-100; b: 10-40 (parallel with c: 20-60, c ends later); d inside c: 30-50
    const { segments, onPath, bySpan } = pathOf([
      ['a', undefined, 'web', 0, 100],
      ['b', 'a', 'web', 10, 30],
      ['c', 'a', 'web', 20, 40],
      ['d', 'c', 'web', 30, 20],
    ]);
    expect(segments).toEqual([
      'a:0-10',
      'b:10-20',
      'c:20-30',
      'd:30-50',
      'c:50-60',
      'a:60-100',
    ]);
    expect(onPath).toEqual(['a', 'b', 'c', 'd']);
    expect(bySpan).toEqual({
      a: ['0-10', '60-100'],
      b: ['10-20'],
      c: ['20-30', '50-60'],
      d: ['30-50'],
    });
  });

  it('skips children that start after the cursor and handles an empty trace', () => {
    const { segments } = pathOf([
      ['a', undefined, 'web', 0, 100],
      ['late', 'a', 'web', 90, 5],
      ['early', 'a', 'web', 0, 95],
    ]);
    expect(segments).toEqual(['early:0-95', 'a:95-100']);
    expect(pathOf([]).segments).toEqual([]);
  });

  it('walks a deep chain without recursion', () => {
    const rows: Parameters<typeof makeTrace>[0] = [];
    for (let i = 0; i < 20_000; i++)
      rows.push([
        `s${i}`,
        i ? `s${i - 1}` : undefined,
        'web',
        i * 0.001,
        100 - i * 0.002,
      ]);
    expect(pathOf(rows).onPath).toHaveLength(20_000);
  });
});
