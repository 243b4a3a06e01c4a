import type { StackInfo } from '@internal/test-stack';
import type { ClusterConfig } from '../clusters/clusterConfig';
import { ClusterRegistry } from '../clusters/ClusterRegistry';

/**
 * The local stack's cluster as the portal sees it: the restricted ServiceAccount bound to
 * rbac/portal-rbac.yaml, so integration tests exercise the product's own RBAC.
 */
export function localStackClusterConfig(info: StackInfo, name = 'local'): ClusterConfig {
  return {
    name,
    url: info.apiServerUrl,
    authProvider: 'serviceAccount',
    serviceAccountToken: info.restricted.token,
    caData: Buffer.from(info.caCertPem).toString('base64'),
    skipTLSVerify: false,
  };
}

export function localStackRegistry(info: StackInfo, extra: ClusterConfig[] = []): ClusterRegistry {
  return new ClusterRegistry([localStackClusterConfig(info), ...extra]);
}
