import type { ContainerSpec } from '@internal/node-agent';
import {
  INSTRUMENTATION_ANNOTATION,
  type CoverageState,
  type Workload,
  type WorkloadKind,
  type WorkloadPod,
} from '@internal/plugin-observability-common';
import type { V1ObjectMeta, V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import { mergeDetection } from '../detection/mergeDetection';
import type { FindingsIndex } from '../detection/FindingsIndex';
import { matchesLabels } from './entityQuery';
import { ownerView, readMarker } from '../instrumentation/marker';

/** The parts of a Deployment, StatefulSet, DaemonSet or CronJob this module reads. */
export interface RawWorkload {
  /** The live object, as listed (for planning without another read). */
  object: { metadata?: V1ObjectMeta; spec?: unknown; apiVersion: string; kind: string };
  kind: WorkloadKind;
  metadata: V1ObjectMeta;
  template: V1PodTemplateSpec;
  selector?: Record<string, string>;
  desiredReplicas: number;
  readyReplicas: number;
}

/** Which container runs which strategy, from the template's instrumentation annotation. */
export function instrumentedContainers(
  annotations: Record<string, string> | undefined,
): Record<string, string> {
  const raw = annotations?.[INSTRUMENTATION_ANNOTATION];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as { containers?: Record<string, string> };
    return parsed.containers ?? {};
  } catch {
    return {};
  }
}

function toPod(pod: V1Pod, templateMarker: string | undefined): WorkloadPod {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: pod.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') ?? false,
    node: pod.spec?.nodeName,
    instrumented:
      templateMarker !== undefined &&
      pod.metadata?.annotations?.[INSTRUMENTATION_ANNOTATION] === templateMarker,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
  };
}

/** not-instrumented → applied → rolled-out; `emitting` is decided later, from Tempo. */
export function coverageOf(
  templateMarker: string | undefined,
  pods: WorkloadPod[],
  desired: number,
): CoverageState {
  if (!templateMarker) return 'not-instrumented';
  const ready = pods.filter(p => p.ready);
  const rolledOut =
    ready.length >= desired && ready.length > 0 && ready.every(p => p.instrumented);
  return rolledOut ? 'rolled-out' : 'applied';
}

/** One workload as the API returns it, with its pods and each container's language. */
export function toWorkload(
  cluster: string,
  raw: RawWorkload,
  allPods: V1Pod[],
  findings: FindingsIndex,
): Workload {
  const namespace = raw.metadata.namespace ?? 'default';
  const templateMarker = raw.template.metadata?.annotations?.[INSTRUMENTATION_ANNOTATION];
  const strategies = instrumentedContainers(raw.template.metadata?.annotations);
  const ownPods = allPods.filter(
    p =>
      p.metadata?.namespace === namespace && matchesLabels(raw.selector, p.metadata?.labels),
  );
  const podUids = ownPods.map(p => p.metadata?.uid ?? '').filter(Boolean);
  const pods = ownPods.map(p => toPod(p, templateMarker));
  // Detect from what the owner wrote: the product's own agent is not "another agent".
  const marker = readMarker(raw.template.metadata?.annotations);
  const ownerContainers = (marker ? ownerView(raw.template, marker) : raw.template).spec?.containers ?? [];
  const detect = (name: string) => {
    const spec = ownerContainers.find(c => c.name === name) ?? { name };
    const detection = mergeDetection(spec as ContainerSpec, findings.forContainer(podUids, name));
    return strategies[name]
      ? { ...detection, otherAgents: detection.otherAgents.filter(a => a.vendor !== 'opentelemetry') }
      : detection;
  };
  return {
    cluster,
    namespace,
    kind: raw.kind,
    name: raw.metadata.name ?? '',
    replicas: { desired: raw.desiredReplicas, ready: raw.readyReplicas },
    containers: (raw.template.spec?.containers ?? []).map(c => ({
      name: c.name,
      image: c.image ?? '',
      detection: detect(c.name),
      ...(strategies[c.name] ? { instrumentedWith: strategies[c.name] } : {}),
    })),
    pods,
    coverage: coverageOf(templateMarker, pods, raw.desiredReplicas),
  };
}
