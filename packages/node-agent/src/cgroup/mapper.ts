import type { ProcFs } from '../proc/procfs';
import { CgroupInfo, parseCgroupFile } from './parse';

/** What the kube API says about a pod, reduced to what mapping needs. */
export interface PodRef {
  uid: string;
  namespace: string;
  name: string;
  /** containerId (64 hex, no runtime prefix) -> container name, for all kinds of containers. */
  containers: Map<string, string>;
}

/** Reduces a v1 Pod object to a PodRef. */
export function podRefFromObject(pod: unknown): PodRef | undefined {
  const p = pod as {
    metadata?: { uid?: string; namespace?: string; name?: string };
    status?: Record<string, unknown>;
  };
  const uid = p?.metadata?.uid;
  if (typeof uid !== 'string') return undefined;
  const containers = new Map<string, string>();
  for (const key of [
    'containerStatuses',
    'initContainerStatuses',
    'ephemeralContainerStatuses',
  ]) {
    const list = p.status?.[key];
    if (!Array.isArray(list)) continue;
    for (const s of list as Array<{ name?: string; containerID?: string }>) {
      const id = stripRuntimePrefix(s?.containerID);
      if (id && typeof s.name === 'string') containers.set(id, s.name);
    }
  }
  return {
    uid,
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    containers,
  };
}

/** "containerd://abc..." -> "abc...". */
export function stripRuntimePrefix(id: string | undefined): string | undefined {
  if (typeof id !== 'string' || id.length === 0) return undefined;
  const i = id.indexOf('://');
  return i >= 0 ? id.slice(i + 3) : id;
}

export interface ProcessPlacement extends CgroupInfo {
  namespace?: string;
  pod?: string;
  container?: string;
  /** True when the pod is known and lists no such container: the pod sandbox ("pause"). */
  sandbox?: boolean;
}

/** Reads a process's cgroup and names its pod and container from the known pods. */
export function placeProcess(
  proc: ProcFs,
  pid: number,
  pods: ReadonlyMap<string, PodRef>,
): ProcessPlacement | undefined {
  let text: string;
  try {
    text = proc.cgroup(pid);
  } catch {
    return undefined;
  }
  const info = parseCgroupFile(text);
  if (!info.podUid) return info.containerId ? info : undefined;
  const pod = pods.get(info.podUid);
  if (!pod) return info;
  const container = info.containerId
    ? pod.containers.get(info.containerId)
    : undefined;
  return {
    ...info,
    namespace: pod.namespace,
    pod: pod.name,
    container,
    sandbox:
      info.containerId !== undefined &&
      container === undefined &&
      pod.containers.size > 0,
  };
}
