import { parse } from 'yaml';

/** A workload the control plane routes to the eBPF agent (Go, Rust, C++). */
export interface EbpfWorkload {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
}

/** One `discovery.instrument` entry of the OBI config. */
export type EbpfSelector = { k8s_namespace: string } & Partial<
  Record<
    | 'k8s_deployment_name'
    | 'k8s_statefulset_name'
    | 'k8s_daemonset_name'
    | 'k8s_cronjob_name'
    | 'k8s_owner_name',
    string
  >
>;

const KIND_ATTRIBUTE: Record<string, keyof EbpfSelector> = {
  deployment: 'k8s_deployment_name',
  statefulset: 'k8s_statefulset_name',
  daemonset: 'k8s_daemonset_name',
  cronjob: 'k8s_cronjob_name',
  job: 'k8s_owner_name',
};

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function selectorFor(w: EbpfWorkload): EbpfSelector {
  const attribute = KIND_ATTRIBUTE[w.kind.toLowerCase()];
  if (!attribute) throw new Error(`eBPF discovery: unsupported workload kind '${w.kind}'`);
  // Names are validated Kubernetes names: no glob or regex metacharacters, so they match exactly.
  if (!DNS_NAME.test(w.namespace) || !DNS_NAME.test(w.name)) {
    throw new Error(`eBPF discovery: invalid workload ${w.namespace}/${w.name}`);
  }
  return { k8s_namespace: w.namespace, [attribute]: w.name } as EbpfSelector;
}

/**
 * The `discovery` section of the eBPF agent's config per cluster: one `instrument` rule per
 * workload, sorted and de-duplicated so identical input gives identical config (and checksum).
 */
export function renderEbpfDiscovery(
  workloads: EbpfWorkload[],
): Record<string, { instrument: EbpfSelector[] }> {
  const byCluster = new Map<string, Map<string, EbpfSelector>>();
  for (const w of workloads) {
    const selector = selectorFor(w);
    const key = JSON.stringify(selector);
    if (!byCluster.has(w.cluster)) byCluster.set(w.cluster, new Map());
    byCluster.get(w.cluster)!.set(key, selector);
  }
  const out: Record<string, { instrument: EbpfSelector[] }> = {};
  for (const [cluster, selectors] of byCluster) {
    out[cluster] = {
      instrument: [...selectors.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, s]) => s),
    };
  }
  return out;
}

/** Reads the workloads back from a rendered agent config (so upgrades keep them). */
export function parseEbpfWorkloads(cluster: string, configYaml: string | undefined): EbpfWorkload[] {
  if (!configYaml) return [];
  const doc = parse(configYaml) as { discovery?: { instrument?: EbpfSelector[] } } | null;
  const out: EbpfWorkload[] = [];
  for (const s of doc?.discovery?.instrument ?? []) {
    for (const [kind, attribute] of Object.entries(KIND_ATTRIBUTE)) {
      const name = s[attribute as keyof EbpfSelector];
      if (name && s.k8s_namespace) out.push({ cluster, namespace: s.k8s_namespace, kind, name });
    }
  }
  return out;
}
