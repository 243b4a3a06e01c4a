import type { ContainerDetection, Language } from '@internal/plugin-observability-common';
import type { V1Container, V1EnvVar, V1Volume, V1VolumeMount } from '@kubernetes/client-node';

/** Everything a strategy needs to know about the container it instruments. */
export interface InjectionContext {
  /** `service.name`: the catalog entity's name. */
  serviceName: string;
  /** `service.namespace`: the entity's system, when it has one. */
  serviceNamespace?: string;
  workload: { kind: string; name: string; namespace: string };
  container: V1Container;
  detection: ContainerDetection;
  /** Sampling ratio 0..1 and propagators, from the admin defaults. */
  sampling: { ratio: number; propagators: string[] };
}

/**
 * An env var the runtime reads as a list of flags or paths (JAVA_TOOL_OPTIONS, NODE_OPTIONS,
 * PYTHONPATH). If the container already sets it, the agent's part is added to the owner's
 * value rather than replacing it.
 */
export interface EnvExtension {
  name: string;
  /** The agent's part. */
  value: string;
  /** Where it goes relative to the owner's value. */
  position: 'append' | 'prepend';
  separator: string;
}

/** What a strategy adds to one container and its pod. */
export interface ContainerInjection {
  initContainers: V1Container[];
  volumes: V1Volume[];
  volumeMounts: V1VolumeMount[];
  env: V1EnvVar[];
  envExtensions: EnvExtension[];
}

export type StrategyId = 'java' | 'nodejs' | 'python' | 'dotnet' | 'ebpf';

/** One way of instrumenting a language, following the OpenTelemetry Operator's conventions. */
export interface Strategy {
  id: StrategyId;
  languages: Language[];
  /** Why this container cannot take the strategy (e.g. an unsupported runtime), if it cannot. */
  unsupportedReason(ctx: InjectionContext): string | undefined;
  /** What to add; the eBPF strategy adds nothing to the pod (the DaemonSet attaches from outside). */
  inject(ctx: InjectionContext): ContainerInjection;
}
