import type { Attribute, Span, SpanKind, SpanStatusCode, Trace } from './model';
import { spanKinds } from './model';

/*
 * OTLP JSON (as Tempo's /api/v2/traces/<id> answers it) → the shared trace model.
 * Tolerant by design: every field may be missing or of the "other" JSON encoding
 * (ids in hex or base64, enums as numbers or names, int64 as strings or numbers), and the
 * repairs it makes are reported as warnings instead of failing the whole trace.
 */

/** Attribute string values longer than this are cut; the original length is kept. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 4096;

type Json = Record<string, any>;

export interface NormaliseOptions {
  /** Tempo's `status` field: PARTIAL when some blocks could not be read. */
  status?: string;
  /** Tempo's `message` field, shown with a partial trace. */
  message?: string;
  /** The id that was asked for, used when no span carries one. */
  traceId?: string;
}

const HEX = /^[0-9a-f]+$/i;

/** Span ids are 8 bytes and trace ids 16: 16/32 hex digits, or 12/24 base64 characters. */
export function normaliseId(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') return '';
  if (HEX.test(raw) && (raw.length === 16 || raw.length === 32))
    return raw.toLowerCase();
  try {
    const binary = atob(raw);
    let hex = '';
    for (let i = 0; i < binary.length; i++)
      hex += binary.charCodeAt(i).toString(16).padStart(2, '0');
    return hex;
  } catch {
    return HEX.test(raw) ? raw.toLowerCase() : '';
  }
}

function nanosToMicros(raw: unknown): number | undefined {
  if (typeof raw === 'number')
    return Number.isFinite(raw) ? raw / 1000 : undefined;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) {
    // Split to keep precision: the whole nanosecond count does not fit a double exactly.
    const negative = raw.startsWith('-');
    const digits = negative ? raw.slice(1) : raw;
    const micros =
      Number(digits.slice(0, -3) || '0') + Number(digits.slice(-3)) / 1000;
    return negative ? -micros : micros;
  }
  return undefined;
}

function anyValue(
  value: Json | undefined,
  depth = 0,
): string | number | boolean {
  if (!value || typeof value !== 'object') return '';
  if ('stringValue' in value) return String(value.stringValue);
  if ('boolValue' in value) return Boolean(value.boolValue);
  if ('intValue' in value) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return String(value.bytesValue);
  if (depth > 8) return '…';
  if (value.arrayValue) {
    const values: Json[] = value.arrayValue.values ?? [];
    return JSON.stringify(values.map(v => anyValue(v, depth + 1)));
  }
  if (value.kvlistValue) {
    const entries: Json[] = value.kvlistValue.values ?? [];
    return JSON.stringify(
      Object.fromEntries(
        entries.map(kv => [kv.key, anyValue(kv.value, depth + 1)]),
      ),
    );
  }
  return '';
}

export function normaliseAttributes(raw: unknown): Attribute[] {
  if (!Array.isArray(raw)) return [];
  const out: Attribute[] = [];
  for (const kv of raw) {
    if (!kv || typeof kv.key !== 'string') continue;
    const value = anyValue(kv.value);
    if (
      typeof value === 'string' &&
      value.length > MAX_ATTRIBUTE_VALUE_LENGTH
    ) {
      out.push({
        key: kv.key,
        value: `${value.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH)}…`,
        truncatedFrom: value.length,
      });
    } else {
      out.push({ key: kv.key, value });
    }
  }
  return out;
}

function normaliseKind(raw: unknown): SpanKind {
  if (typeof raw === 'number') return spanKinds[raw] ?? 'unspecified';
  if (typeof raw === 'string') {
    const name = raw.replace(/^SPAN_KIND_/, '').toLowerCase();
    return (spanKinds as readonly string[]).includes(name)
      ? (name as SpanKind)
      : 'unspecified';
  }
  return 'unspecified';
}

function normaliseStatusCode(raw: unknown): SpanStatusCode {
  if (raw === 2 || raw === 'STATUS_CODE_ERROR' || raw === 'ERROR')
    return 'error';
  if (raw === 1 || raw === 'STATUS_CODE_OK' || raw === 'OK') return 'ok';
  return 'unset';
}

function serviceNameOf(resource: Attribute[]): string {
  const found = resource.find(a => a.key === 'service.name');
  return found ? String(found.value) : 'unknown_service';
}

