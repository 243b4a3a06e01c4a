/**
 * Maps a process to its container and pod from /proc/<pid>/cgroup. Handles cgroup v1 and v2, the
 * systemd and cgroupfs drivers, and the containerd, CRI-O and Docker naming:
 *
 *   v2 systemd, containerd  0::/kubepods.slice/kubepods-burstable.slice/
 *                              kubepods-burstable-pod<uid_with_underscores>.slice/cri-containerd-<id>.scope
 *   v2 systemd, CRI-O       0::/kubepods.slice/.../kubepods-pod<uid>.slice/crio-<id>.scope
 *   v1 cgroupfs             4:memory:/kubepods/besteffort/pod<uid>/<id>
 *   Docker (no pod)         0::/system.slice/docker-<id>.scope, or 4:cpu:/docker/<id>
 *
 * Paths may be relative to the reader's cgroup namespace ("/../../kubepods..."), and nested
 * (kind nodes run kubelet inside Docker); the innermost container wins.
 */

export type ContainerRuntime = 'containerd' | 'cri-o' | 'docker' | 'unknown';

export interface CgroupInfo {
  /** 64 hex digits. */
  containerId?: string;
  /** Pod UID with dashes (systemd's underscores restored). */
  podUid?: string;
  runtime?: ContainerRuntime;
  qosClass?: 'guaranteed' | 'burstable' | 'besteffort';
  cgroupVersion?: 1 | 2;
  /** The cgroup path the ids came from. */
  path?: string;
}

const POD_UID =
  /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?(?=\/|$)/g;
const CONTAINER_PATTERNS: Array<{ re: RegExp; runtime: ContainerRuntime }> = [
  {
    re: /(?:^|\/)cri-containerd-([0-9a-f]{64})\.scope(?=\/|$)/g,
    runtime: 'containerd',
  },
  { re: /(?:^|\/)crio-([0-9a-f]{64})(?:\.scope)?(?=\/|$)/g, runtime: 'cri-o' },
  { re: /(?:^|\/)docker-([0-9a-f]{64})\.scope(?=\/|$)/g, runtime: 'docker' },
  { re: /(?:^|\/)docker\/([0-9a-f]{64})(?=\/|$)/g, runtime: 'docker' },
  // cgroupfs driver under kubepods: the bare id (containerd, or Docker via cri-dockerd).
  { re: /\/pod[0-9a-f-]{36}\/([0-9a-f]{64})(?=\/|$)/g, runtime: 'unknown' },
];

function lastMatch(
  re: RegExp,
  s: string,
): { id: string; index: number } | undefined {
  let found: { id: string; index: number } | undefined;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s))
    found = { id: m[1], index: m.index };
  return found;
}

/** Parses one cgroup path (the part after "hierarchy:controllers:"). */
export function parseCgroupPath(
  path: string,
): Omit<CgroupInfo, 'cgroupVersion'> {
  const out: Omit<CgroupInfo, 'cgroupVersion'> = {};
  let best:
    | { id: string; index: number; runtime: ContainerRuntime }
    | undefined;
  for (const { re, runtime } of CONTAINER_PATTERNS) {
    const m = lastMatch(re, path);
    if (m && (!best || m.index > best.index)) best = { ...m, runtime };
  }
  // conmon (CRI-O's monitor) lives in crio-conmon-<id>.scope: not a container process.
  if (best && !/crio-conmon-/.test(path.slice(best.index, best.index + 20))) {
    out.containerId = best.id;
    out.runtime = best.runtime;
  }
  const pod = lastMatch(POD_UID, path);
  if (pod) {
    out.podUid = pod.id.replace(/_/g, '-');
    const qos = /kubepods[-/.](?:slice\/kubepods-)?(burstable|besteffort)/.exec(
      path,
    );
    out.qosClass = (qos?.[1] as CgroupInfo['qosClass']) ?? 'guaranteed';
  }
  if (out.containerId || out.podUid) out.path = path;
  return out;
}

/** Parses the whole /proc/<pid>/cgroup file. */
export function parseCgroupFile(text: string): CgroupInfo {
  let fallback: CgroupInfo | undefined;
  for (const line of text.split('\n')) {
    // "hierarchy-ID:controller-list:cgroup-path"; the path itself may contain ':'.
    const first = line.indexOf(':');
    const second = first >= 0 ? line.indexOf(':', first + 1) : -1;
    if (second < 0) continue;
    const version: 1 | 2 = line.slice(0, second) === '0:' ? 2 : 1;
    const info = parseCgroupPath(line.slice(second + 1));
    if (info.containerId && info.podUid)
      return { ...info, cgroupVersion: version };
    if (!fallback && (info.containerId || info.podUid))
      fallback = { ...info, cgroupVersion: version };
  }
  return fallback ?? {};
}
