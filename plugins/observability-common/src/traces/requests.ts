import { z } from 'zod';

/*
 * Request schemas of the trace routes. Every value that reaches Tempo or Prometheus passes
 * through one of these first; none of them can make the backend fetch another host.
 */

/** A trace id: 1 to 32 hex digits (Tempo left-pads shorter ids with zeros). */
export const traceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{1,32}$/, 'must be 1 to 32 hexadecimal digits')
  .transform(id => id.toLowerCase().padStart(32, '0'));

/** A TraceQL attribute or tag name, with an optional scope: `span.http.route`, `service.name`. */
export const tagNameSchema = z
  .string()
  .max(200)
  .regex(
    /^(?:(?:span|resource|event|link|instrumentation)\.)?[A-Za-z_][A-Za-z0-9_.\-/]*$/,
    'must be an attribute name like span.http.route or service.name',
  );

/** A `service.name` value. Free text in OpenTelemetry, so it is only ever quoted, never spliced. */
export const serviceNameSchema = z.string().min(1).max(256);

export const spanStatusFilters = ['any', 'error', 'ok', 'unset'] as const;

export const attributeFilterSchema = z.object({
  key: tagNameSchema,
  op: z.enum(['=', '!=', '=~', '>', '<']).default('='),
  value: z.string().max(1024),
});
export type AttributeFilter = z.infer<typeof attributeFilterSchema>;

/** A duration like `120ms`, `1.5s`, `2m` or `300us`. */
export const durationTextSchema = z
  .string()
  .regex(
    /^\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)$/,
    'must be a duration like 250ms or 1.5s',
  );

const epochSeconds = z.coerce.number().int().min(0).max(32_503_680_000);

/** Query of `GET /traces/search`. Attributes come as `attr=<key><op><value>`, repeatable. */
export const traceSearchQuerySchema = z
  .object({
    service: serviceNameSchema.optional(),
    operation: z.string().min(1).max(512).optional(),
    minDuration: durationTextSchema.optional(),
    maxDuration: durationTextSchema.optional(),
    status: z.enum(spanStatusFilters).default('any'),
    attributes: z.array(attributeFilterSchema).max(20).default([]),
    /** Free TraceQL; combined with the filters above with `&&`. */
    traceql: z.string().max(4096).optional(),
    start: epochSeconds.optional(),
    end: epochSeconds.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .refine(
    q => q.start === undefined || q.end === undefined || q.start <= q.end,
    {
      message: 'start must not be after end',
      path: ['start'],
    },
  );
export type TraceSearchQuery = z.input<typeof traceSearchQuerySchema>;
export type ParsedTraceSearchQuery = z.output<typeof traceSearchQuerySchema>;

export const serviceQuerySchema = z.object({
  service: serviceNameSchema,
  windowMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});
export type ServiceQuery = z.input<typeof serviceQuerySchema>;

export const tagValuesQuerySchema = z.object({
  tag: tagNameSchema,
});
