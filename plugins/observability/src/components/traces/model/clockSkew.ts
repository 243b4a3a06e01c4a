import type { Span } from '@internal/plugin-observability-common';
import type { TraceTree } from './traceTree';

// Spans of one service share one resource array, so each is read once even at 100,000 spans.
const hosts = new WeakMap<Span['resource'], string | undefined>();

/** The host a span's clock belongs to, when its resource says (host.id, else host.name). */
function hostOf(span: Span): string | undefined {
  if (hosts.has(span.resource)) return hosts.get(span.resource);
  let host: string | undefined;
  for (const attribute of span.resource) {
    if (attribute.key === 'host.id') {
      host = `id:${attribute.value}`;
      break;
    }
    if (attribute.key === 'host.name') host = `name:${attribute.value}`;
  }
  hosts.set(span.resource, host);
  return host;
}

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
 * parent's start otherwise. Spans of the same service, or of services that report the same
 * host (one clock: a server span outliving its client by a moment is real, not skew), are never
 * moved relative to their parent.
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
    const sameClock =
      span.serviceName === parentSpan.serviceName ||
      (hostOf(span) !== undefined && hostOf(span) === hostOf(parentSpan));
    if (!sameClock) {
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
