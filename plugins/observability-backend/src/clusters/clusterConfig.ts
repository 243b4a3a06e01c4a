import type { Config } from '@backstage/config';
import { readFileSync } from 'node:fs';

/** One cluster, as the Kubernetes plugin's `config` cluster locator describes it. */
export interface ClusterConfig {
  name: string;
  url: string;
  /** `serviceAccount` (a bearer token) is what the product supports today. */
  authProvider: string;
  /** Bearer token. Never logged or returned by any API. */
  serviceAccountToken?: string;
  /** PEM CA bundle, base64-encoded as in the Kubernetes plugin's `caData`. */
  caData?: string;
  skipTLSVerify: boolean;
}

/** Auth providers the backend can use with a token it reads from config. */
export const SUPPORTED_AUTH_PROVIDERS = ['serviceAccount', 'localKubectlProxy'];

/**
 * Reads clusters from `kubernetes.clusterLocatorMethods`, the section Backstage's
 * Kubernetes plugin reads, so a platform team configures each cluster once.
 * Locators other than `config` and `localKubectlProxy` discover clusters at run time
 * (catalog, GKE); they are reported through `warnings` instead of failing start-up.
 */
export function readClusterConfigs(config: Config): {
  clusters: ClusterConfig[];
  warnings: string[];
} {
  const clusters: ClusterConfig[] = [];
  const warnings: string[] = [];
  const methods = config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  );
  for (const [index, method] of (methods ?? []).entries()) {
    const type = method.getString('type');
    if (type === 'localKubectlProxy') {
      clusters.push({
        name: 'local',
        url: 'http://localhost:8001',
        authProvider: 'localKubectlProxy',
        skipTLSVerify: false,
      });
      continue;
    }
    if (type !== 'config') {
      warnings.push(
        `kubernetes.clusterLocatorMethods[${index}]: locator type '${type}' is not supported by the observability plugin; its clusters are ignored`,
      );
      continue;
    }
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const caFile = cluster.getOptionalString('caFile');
      clusters.push({
        name,
        url: cluster.getString('url').replace(/\/+$/, ''),
        authProvider: cluster.getOptionalString('authProvider') ?? 'serviceAccount',
        serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
        caData:
          cluster.getOptionalString('caData') ??
          (caFile ? readFileSync(caFile).toString('base64') : undefined),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      });
    }
  }
  const seen = new Set<string>();
  for (const cluster of clusters) {
    if (seen.has(cluster.name)) {
      throw new Error(
        `Invalid kubernetes config: cluster name '${cluster.name}' is used twice in kubernetes.clusterLocatorMethods`,
      );
    }
    seen.add(cluster.name);
  }
  return { clusters, warnings };
}
