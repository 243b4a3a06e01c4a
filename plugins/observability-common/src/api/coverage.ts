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
