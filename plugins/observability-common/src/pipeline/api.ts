import { z } from 'zod';
import { SIGNALS } from './destinations';

/** Destination names are Kubernetes name segments: they name the Secret and the exporter. */
export const DESTINATION_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

const fieldValue = z.union([z.string().max(16384), z.number(), z.boolean()]);

/** Body of `POST /pipeline/clusters/:cluster/destinations`. */
export const destinationInputSchema = z
  .object({
    name: z
      .string()
      .regex(
        DESTINATION_NAME_PATTERN,
        'must be 1-40 lowercase letters, digits or dashes, starting and ending with a letter or digit',
      ),
    type: z.string().min(1).max(64),
    signals: z.array(z.enum(SIGNALS)).min(1),
    /** Non-secret field values. */
    values: z.record(z.string(), fieldValue).default({}),
    /** Secret field values; omit a key to keep the stored secret when editing. */
    secrets: z.record(z.string(), z.string().min(1).max(8192)).default({}),
  })
  .strict();
export type DestinationInput = z.infer<typeof destinationInputSchema>;

/** Body of `PUT /pipeline/clusters/:cluster/destinations/:name` (the name is in the path). */
export const destinationUpdateSchema = destinationInputSchema.omit({ name: true }).strict();
export type DestinationUpdate = z.infer<typeof destinationUpdateSchema>;

/** Body of `POST /pipeline/clusters/:cluster/destinations/test`. */
export const destinationTestSchema = destinationInputSchema
  .extend({
    /** Test an existing destination's stored secrets where `secrets` omits them. */
    existing: z.boolean().default(false),
  })
  .strict();
export type DestinationTestInput = z.infer<typeof destinationTestSchema>;

/** A stored destination as returned by the API: secret values are never included. */
export interface DestinationSummary {
  name: string;
  type: string;
  signals: Array<(typeof SIGNALS)[number]>;
  values: Record<string, string | number | boolean>;
  /** Names of the secret fields that hold a value (the values themselves are write-only). */
  secretsSet: string[];
  updatedAt: string;
}

/** Where a connection test stopped. */
export type ConnectionTestStage =
  | 'config'
  | 'dns'
  | 'connect'
  | 'tls'
  | 'auth'
  | 'protocol'
  | 'ok';

export interface ConnectionTestResult {
  ok: boolean;
  stage: ConnectionTestStage;
  /** What was tried and what answered, e.g. `POST https://api.honeycomb.io/v1/traces: HTTP 401`. */
  message: string;
  endpoint: string;
  durationMs: number;
}

export const PROPAGATORS = [
  'tracecontext',
  'baggage',
  'b3',
  'b3multi',
  'jaeger',
  'xray',
  'ottrace',
] as const;

/** Defaults the control plane uses when it instruments workloads (`PUT .../defaults`). */
export const pipelineDefaultsSchema = z
  .object({
    samplingRatio: z.number().min(0).max(1),
    propagators: z.array(z.enum(PROPAGATORS)).min(1),
  })
  .strict();
export type PipelineDefaults = z.infer<typeof pipelineDefaultsSchema>;

export const DEFAULT_PIPELINE_DEFAULTS: PipelineDefaults = {
  samplingRatio: 1,
  propagators: ['tracecontext', 'baggage'],
};

/** Body of `POST /pipeline/clusters/:cluster/install` (install or upgrade). */
export const installRequestSchema = z
  .object({
    ebpfAgent: z.boolean().default(true),
    nodeAgent: z.boolean().default(true),
  })
  .strict();
export type InstallRequest = z.infer<typeof installRequestSchema>;

/** Body of `POST /pipeline/clusters/:cluster/uninstall`. */
export const uninstallRequestSchema = z
  .object({
    /** Also delete the destinations (their ConfigMaps and Secrets) and the defaults. */
    includeDestinations: z.boolean().default(false),
  })
  .strict();
export type UninstallRequest = z.infer<typeof uninstallRequestSchema>;

/** One object the install or uninstall touched, in order. */
export interface PipelineStep {
  kind: string;
  name: string;
  namespace?: string;
  action: 'applied' | 'deleted' | 'unchanged';
}

export interface PipelineOperationResult {
  cluster: string;
  steps: PipelineStep[];
  version: string;
}

export type PipelineComponentName =
  | 'collector-node'
  | 'collector-gateway'
  | 'ebpf-agent'
  | 'node-agent';

export interface PipelineComponentStatus {
  name: PipelineComponentName;
  kind: 'DaemonSet' | 'Deployment';
  installed: boolean;
  desired: number;
  ready: number;
  /** Image of the running template, e.g. `otel/opentelemetry-collector-contrib:0.152.0`. */
  image?: string;
  /** Product version label of the running template. */
  version?: string;
  /** The latest condition or rollout problem, when there is one. */
  lastError?: string;
}

export interface SpanFlow {
  /** Whether the gateway exported spans since the previous sample. Undefined if unknown. */
  flowing?: boolean;
  receivedPerSecond?: number;
  exportedPerSecond?: number;
  /** Why the collector's own metrics could not be read. */
  error?: string;
}

export interface ClusterPipelineStatus {
  cluster: string;
  reachable: boolean;
  error?: string;
  /** The product version the pipeline was installed with, when installed. */
  installedVersion?: string;
  /** The product version an install or upgrade now would apply. */
  availableVersion: string;
  components: PipelineComponentStatus[];
  spans: SpanFlow;
  destinations: number;
}

/** The pipeline picture of one cluster: nodes are sources, collectors and destinations. */
export interface PipelineOverview {
  cluster: string;
  nodes: {
    id: string;
    label: string;
    role: 'source' | 'collector' | 'destination';
    healthy?: boolean;
  }[];
  edges: { from: string; to: string; spansPerSecond?: number }[];
}
