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

const tempoEndpointSchema = endpointSchema
  .extend({ tenant: z.string().min(1).optional() })
  .strict();

/*
 * `observability.tempo` is the global Tempo; `clusters` overrides it for named clusters. The
 * global url is optional so a per-cluster-only setup is valid, but one of the two must be set.
 */
const tempoSectionSchema = tempoEndpointSchema
  .extend({
    url: httpUrl.optional(),
    clusters: z.record(z.string().min(1), tempoEndpointSchema).optional(),
  })
  .strict()
  .refine(t => t.url !== undefined || Object.keys(t.clusters ?? {}).length > 0, {
    message: 'set url (the global Tempo) or at least one entry under clusters',
    path: ['url'],
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
    tempo: tempoSectionSchema.optional(),
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
  .strict()
  // Split the Tempo section so `tempo` keeps meaning "the global Tempo" for its readers.
  .transform(({ tempo, ...rest }) => {
    const { clusters, url, ...auth } = tempo ?? {};
    return {
      ...rest,
      ...(url ? { tempo: { url, ...auth } } : {}),
      ...(clusters && Object.keys(clusters).length > 0 ? { tempoClusters: clusters } : {}),
    };
  });

export type ObservabilityConfig = z.output<typeof observabilityConfigSchema>;
export type EndpointConfig = z.infer<typeof endpointSchema>;
export type TempoEndpointConfig = z.infer<typeof tempoEndpointSchema>;

/**
 * Checks that every `observability.tempo.clusters` key names a cluster from the `kubernetes`
 * section; a typo would otherwise silently send that cluster's entities to the global Tempo.
 */
export function checkTempoClusters(config: ObservabilityConfig, clusterNames: string[]): void {
  const known = new Set(clusterNames);
  const unknown = Object.keys(config.tempoClusters ?? {}).filter(name => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `Invalid observability config: ${unknown
        .map(
          name =>
            `observability.tempo.clusters.${name}: no cluster named '${name}' in kubernetes.clusterLocatorMethods`,
        )
        .join('; ')}`,
    );
  }
}

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
