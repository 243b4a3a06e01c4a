import { z } from 'zod';

export const LANGUAGES = [
  'java',
  'python',
  'nodejs',
  'dotnet',
  'go',
  'ruby',
  'php',
  'rust',
  'cpp',
  'unknown',
] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/** What runs in one container, from the node agent (process) or the pod spec (a guess). */
export const containerDetectionSchema = z.object({
  language: languageSchema,
  runtimeVersion: z.string().nullable(),
  libc: z.string(),
  otherAgents: z.array(
    z.object({ vendor: z.string(), name: z.string(), evidence: z.string() }),
  ),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()),
  source: z.enum(['process', 'podspec']),
});
export type ContainerDetection = z.infer<typeof containerDetectionSchema>;

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'] as const;
export const workloadKindSchema = z.enum(WORKLOAD_KINDS);
export type WorkloadKind = z.infer<typeof workloadKindSchema>;

/**
 * Trace coverage of one workload: `not-instrumented` → `applied` (the template carries the
 * agent) → `rolled-out` (every ready pod carries it) → `emitting` (spans seen in Tempo).
 */
export const COVERAGE_STATES = ['not-instrumented', 'applied', 'rolled-out', 'emitting'] as const;
export const coverageStateSchema = z.enum(COVERAGE_STATES);
export type CoverageState = z.infer<typeof coverageStateSchema>;

/** States in which the workload's template carries the agent. */
export const INSTRUMENTED_COVERAGE_STATES: ReadonlyArray<string> = ['applied', 'rolled-out', 'emitting'];

export const workloadContainerSchema = z.object({
  name: z.string(),
  image: z.string(),
  detection: containerDetectionSchema,
  /** The strategy the product applied to this container, when instrumented. */
  instrumentedWith: z.string().optional(),
});
export type WorkloadContainer = z.infer<typeof workloadContainerSchema>;

export const workloadPodSchema = z.object({
  name: z.string(),
  phase: z.string(),
  ready: z.boolean(),
  node: z.string().optional(),
  instrumented: z.boolean(),
  restarts: z.number().int(),
});
export type WorkloadPod = z.infer<typeof workloadPodSchema>;

export const workloadSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  kind: workloadKindSchema,
  name: z.string(),
  replicas: z.object({ desired: z.number().int(), ready: z.number().int() }),
  containers: z.array(workloadContainerSchema),
  pods: z.array(workloadPodSchema),
  coverage: coverageStateSchema,
});
export type Workload = z.infer<typeof workloadSchema>;

export const clusterWorkloadsSchema = z.object({
  cluster: z.string(),
  workloads: z.array(workloadSchema),
  /** Set when this cluster could not be read; the other clusters are still listed. */
  error: z.string().optional(),
});
export type ClusterWorkloads = z.infer<typeof clusterWorkloadsSchema>;

/** Response of `GET /entities/:kind/:namespace/:name/workloads`. */
export const entityWorkloadsResponseSchema = z.object({
  entityRef: z.string(),
  clusters: z.array(clusterWorkloadsSchema),
});
export type EntityWorkloadsResponse = z.infer<typeof entityWorkloadsResponseSchema>;

/** Path parameters naming a catalog entity. */
export const entityPathSchema = z
  .object({
    kind: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, 'invalid kind'),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9_.]{0,62})$/i, 'invalid namespace'),
    name: z.string().regex(/^[a-z0-9A-Z]([-a-z0-9A-Z_.]{0,62})$/, 'invalid name'),
  })
  .strict();
