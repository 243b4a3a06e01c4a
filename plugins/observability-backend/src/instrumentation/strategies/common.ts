import type { V1EnvVar, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { InjectionContext } from './types';

/** Port of the node collector's OTLP receivers, reached through the node's IP. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

/** Parses the leading major version ("21.0.2" → 21, "go1.22" → 1, "3.12" → 3). */
export function majorVersion(version: string | null): number | undefined {
  const match = version?.match(/(\d+)/);
  return match ? Number(match[1]) : undefined;
}

/** Parses "3.12.4" → [3, 12]. */
export function majorMinor(version: string | null): [number, number] | undefined {
  const match = version?.match(/(\d+)\.(\d+)/);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * The env vars every in-process agent gets, as the Operator sets them: identity, resource
 * attributes (Kubernetes and `service.namespace`), sampling, and the exporter pointed at the
 * node collector through the node IP. Order matters: `$(VAR)` only expands vars defined earlier.
 */
export function commonOtelEnv(ctx: InjectionContext, protocol: 'grpc' | 'http/protobuf'): V1EnvVar[] {
  const { workload, container } = ctx;
  const kindKey = `k8s.${workload.kind.toLowerCase()}.name`;
  const attributes = [
    `k8s.namespace.name=${workload.namespace}`,
    `${kindKey}=${workload.name}`,
    'k8s.pod.name=$(OTEL_POD_NAME)',
    'k8s.node.name=$(OTEL_NODE_NAME)',
    `k8s.container.name=${container.name}`,
    ...(ctx.serviceNamespace ? [`service.namespace=${ctx.serviceNamespace}`] : []),
  ];
  const port = protocol === 'grpc' ? OTLP_GRPC_PORT : OTLP_HTTP_PORT;
  return [
    { name: 'OTEL_NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
    { name: 'OTEL_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'OTEL_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    { name: 'OTEL_SERVICE_NAME', value: ctx.serviceName },
    { name: 'OTEL_RESOURCE_ATTRIBUTES', value: attributes.join(',') },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: `http://$(OTEL_NODE_IP):${port}` },
    { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: protocol },
    { name: 'OTEL_PROPAGATORS', value: ctx.sampling.propagators.join(',') },
    { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_traceidratio' },
    { name: 'OTEL_TRACES_SAMPLER_ARG', value: String(ctx.sampling.ratio) },
  ];
}

/** The emptyDir the init container copies the agent into, and its mount in the app container. */
export function agentVolume(name: string, mountPath: string): {
  volume: V1Volume;
  mount: V1VolumeMount;
} {
  return {
    volume: { name, emptyDir: { sizeLimit: '200Mi' } },
    mount: { name, mountPath },
  };
}
