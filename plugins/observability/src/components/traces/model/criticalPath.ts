import type { TraceTree } from './traceTree';

export interface CriticalSegment {
  span: number;
  startUs: number;
  endUs: number;
}

/**
 * The critical path: the chain of work that decided the trace's duration. Walking back from a
 * span's end, the last-finishing child before the cursor is what the span waited for; the
 * gaps between such children are the span's own time. Iterative, so deep traces are safe.
 *
 * `startUs` is the (clock-skew adjusted) start per span. Returns segments latest first and a
 * per-span flag.
 */
export interface CriticalPath {
  segments: CriticalSegment[];
  /** 1 for spans on the path. */
  onPath: Uint8Array;
  /**
   * The segments of each span on the path, earliest first (empty slots for the others), so a
   * waterfall row finds its own without searching.
   */
  segmentsBySpan: ReadonlyArray<readonly CriticalSegment[] | undefined>;
}

/** What a trace without a computed path yet shows: nothing on the path. */
export const NO_CRITICAL_PATH: CriticalPath = {
  segments: [],
  onPath: new Uint8Array(0),
  segmentsBySpan: [],
};

export function criticalPath(
  tree: TraceTree,
  startUs: Float64Array,
): CriticalPath {
  const n = tree.spans.length;
  const onPath = new Uint8Array(n);
  const segments: CriticalSegment[] = [];
  if (n === 0) return NO_CRITICAL_PATH;
  const end = (i: number) => startUs[i] + tree.spans[i].durationUs;

  // The path starts at the longest root (the one the trace's duration comes from).
  let root = tree.roots[0];
  for (const r of tree.roots)
    if (end(r) - startUs[r] > end(root) - startUs[root]) root = r;

  const kidsByEnd = (i: number) =>
    Array.from(
      tree.childList.subarray(tree.childStart[i], tree.childStart[i + 1]),
    ).sort((a, b) => end(b) - end(a));
  const segment = (span: number, from: number, to: number) => {
    if (to > from) {
      segments.push({ span, startUs: from, endUs: to });
      onPath[span] = 1;
    }
  };

  type Frame = { node: number; cursor: number; kids: number[]; next: number };
  const stack: Frame[] = [
    { node: root, cursor: end(root), kids: kidsByEnd(root), next: 0 },
  ];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const nodeStart = startUs[frame.node];
    if (frame.next < frame.kids.length && frame.cursor > nodeStart) {
      const child = frame.kids[frame.next++];
      if (startUs[child] >= frame.cursor) continue; // began after what we are explaining
      const childEnd = Math.min(end(child), frame.cursor);
      if (childEnd <= nodeStart) continue;
      segment(frame.node, childEnd, frame.cursor);
      frame.cursor = Math.max(startUs[child], nodeStart);
      stack.push({
        node: child,
        cursor: childEnd,
        kids: kidsByEnd(child),
        next: 0,
      });
      continue;
    }
    segment(frame.node, nodeStart, frame.cursor);
    onPath[frame.node] = 1;
    stack.pop();
  }
  const segmentsBySpan: CriticalSegment[][] = new Array(n);
  // Segments come latest first: walking them backwards lists each span's earliest first.
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i];
    (segmentsBySpan[s.span] ??= []).push(s);
  }
  return { segments, onPath, segmentsBySpan };
}
