import type { Attribute, Trace, WireTrace } from './model';

/**
 * The wire form of a trace: resources listed once, spans pointing at them. Spans normalised
 * from one OTLP batch share one resource array, so identity finds them; equal arrays that are
 * not the same object are compared by content.
 */
export function toWireTrace(trace: Trace): WireTrace {
  const byIdentity = new Map<Attribute[], number>();
  const byContent = new Map<string, number>();
  const resources: Attribute[][] = [];
  const spans = trace.spans.map(({ resource, ...span }) => {
    let resourceId = byIdentity.get(resource);
    if (resourceId === undefined) {
      const key = JSON.stringify(resource);
      resourceId = byContent.get(key);
      if (resourceId === undefined) {
        resourceId = resources.push(resource) - 1;
        byContent.set(key, resourceId);
      }
      byIdentity.set(resource, resourceId);
    }
    return { ...span, resourceId };
  });
  return {
    traceId: trace.traceId,
    partial: trace.partial,
    warnings: trace.warnings,
    resources,
    spans,
  };
}
