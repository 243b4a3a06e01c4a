import type { CoverageHistoryPoint } from '@internal/plugin-observability-common';
import { historyChart, pointsOf } from './historyChart';

const point = (
  takenAt: string,
  components: number,
  instrumented: number,
  emitting: number,
  group = 'all',
): CoverageHistoryPoint => ({ takenAt, scope: 'all', group, components, instrumented, emitting });

describe('historyChart', () => {
  it('puts time on x and the shares on y, 100% at the top', () => {
    const chart = historyChart(
      [
        point('2026-11-01T00:00:00Z', 4, 0, 0),
        point('2026-11-02T00:00:00Z', 4, 2, 1),
        point('2026-11-03T00:00:00Z', 4, 4, 4),
      ],
      200,
      100,
    );
    expect(chart.points.map(p => [p.x, p.instrumentedY, p.emittingY])).toEqual([
      [0, 100, 100],
      [100, 50, 75],
      [200, 0, 0],
    ]);
    expect(chart.instrumentedPath).toBe('M0.0,100.0 L100.0,50.0 L200.0,0.0');
    expect(chart.emittingPath).toBe('M0.0,100.0 L100.0,75.0 L200.0,0.0');
    expect(chart.xTicks.map(t => t.label)).toEqual(['11/01', '11/02', '11/03']);
    expect(chart.points[1].label).toContain('2/4 instrumented (50%), 1 emitting (25%)');
  });

  it('centres a single snapshot and treats an empty catalog as 0%', () => {
    const chart = historyChart([point('2026-11-01T00:00:00Z', 0, 0, 0)], 200, 100);
    expect(chart.points).toEqual([expect.objectContaining({ x: 100, instrumentedY: 100, emittingY: 100 })]);
    expect(chart.xTicks).toHaveLength(1);
  });

  it('selects one group', () => {
    const points = [point('2026-11-01T00:00:00Z', 1, 1, 0, 'team-web'), point('2026-11-01T00:00:00Z', 2, 0, 0, 'team-pay')];
    expect(pointsOf(points, 'team-pay')).toEqual([points[1]]);
  });
});
