import type { Strategy } from './types';

/**
 * Go, Rust, C++ and anything the in-process agents cannot take: the OpenTelemetry eBPF
 * Instrumentation DaemonSet attaches from outside the pod, selected by its discovery rules.
 * The pod template only gets the product's annotation (so coverage can tell), nothing else.
 */
export const ebpfStrategy: Strategy = {
  id: 'ebpf',
  languages: ['go', 'rust', 'cpp', 'ruby', 'php'],
  unsupportedReason: () => undefined,
  inject: () => ({
    initContainers: [],
    volumes: [],
    volumeMounts: [],
    env: [],
    envExtensions: [],
  }),
};
