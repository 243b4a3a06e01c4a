import type { CoverageHistoryPoint } from '@internal/plugin-observability-common';

/** One plotted snapshot: where it sits and what it says. */
export interface ChartPoint {
  x: number;
  instrumentedY: number;
  emittingY: number;
  label: string;
}

export interface HistoryChart {
  points: ChartPoint[];
  instrumentedPath: string;
  emittingPath: string;
  /** Time labels along the x axis. */
  xTicks: Array<{ x: number; label: string }>;
}

const percent = (part: number, whole: number) => (whole ? part / whole : 0);

function dateLabel(iso: string): string {
  return new Date(iso).toISOString().slice(5, 10).replace('-', '/');
}

/**
 * Lays the snapshots of one group out on a `width` × `height` plot: time on x (oldest at the
 * left), the instrumented and emitting shares on y (100% at the top).
 */
export function historyChart(
  points: CoverageHistoryPoint[],
  width: number,
  height: number,
): HistoryChart {
  const times = points.map(p => Date.parse(p.takenAt));
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  // A single snapshot sits in the middle rather than on the axis.
  const xOf = (t: number) => (span ? ((t - first) / span) * width : width / 2);
  const yOf = (share: number) => height - share * height;
  const plotted = points.map((p, i) => {
    const instrumented = percent(p.instrumented, p.components);
    const emitting = percent(p.emitting, p.components);
    return {
      x: xOf(times[i]),
      instrumentedY: yOf(instrumented),
      emittingY: yOf(emitting),
      label: `${new Date(p.takenAt).toLocaleString()}: ${p.instrumented}/${p.components} instrumented (${Math.round(
        instrumented * 100,
      )}%), ${p.emitting} emitting (${Math.round(emitting * 100)}%)`,
    };
  });
  const path = (y: (p: ChartPoint) => number) =>
    plotted.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${y(p).toFixed(1)}`).join(' ');
  const tickCount = Math.min(points.length, 6);
  const xTicks = Array.from({ length: tickCount }, (_, i) => {
    const t = tickCount > 1 ? first + (span * i) / (tickCount - 1) : first;
    return { x: xOf(t), label: dateLabel(new Date(t).toISOString()) };
  });
  return {
    points: plotted,
    instrumentedPath: path(p => p.instrumentedY),
    emittingPath: path(p => p.emittingY),
    xTicks,
  };
}

/** The snapshots of one group (`all`, or an owner or system name). */
export function pointsOf(points: CoverageHistoryPoint[], group: string): CoverageHistoryPoint[] {
  return points.filter(p => p.group === group);
}
