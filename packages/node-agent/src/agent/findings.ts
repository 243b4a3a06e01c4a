import type { DetectionResult } from '../types';

export const FINDINGS_NAMESPACE = 'observability-system';
export const FINDINGS_KEY = 'findings.json';
export const FINDINGS_NAME_PREFIX = 'observability-node-';
export const FINDINGS_LABELS = {
  'app.kubernetes.io/name': 'observability-node-agent',
  'app.kubernetes.io/component': 'findings',
  'app.kubernetes.io/managed-by': 'backstage-observability',
};

/** A detection result as published: the process's stable facts plus its pid. */
export type ProcessFinding = Pick<
  DetectionResult,
  | 'pid'
  | 'language'
  | 'runtimeVersion'
  | 'libc'
  | 'otherAgents'
  | 'confidence'
  | 'evidence'
> & { exe?: string };

export interface ContainerFindings {
  podUid: string;
  namespace?: string;
  pod?: string;
  container?: string;
  containerId: string;
  processes: ProcessFinding[];
}

/** The content of data["findings.json"] in ConfigMap observability-node-<nodeName>. */
export interface NodeFindings {
  node: string;
  /** ISO 8601. */
  updatedAt: string;
  agentVersion: string;
  containers: ContainerFindings[];
}

/** ConfigMap names allow [a-z0-9.-]; node names already fit (DNS subdomains). */
export function findingsConfigMapName(nodeName: string): string {
  return `${FINDINGS_NAME_PREFIX}${nodeName.toLowerCase()}`;
}

export function toProcessFinding(r: DetectionResult): ProcessFinding {
  const f: ProcessFinding = {
    pid: r.pid,
    language: r.language,
    runtimeVersion: r.runtimeVersion,
    libc: r.libc,
    otherAgents: r.otherAgents,
    confidence: r.confidence,
    evidence: r.evidence,
  };
  if (r.exe) f.exe = r.exe;
  return f;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a findings ConfigMap (as returned by the kube API). Returns undefined when it is not one
 * or its JSON is malformed; drops malformed container entries instead of failing the whole node.
 */
export function parseFindingsConfigMap(
  configMap: unknown,
): NodeFindings | undefined {
  if (!isObject(configMap)) return undefined;
  const data = configMap.data;
  if (!isObject(data) || typeof data[FINDINGS_KEY] !== 'string')
    return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data[FINDINGS_KEY] as string);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || typeof parsed.node !== 'string') return undefined;
  const containers: ContainerFindings[] = [];
  for (const c of Array.isArray(parsed.containers) ? parsed.containers : []) {
    if (
      !isObject(c) ||
      typeof c.podUid !== 'string' ||
      typeof c.containerId !== 'string'
    )
      continue;
    const processes = (Array.isArray(c.processes) ? c.processes : []).filter(
      (p: unknown): p is ProcessFinding =>
        isObject(p) &&
        typeof p.pid === 'number' &&
        typeof p.language === 'string',
    );
    containers.push({
      podUid: c.podUid,
      containerId: c.containerId,
      ...(typeof c.namespace === 'string' ? { namespace: c.namespace } : {}),
      ...(typeof c.pod === 'string' ? { pod: c.pod } : {}),
      ...(typeof c.container === 'string' ? { container: c.container } : {}),
      processes,
    });
  }
  return {
    node: parsed.node,
    updatedAt: typeof parsed.updatedAt === 'string' ? parsed.updatedAt : '',
    agentVersion:
      typeof parsed.agentVersion === 'string' ? parsed.agentVersion : '',
    containers,
  };
}
