import type { Config } from '@backstage/config';
import { z } from 'zod';

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'must be an http:// or https:// URL';
  }
  if (url.username || url.password) {
    return 'must not carry credentials in the URL (use the token key)';
  }
  return undefined;
}

const httpUrl = z.string().superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const endpointSchema = z.object({
  url: httpUrl,
  token: z.string().min(1).optional(),
});

const observabilityConfigSchema = z
  .object({
    adminGroups: z
      .array(
        z
          .string()
          .regex(
            /^group:[^/]+\/.+$/,
            'must be a group entity ref like group:default/platform',
          ),
      )
      .default([]),
    requestTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    instrumentation: z
      .object({
        samplingRatio: z.number().min(0).max(1).default(1),
        propagators: z
          .array(z.enum(['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'xray', 'ottrace']))
          .min(1)
          .default(['tracecontext', 'baggage']),
        rolloutTimeoutSeconds: z.number().int().min(10).max(3600).default(300),
      })
      .strict()
      .default({ samplingRatio: 1, propagators: ['tracecontext', 'baggage'], rolloutTimeoutSeconds: 300 }),
    coverage: z
      .object({ snapshotIntervalMinutes: z.number().int().min(5).max(1440).default(60) })
      .strict()
      .default({ snapshotIntervalMinutes: 60 }),
    tempo: endpointSchema.extend({ tenant: z.string().min(1).optional() }).optional(),
    prometheus: endpointSchema.optional(),
    pipeline: z
      .object({
        images: z
          .object({
            collector: z.string().min(1).optional(),
            ebpfAgent: z.string().min(1).optional(),
            nodeAgent: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    grafana: z
      .object({ url: httpUrl, tempoDatasourceUid: z.string().optional() })
      .optional(),
  })
  .strict();

export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;
export type EndpointConfig = z.infer<typeof endpointSchema>;

/**
 * Reads and validates the `observability` config section. Throws an error naming the
 * offending key (e.g. `observability.tempo.url`) so a bad config fails at start-up.
 */
export function readObservabilityConfig(config: Config): ObservabilityConfig {
  const raw = config.getOptional('observability') ?? {};
  const parsed = observabilityConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(issue => {
      const key = ['observability', ...issue.path.map(String)].join('.');
      return issue.code === 'unrecognized_keys'
        ? `${key}: unknown key(s) ${issue.keys.join(', ')}`
        : `${key}: ${issue.message}`;
    });
    throw new Error(`Invalid observability config: ${problems.join('; ')}`);
  }
  return parsed.data;
}
