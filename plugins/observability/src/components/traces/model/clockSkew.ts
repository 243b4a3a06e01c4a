import type { TraceTree } from './traceTree';

export interface SkewLayout {
  /** Start of each span after the adjustment, in µs since the epoch. */
  startUs: Float64Array;
  /** The shift applied to each span (0 for most). */
  shiftUs: Float64Array;
  /** How many spans were shifted because their service's clock disagrees with its caller's. */
  adjusted: number;
}

/**
 * Clock-skew tolerant layout, the way Jaeger does it: when a span of another service than its
 * parent (a remote call, so a different host clock) lies outside its parent, shift it and its
 * whole subtree so it sits inside — centred when it is shorter than the parent, aligned on the
 * parent's start otherwise. Spans of the same service are never moved relative to their parent.
 */
export function clockSkewLayout(tree: TraceTree): SkewLayout {
  const n = tree.spans.length;
  const startUs = new Float64Array(n);
  const shiftUs = new Float64Array(n);
  let adjusted = 0;
  for (let k = 0; k < n; k++) {
    const i = tree.order[k];
    const span = tree.spans[i];
    const p = tree.parent[i];
    if (p < 0) {
      startUs[i] = span.startUs;
      continue;
    }
    let shift = shiftUs[p];
    const parentSpan = tree.spans[p];
    if (span.serviceName !== parentSpan.serviceName) {
      const parentStart = startUs[p];
      const parentEnd = parentStart + parentSpan.durationUs;
      const childStart = span.startUs + shift;
      const childEnd = childStart + span.durationUs;
      if (childStart < parentStart || childEnd > parentEnd) {
        const target =
          span.durationUs <= parentSpan.durationUs
            ? parentStart + (parentSpan.durationUs - span.durationUs) / 2
            : parentStart;
        shift += target - childStart;
        adjusted++;
      }
    }
    shiftUs[i] = shift;
    startUs[i] = span.startUs + shift;
  }
  return { startUs, shiftUs, adjusted };
}
