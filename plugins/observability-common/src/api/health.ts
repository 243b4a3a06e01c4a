import { z } from 'zod';

/** Reachability of one configured endpoint, as measured by the backend. */
export const endpointHealthSchema = z.object({
  name: z.string(),
  /** The configured URL (never carries credentials). */
  url: z.string(),
  reachable: z.boolean(),
  latencyMs: z.number().nonnegative().optional(),
  /** Human-readable reason when unreachable. */
  error: z.string().optional(),
  /** Version reported by the server, when it tells. */
  version: z.string().optional(),
});
export type EndpointHealth = z.infer<typeof endpointHealthSchema>;

/** Response of `GET /api/observability/health`. */
export const healthResponseSchema = z.object({
  clusters: z.array(endpointHealthSchema),
  tempo: endpointHealthSchema.nullable(),
  /** Tempo instances of single clusters (`observability.tempo.clusters`), when configured. */
  tempoClusters: z.array(endpointHealthSchema).optional(),
  prometheus: endpointHealthSchema.nullable(),
  checkedAt: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
