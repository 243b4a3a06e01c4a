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

/** Where one object of an install or uninstall is. */
export type PipelineStepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

/** One object an install or uninstall applies or deletes, in order. */
export interface PipelineStep {
  kind: string;
  name: string;
  namespace?: string;
  action: 'apply' | 'delete';
  status: PipelineStepStatus;
  /** Why it was skipped or failed. */
  message?: string;
}

/**
 * An install (or upgrade) or uninstall running on one cluster: `POST .../install` and
 * `.../uninstall` answer 202 with it, `GET /pipeline/operations/:id` follows it step by step.
 */
export interface PipelineOperation {
  id: string;
  cluster: string;
  action: 'install' | 'uninstall';
  state: 'running' | 'succeeded' | 'failed';
  /** Known up front for the rendered objects; an uninstall appends the labelled leftovers it finds. */
  steps: PipelineStep[];
  /** The product version being applied. */
  version: string;
  startedAt: string;
  finishedAt?: string;
  error?: string;
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

/** One collector pod's span counters, as rates between two status reads. */
export interface PodSpanRates {
  pod: string;
  /**
   * `measured`: the rates below; `first-sample`: read once, a second read gives rates;
   * `not-ready`: not read (the pod is not ready); `unreadable`: the read failed (`error`).
   */
  state: 'measured' | 'first-sample' | 'not-ready' | 'unreadable';
  /** Spans its receivers accepted per second. */
  acceptedPerSecond?: number;
  /** Spans its exporters sent per second. */
  exportedPerSecond?: number;
  /** Spans its exporters failed to send per second. */
  failedPerSecond?: number;
  /** The collector restarted since the previous read (its counters started again from zero). */
  restarted?: boolean;
  error?: string;
}

/** Span rates of one collector component, summed over the pods that could be measured. */
export interface CollectorSpanFlow {
  /** Whether spans pass this component (gateway: exported, node collectors: accepted). */
  flowing?: boolean;
  /** Sums over the measured pods; undefined when no pod could be measured yet. */
  acceptedPerSecond?: number;
  exportedPerSecond?: number;
  failedPerSecond?: number;
  /** How many of `pods` are in the sums. */
  measuredPods: number;
  pods: PodSpanRates[];
}

export interface SpanFlow {
  /** Whether the gateway exported spans since the previous sample. Undefined if unknown. */
  flowing?: boolean;
  /** The gateway's accepted spans per second, summed over its pods. */
  receivedPerSecond?: number;
  /** The gateway's exported spans per second, summed over its pods. */
  exportedPerSecond?: number;
  /** Why the collector's own metrics could not be read. */
  error?: string;
  /** The gateway pods, each read on its own (the autoscaler may run several). */
  gateway?: CollectorSpanFlow;
  /** The node collectors (one per node): whether spans arrive from the nodes. */
  nodes?: CollectorSpanFlow;
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

/**
 * A rate shown in the pipeline picture and how far it is measured: `measured` is a number read
 * from real counters, `partial` a sum over only some of the parts (`note` says which), and
 * `not-measured` has no number at all (`note` says why) — never an estimate.
 */
export interface MeasuredRate {
  state: 'measured' | 'partial' | 'not-measured';
  spansPerSecond?: number;
  /** Where the number comes from, e.g. `gateway metrics, 2 of 2 pods` or `span metrics, 5m`. */
  basis?: string;
  note?: string;
}

/** A workload the portal instrumented (or several, when a node groups them). */
export interface PipelineSourceMember {
  namespace: string;
  kind: string;
  name: string;
  /** `service.name`s its spans carry (one per instrumented container, usually one). */
  services: string[];
  /** Strategies of its instrumented containers, e.g. `java`, `ebpf`. */
  strategies: string[];
}

export type PipelineNodeRole = 'source' | 'agent' | 'collector' | 'destination';

/** The pipeline picture of one cluster: nodes are sources, agents, collectors and destinations. */
export interface PipelineOverview {
  cluster: string;
  nodes: {
    id: string;
    label: string;
    role: PipelineNodeRole;
    healthy?: boolean;
    /** A second line, e.g. `Deployment shop/checkout · java` or `5 workloads`. */
    detail?: string;
    /** Sources: the workloads behind the node (one, or a group). */
    members?: PipelineSourceMember[];
    /** Sources: spans per second of the node; collectors: spans they accept per second. */
    rate?: MeasuredRate;
  }[];
  /** `rate` is what flows along the edge, when the edge has one of its own. */
  edges: { from: string; to: string; rate?: MeasuredRate }[];
  /** Why the sources could not be listed, when they could not. */
  sourcesError?: string;
}
