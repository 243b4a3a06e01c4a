import { z } from 'zod';
import { coverageStateSchema, languageSchema } from './workloads';

/** One Component's trace coverage across its workloads in every cluster. */
export const entityCoverageSchema = z.object({
  entityRef: z.string(),
  title: z.string(),
  owner: z.string(),
  system: z.string(),
  languages: z.array(languageSchema),
  workloads: z.number().int(),
  /** The least-covered workload's state; `no-workloads` when none was found. */
  coverage: z.union([coverageStateSchema, z.literal('no-workloads')]),
  clusters: z.array(z.string()),
});
export type EntityCoverage = z.infer<typeof entityCoverageSchema>;

/** Response of `GET /coverage`. */
export const coverageResponseSchema = z.object({
  entities: z.array(entityCoverageSchema),
  clusterErrors: z.array(z.object({ cluster: z.string(), error: z.string() })),
  generatedAt: z.string(),
});
export type CoverageResponse = z.infer<typeof coverageResponseSchema>;

/** What a coverage-history point counts: everything, or one owner or system. */
export const COVERAGE_HISTORY_SCOPES = ['all', 'owner', 'system'] as const;

/** One group's counts at one snapshot. */
export const coverageHistoryPointSchema = z.object({
  takenAt: z.string(),
  scope: z.enum(COVERAGE_HISTORY_SCOPES),
  /** `all` for the whole catalog, else the owner or system name. */
  group: z.string(),
  components: z.number().int(),
  /** Components whose every workload carries the agent (applied, rolled out or emitting). */
  instrumented: z.number().int(),
  /** Components whose spans reached Tempo. */
  emitting: z.number().int(),
});
export type CoverageHistoryPoint = z.infer<typeof coverageHistoryPointSchema>;

/** Query of `GET /coverage/history`. */
export const coverageHistoryQuerySchema = z
  .object({
    days: z.coerce.number().int().min(1).max(365).default(30),
    scope: z.enum(COVERAGE_HISTORY_SCOPES).default('all'),
  })
  .strict();

/** Response of `GET /coverage/history`, oldest point first. */
export const coverageHistoryResponseSchema = z.object({
  points: z.array(coverageHistoryPointSchema),
  /** How often the backend takes a snapshot. */
  intervalMinutes: z.number().int(),
});
export type CoverageHistoryResponse = z.infer<typeof coverageHistoryResponseSchema>;
