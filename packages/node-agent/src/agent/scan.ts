import { placeProcess, PodRef, ProcessPlacement } from '../cgroup/mapper';
import type { Detector } from '../detect';
import { ContainerFindings, toProcessFinding } from './findings';

/** Busy containers (pre-forking servers) could list hundreds of identical workers. */
export const MAX_PROCESSES_PER_CONTAINER = 20;

/**
 * Detects every process that runs in a pod container on this node and groups the results by
 * container. The cgroup is read first, so host processes and pod sandboxes ("pause") cost one
 * small read each.
 */
export function scanContainers(
  detector: Detector,
  pods: ReadonlyMap<string, PodRef>,
  options: { excludePids?: number[] } = {},
): ContainerFindings[] {
  const exclude = new Set(options.excludePids ?? []);
  const placements = new Map<number, ProcessPlacement>();
  const results = detector.scanAll(pid => {
    if (exclude.has(pid)) return false;
    const p = placeProcess(detector.proc, pid, pods);
    if (!p?.podUid || !p.containerId || p.sandbox) return false;
    placements.set(pid, p);
    return true;
  });

  const byContainer = new Map<string, ContainerFindings>();
  for (const r of results) {
    const p = placements.get(r.pid);
    if (!p?.containerId || !p.podUid) continue;
    let c = byContainer.get(p.containerId);
    if (!c) {
      c = {
        podUid: p.podUid,
        ...(p.namespace ? { namespace: p.namespace } : {}),
        ...(p.pod ? { pod: p.pod } : {}),
        ...(p.container ? { container: p.container } : {}),
        containerId: p.containerId,
        processes: [],
      };
      byContainer.set(p.containerId, c);
    }
    if (c.processes.length < MAX_PROCESSES_PER_CONTAINER)
      c.processes.push(toProcessFinding(r));
  }
  const key = (c: ContainerFindings) =>
    `${c.namespace ?? ''}/${c.pod ?? ''}/${c.container ?? ''}/${c.containerId}`;
  return [...byContainer.values()].sort((a, b) => key(a).localeCompare(key(b)));
}
