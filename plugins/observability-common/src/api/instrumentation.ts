import { z } from 'zod';
import { languageSchema, workloadKindSchema } from './workloads';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Names one workload in one cluster. */
export const workloadRefSchema = z
  .object({
    cluster: z.string().min(1).max(253),
    kind: workloadKindSchema,
    namespace: z.string().regex(dnsLabel, 'invalid namespace'),
    name: z.string().regex(dnsSubdomain, 'invalid workload name'),
  })
  .strict();
export type WorkloadRef = z.infer<typeof workloadRefSchema>;

/** Body of plan, apply and uninstrument: which of the entity's workloads (default: all). */
export const instrumentationRequestSchema = z
  .object({
    workloads: z.array(workloadRefSchema).max(500).optional(),
    /** Tokens acknowledging what a plan asked to confirm, e.g. `other-agent:app`. */
    confirm: z.array(z.string().max(300)).max(100).default([]),
    /**
     * `inject` (default): the portal adds the agent to the pod template itself. `operator`:
     * the OpenTelemetry Operator, when installed, injects it (Instrumentation + annotations).
     */
    strategy: z.enum(['inject', 'operator']).default('inject'),
  })
  .strict();
export type InstrumentationRequest = z.input<typeof instrumentationRequestSchema>;

export const containerPlanSchema = z.object({
  container: z.string(),
  language: languageSchema,
  strategy: z.string().optional(),
  action: z.enum(['instrument', 'refuse', 'already-instrumented']),
  reason: z.string(),
  requiresConfirmation: z.array(z.string()),
});
export type ContainerPlanDto = z.infer<typeof containerPlanSchema>;

export const workloadPlanSchema = z.object({
  workload: workloadRefSchema,
  containers: z.array(containerPlanSchema),
  /** Unified diff of the pod template. Empty when nothing would change. */
  diff: z.string(),
  revision: z.string(),
  alreadyApplied: z.boolean(),
  /** Env vars the owner sets that the agent extends (their values stay, with the agent's part added). */
  extendsEnv: z.array(z.object({ container: z.string(), name: z.string() })),
  usesEbpf: z.boolean(),
});
export type WorkloadPlanDto = z.infer<typeof workloadPlanSchema>;

/** Whether one cluster can take the `operator` strategy: the Operator's Instrumentation CRD is installed. */
export const operatorAvailabilitySchema = z.object({
  cluster: z.string(),
  installed: z.boolean(),
  /** Why it cannot be used (not installed, or the check failed), for the dialog to show. */
  reason: z.string().optional(),
});
export type OperatorAvailability = z.infer<typeof operatorAvailabilitySchema>;

/** Response of the dry-run plan. */
export const planResponseSchema = z.object({
  entityRef: z.string(),
  plans: z.array(workloadPlanSchema),
  /** Clusters that could not be read; their workloads are not in the plan. */
  clusterErrors: z.array(z.object({ cluster: z.string(), error: z.string() })),
  /** Per cluster of the plan's workloads: whether the OpenTelemetry Operator strategy is available. */
  operator: z.array(operatorAvailabilitySchema),
});
export type PlanResponse = z.infer<typeof planResponseSchema>;

export const changeResultSchema = z.object({
  workload: workloadRefSchema,
  outcome: z.enum(['applied', 'unchanged', 'conflict', 'failed']),
  message: z.string(),
  steps: z.array(z.object({ step: z.string(), ok: z.boolean(), error: z.string().optional() })),
  conflicts: z.array(z.object({ field: z.string(), manager: z.string() })),
});
export type ChangeResultDto = z.infer<typeof changeResultSchema>;

/** Rollout of one workload after a change, as the backend watches it. */
export const rolloutStatusSchema = z.object({
  workload: workloadRefSchema,
  phase: z.enum(['progressing', 'complete', 'failed', 'rolled-back', 'not-applicable']),
  desired: z.number().int(),
  updated: z.number().int(),
  ready: z.number().int(),
  message: z.string(),
  /** Deployments only: the ReplicaSet of the new template and its pods, once the controller made it. */
  replicaSet: z
    .object({ name: z.string(), desired: z.number().int(), ready: z.number().int() })
    .optional(),
});
export type RolloutStatus = z.infer<typeof rolloutStatusSchema>;

/** An apply or uninstrument and its rollouts, polled by the onboarding dialog. */
export const operationSchema = z.object({
  id: z.string(),
  entityRef: z.string(),
  action: z.enum(['instrument', 'uninstrument']),
  state: z.enum(['running', 'succeeded', 'failed', 'rolled-back']),
  results: z.array(changeResultSchema),
  rollouts: z.array(rolloutStatusSchema),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type Operation = z.infer<typeof operationSchema>;

/** Response of `GET .../instrumentation/export`: the plan as files a team can commit. */
export const gitOpsExportSchema = z.object({
  entityRef: z.string(),
  /** Multi-document YAML: one server-side-apply patch per workload. */
  yaml: z.string(),
  instructions: z.string(),
});
export type GitOpsExport = z.infer<typeof gitOpsExportSchema>;
