import type { PipelineSourceMember } from '@internal/plugin-observability-common';
import type { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { withTimeout } from '../../util/withTimeout';
import { listRawWorkloads } from '../../workloads/WorkloadResolver';
import { instrumentedContainers, type RawWorkload } from '../../workloads/toWorkload';

/** OBI names a Kubernetes service from this pod annotation, else from the workload (its owner). */
export const SERVICE_NAME_ANNOTATION = 'resource.opentelemetry.io/service.name';

/**
 * The workloads the portal instrumented (those whose pod template carries its instrumentation
 * annotation), with the strategies of their containers and the `service.name` their spans carry:
 * the in-process agents' `OTEL_SERVICE_NAME` (which the portal sets), for the eBPF agent the
 * service-name annotation or else the workload's name. Pure.
 */
export function instrumentedSources(raws: RawWorkload[]): PipelineSourceMember[] {
  const out: PipelineSourceMember[] = [];
  for (const raw of raws) {
    const strategies = instrumentedContainers(raw.template.metadata?.annotations);
    const containers = Object.keys(strategies);
    if (containers.length === 0) continue;
    const name = raw.metadata.name ?? '';
    const services = new Set<string>();
    for (const container of containers) {
      const spec = raw.template.spec?.containers?.find(c => c.name === container);
      const fromEnv = spec?.env?.find(e => e.name === 'OTEL_SERVICE_NAME')?.value;
      if (strategies[container] !== 'ebpf' && fromEnv) services.add(fromEnv);
      else services.add(raw.template.metadata?.annotations?.[SERVICE_NAME_ANNOTATION] ?? name);
    }
    out.push({
      namespace: raw.metadata.namespace ?? 'default',
      kind: raw.kind,
      name,
      services: [...services].sort(),
      strategies: [...new Set(Object.values(strategies))].sort(),
    });
  }
  return out.sort((a, b) => `${a.namespace}/${a.name}/${a.kind}`.localeCompare(`${b.namespace}/${b.name}/${b.kind}`));
}

/** Lists one cluster's instrumented workloads. */
export type SourceLister = (cluster: string) => Promise<PipelineSourceMember[]>;

/** Lists them from the cluster's workloads (every namespace), within the request timeout. */
export function kubeSourceLister(registry: ClusterRegistry, timeoutMs: number): SourceLister {
  return async cluster => {
    const { raws } = await withTimeout(listRawWorkloads(registry.get(cluster), {}), timeoutMs, `workloads of ${cluster}`);
    return instrumentedSources(raws);
  };
}
