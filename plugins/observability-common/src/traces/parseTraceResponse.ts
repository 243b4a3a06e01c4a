import { z } from 'zod';
import {
  spanKinds,
  spanSchema,
  spanStatusCodes,
  traceResponseSchema,
  traceSchema,
  type TraceResponse,
} from './model';

/*
 * Validating 100,000 spans with zod takes longer than drawing them, so a trace response is
 * checked in two steps: zod for the envelope, and a hand-written structural check per span;
 * only a span that fails the quick check goes through zod, for a precise error message.
 */

const envelopeSchema = traceResponseSchema.extend({
  trace: traceSchema.extend({ spans: z.array(z.unknown()) }),
});

const KINDS = new Set<string>(spanKinds);
const STATUS_CODES = new Set<string>(spanStatusCodes);

function isAttributeList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const a of value) {
    if (typeof a !== 'object' || a === null || typeof a.key !== 'string') return false;
    const t = typeof a.value;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return false;
  }
  return true;
}

function looksLikeSpan(s: any): boolean {
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
    isAttributeList(s.resource) &&
    Array.isArray(s.events) &&
    Array.isArray(s.links)
  );
}

/** Checks a `GET /traces/:traceId` answer; throws a zod error naming the first bad field. */
export function parseTraceResponse(json: unknown): TraceResponse {
  const envelope = envelopeSchema.parse(json);
  const spans = envelope.trace.spans;
  for (let i = 0; i < spans.length; i++) {
    if (!looksLikeSpan(spans[i])) {
      const parsed = spanSchema.safeParse(spans[i]);
      if (!parsed.success) {
        throw new Error(
          `Invalid span ${i} in the trace response: ${parsed.error.issues
            .map(issue => `${issue.path.join('.')}: ${issue.message}`)
            .join('; ')}`,
        );
      }
      spans[i] = parsed.data;
    }
  }
  return envelope as TraceResponse;
}
