import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { clockSkewLayout } from './model/clockSkew';
import { criticalPath } from './model/criticalPath';
import { makeTrace } from './model/testTraces';
import { buildTraceTree, visibleRows } from './model/traceTree';
import { Waterfall } from './Waterfall';

// jsdom has no layout: give the scroll container a size so the virtualiser renders the rows.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => 1000,
  });
});

/*
 * A 100 ms trace, so percentages of the timeline are milliseconds:
 * a 0–100 calls b 10–40 and c 20–60 (c ends last); c calls d 30–50; g 25–35 runs while a
 * already waits for c, so it is off the path.
 */
function waterfall(showCriticalPath = true) {
  const tree = buildTraceTree(
    makeTrace([
      ['a', undefined, 'web', 0, 100],
      ['b', 'a', 'web', 10, 30],
      ['c', 'a', 'cart', 20, 40],
      ['d', 'c', 'cart', 30, 20],
      ['g', 'a', 'web', 25, 10],
    ]),
  );
  const { startUs } = clockSkewLayout(tree);
  return (
    <Waterfall
      tree={tree}
      rows={visibleRows(tree, new Set())}
      startUs={startUs}
      collapsed={new Set()}
      hits={new Uint8Array(tree.spans.length)}
      criticalPath={criticalPath(tree, startUs)}
      showCriticalPath={showCriticalPath}
      height={400}
      onToggle={() => undefined}
      onSelect={() => undefined}
    />
  );
}

/** Each rendered row's span name and its critical-path segments as [left %, width %]. */
function segmentsByRow() {
  return Object.fromEntries(
    screen
      .getAllByRole('row')
      .map(row => [
        row.querySelector('[title^="op "]')?.textContent,
        Array.from(
          row.querySelectorAll<HTMLElement>('[data-critical-segment]'),
          segment => [
            Math.round(parseFloat(segment.style.left) * 100) / 100,
            Math.round(parseFloat(segment.style.width) * 100) / 100,
          ],
        ),
      ]),
  );
}

describe('Waterfall', () => {
  it('marks only the part of each span’s time that is on the critical path', async () => {
    await renderInTestApp(waterfall());
    expect(segmentsByRow()).toEqual({
      'op a': [
        [0, 10],
        [60, 40],
      ],
      'op b': [[10, 10]],
      'op c': [
        [20, 10],
        [50, 10],
      ],
      'op d': [[30, 20]],
      'op g': [],
    });
    expect(
      screen.getAllByTitle(/^Critical path: 20\.0 ms of this span’s own time$/),
    ).toHaveLength(1);
  });

  it('draws no segments when the critical path is switched off', async () => {
    await renderInTestApp(waterfall(false));
    expect(screen.getAllByRole('row')).toHaveLength(5);
    expect(document.querySelectorAll('[data-critical-segment]')).toHaveLength(
      0,
    );
  });
});
