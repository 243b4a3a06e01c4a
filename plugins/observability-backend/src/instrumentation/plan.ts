import type { ContainerDetection, WorkloadKind } from '@internal/plugin-observability-common';
import type { V1EnvVar } from '@kubernetes/client-node';
import type { StrategyId } from './strategies';

/** What will happen to one container, and why. */
export interface ContainerPlan {
  container: string;
  language: ContainerDetection['language'];
  strategy?: StrategyId;
  action: 'instrument' | 'refuse' | 'already-instrumented';
  reason: string;
  /** Tokens the caller must send in `confirm` before apply proceeds (e.g. another vendor's agent). */
  requiresConfirmation: string[];
}

/**
 * An env var the owner already sets that the agent must extend. The owner's entry moves to
 * `OTEL_ORIGINAL_<NAME>` (keeping its value or valueFrom) and the var becomes
 * `$(OTEL_ORIGINAL_<NAME>) <agent part>`; `original` and `index` restore it exactly.
 */
export interface EnvTakeover {
  container: string;
  name: string;
  index: number;
  original: V1EnvVar;
  replacement: V1EnvVar;
}

/** A dry run for one workload: the apply configuration, the takeovers and a readable diff. */
export interface WorkloadPlan {
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  containers: ContainerPlan[];
  /** Server-side apply configuration under the product's field manager. */
  applyConfiguration: Record<string, unknown>;
  envTakeovers: EnvTakeover[];
  /** Content hash of what the product adds; equal hashes mean nothing to do. */
  revision: string;
  /** The revision already applied to the live template, if any. */
  appliedRevision?: string;
  /** Unified diff of the pod template, owner's version → instrumented version. */
  diff: string;
  /** Workloads the eBPF agent must select (Go, Rust, C++ containers). */
  usesEbpf: boolean;
  /** Objects applied before the workload (the Operator strategy's Instrumentation resource). */
  companionObjects: Array<Record<string, unknown>>;
}