/** Tempo has answered with `batches` (v1), `resourceSpans` and `resourceBatches` over the years. */
function resourceSpansOf(body: Json): Json[] {
  const trace = body.trace ?? body;
  return trace.resourceSpans ?? trace.batches ?? trace.resourceBatches ?? [];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Normalises one Tempo trace response body (the whole `{trace, status, message}` or the trace). */
export function normaliseOtlpTrace(
  body: unknown,
  options: NormaliseOptions = {},
): Trace {
  const root: Json = body && typeof body === 'object' ? (body as Json) : {};
  const status = options.status ?? root.status;
  const spans: Span[] = [];
  let traceId = '';
  let negativeDurations = 0;
  let missingIds = 0;

  for (const batch of resourceSpansOf(root)) {
    const resource = normaliseAttributes(batch?.resource?.attributes);
    const serviceName = serviceNameOf(resource);
    const scopes: Json[] =
      batch?.scopeSpans ?? batch?.instrumentationLibrarySpans ?? [];
    for (const scopeSpans of scopes) {
      const scope = scopeSpans?.scope ?? scopeSpans?.instrumentationLibrary;
      for (const raw of (scopeSpans?.spans ?? []) as Json[]) {
        const spanId = normaliseId(raw.spanId);
        if (!spanId) {
          missingIds++;
          continue;
        }
        if (!traceId) traceId = normaliseId(raw.traceId);
        const warnings: string[] = [];
        const startUs = nanosToMicros(raw.startTimeUnixNano) ?? 0;
        const endUs = nanosToMicros(raw.endTimeUnixNano) ?? startUs;
        let durationUs = endUs - startUs;
        if (durationUs < 0) {
          negativeDurations++;
          warnings.push(
            `End time is ${Math.round(
              -durationUs,
            )} µs before start time; shown as zero duration.`,
          );
          durationUs = 0;
        }
        const parentSpanId = normaliseId(raw.parentSpanId) || undefined;
        spans.push({
          spanId,
          ...(parentSpanId ? { parentSpanId } : {}),
          name:
            typeof raw.name === 'string' && raw.name ? raw.name : '(unnamed)',
          kind: normaliseKind(raw.kind),
          serviceName,
          startUs,
          durationUs,
          status: {
            code: normaliseStatusCode(raw.status?.code),
            ...(raw.status?.message
              ? { message: String(raw.status.message) }
              : {}),
          },
          attributes: normaliseAttributes(raw.attributes),
          resource,
          ...(scope?.name
            ? {
                scope: `${scope.name}${
                  scope.version ? `@${scope.version}` : ''
                }`,
              }
            : {}),
          events: (Array.isArray(raw.events) ? raw.events : []).map(
            (e: Json) => ({
              timeUs: nanosToMicros(e?.timeUnixNano) ?? startUs,
              name: String(e?.name ?? ''),
              attributes: normaliseAttributes(e?.attributes),
            }),
          ),
          links: (Array.isArray(raw.links) ? raw.links : []).map((l: Json) => ({
            traceId: normaliseId(l?.traceId),
            spanId: normaliseId(l?.spanId),
            attributes: normaliseAttributes(l?.attributes),
          })),
          ...(warnings.length ? { warnings } : {}),
        });
      }
    }
  }

  const warnings: string[] = [];
  const duplicates = renameDuplicateSpanIds(spans);
  if (duplicates)
    warnings.push(
      `${plural(
        duplicates,
        'span',
      )} repeated an id already used in this trace; shown with a suffix (#2, #3…).`,
    );
  if (negativeDurations)
    warnings.push(
      `${plural(
        negativeDurations,
        'span',
      )} ended before they started; shown with zero duration.`,
    );
  if (missingIds)
    warnings.push(
      `${plural(missingIds, 'span')} without a span id were left out.`,
    );
  const orphans = countOrphans(spans);
  if (orphans)
    warnings.push(
      `${plural(
        orphans,
        'span',
      )} name a parent that is not in this trace (it never arrived or was dropped); shown as roots.`,
    );
  const partial = status === 'PARTIAL';
  if (partial)
    warnings.push(
      `Tempo returned only part of this trace${
        options.message ?? root.message
          ? `: ${options.message ?? root.message}`
          : ''
      }.`,
    );

  return {
    traceId: traceId || options.traceId || '',
    spans,
    partial,
    warnings,
  };
}

/**
 * Gives every repeated span id a `#n` suffix so the tree stays well-defined; children keep
 * pointing at the first span with that id. Returns how many spans were renamed.
 */
function renameDuplicateSpanIds(spans: Span[]): number {
  const seen = new Map<string, number>();
  let renamed = 0;
  for (const span of spans) {
    const count = seen.get(span.spanId) ?? 0;
    seen.set(span.spanId, count + 1);
    if (count > 0) {
      renamed++;
      const original = span.spanId;
      span.spanId = `${original}#${count + 1}`;
      span.warnings = [
        ...(span.warnings ?? []),
        `Span id ${original} is used by ${count + 1} spans in this trace.`,
      ];
    }
  }
  return renamed;
}

/** Spans whose parent id names no span of the trace: their parent never reached Tempo. */
export function countOrphans(
  spans: Pick<Span, 'spanId' | 'parentSpanId'>[],
): number {
  const ids = new Set(spans.map(s => s.spanId));
  let orphans = 0;
  for (const span of spans) {
    if (span.parentSpanId && !ids.has(span.parentSpanId)) orphans++;
  }
  return orphans;
}
