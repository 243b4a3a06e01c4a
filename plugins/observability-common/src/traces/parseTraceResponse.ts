import { z } from 'zod';
import {
  spanKinds,
  spanStatusCodes,
  traceResponseSchema,
  wireSpanSchema,
  wireTraceSchema,
  type Span,
  type TraceResult,
} from './model';

/*
 * Validating 100,000 spans with zod takes longer than drawing them, so a trace response is
 * checked in two steps: zod for the envelope and the resource table, and a hand-written
 * structural check per span; only a span that fails the quick check goes through zod, for a
 * precise error message. Spans get their resource back by reference (one array per resource).
 */

const envelopeSchema = traceResponseSchema.extend({
  trace: wireTraceSchema.extend({ spans: z.array(z.unknown()) }),
});

const KINDS = new Set<string>(spanKinds);
const STATUS_CODES = new Set<string>(spanStatusCodes);

function isAttributeList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const a of value) {
    if (typeof a !== 'object' || a === null || typeof a.key !== 'string')
      return false;
    const t = typeof a.value;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return false;
  }
  return true;
}

function looksLikeWireSpan(s: any, resourceCount: number): boolean {
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.spanId === 'string' &&
    (s.parentSpanId === undefined || typeof s.parentSpanId === 'string') &&
    typeof s.name === 'string' &&
    KINDS.has(s.kind) &&
    typeof s.serviceName === 'string' &&
    typeof s.startUs === 'number' &&
    typeof s.durationUs === 'number' &&
    s.durationUs >= 0 &&
    typeof s.status === 'object' &&
    s.status !== null &&
    STATUS_CODES.has(s.status.code) &&
    isAttributeList(s.attributes) &&
    Number.isInteger(s.resourceId) &&
    s.resourceId >= 0 &&
    s.resourceId < resourceCount &&
    Array.isArray(s.events) &&
    Array.isArray(s.links)
  );
}

/** Checks a `GET /traces/:traceId` answer; throws an error naming the first bad field. */
export function parseTraceResponse(json: unknown): TraceResult {
  const { trace, grafanaExploreUrl } = envelopeSchema.parse(json);
  const spans = trace.spans as Span[];
  for (let i = 0; i < spans.length; i++) {
    const raw = spans[i] as unknown as { resourceId: number };
    if (!looksLikeWireSpan(raw, trace.resources.length)) {
      const parsed = wireSpanSchema
        .refine(s => s.resourceId < trace.resources.length, {
          message: `names no resource (the trace has ${trace.resources.length})`,
          path: ['resourceId'],
        })
        .safeParse(raw);
      if (!parsed.success) {
        throw new Error(
          `Invalid span ${i} in the trace response: ${parsed.error.issues
            .map(issue => `${issue.path.join('.')}: ${issue.message}`)
            .join('; ')}`,
        );
      }
    }
    spans[i].resource = trace.resources[raw.resourceId];
  }
  return {
    trace: {
      traceId: trace.traceId,
      partial: trace.partial,
      warnings: trace.warnings,
      spans,
    },
    ...(grafanaExploreUrl !== undefined ? { grafanaExploreUrl } : {}),
  };
}
