import { NotFoundError } from '@backstage/errors';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  VersionApi,
} from '@kubernetes/client-node';
import { SUPPORTED_AUTH_PROVIDERS, type ClusterConfig } from './clusterConfig';

/** API clients for one cluster, built once and reused. */
export interface ClusterClient {
  readonly name: string;
  readonly url: string;
  /** Why this cluster cannot be used, when its config names an unsupported auth provider. */
  readonly unusableReason?: string;
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  readonly objects: KubernetesObjectApi;
  readonly version: VersionApi;
}

function buildKubeConfig(cluster: ClusterConfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [
      cluster.serviceAccountToken
        ? { name: 'backstage', token: cluster.serviceAccountToken }
        : { name: 'backstage' },
    ],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'backstage' }],
    currentContext: cluster.name,
  });
  return kubeConfig;
}

/** The clusters the portal may touch: exactly the configured ones, looked up by name. */
export class ClusterRegistry {
  private readonly clients = new Map<string, ClusterClient>();

  constructor(clusters: ClusterConfig[]) {
    for (const cluster of clusters) {
      const kubeConfig = buildKubeConfig(cluster);
      this.clients.set(cluster.name, {
        name: cluster.name,
        url: cluster.url,
        unusableReason: SUPPORTED_AUTH_PROVIDERS.includes(cluster.authProvider)
          ? undefined
          : `authProvider '${cluster.authProvider}' is not supported by the observability plugin (use serviceAccount)`,
        kubeConfig,
        core: kubeConfig.makeApiClient(CoreV1Api),
        apps: kubeConfig.makeApiClient(AppsV1Api),
        batch: kubeConfig.makeApiClient(BatchV1Api),
        objects: KubernetesObjectApi.makeApiClient(kubeConfig),
        version: kubeConfig.makeApiClient(VersionApi),
      });
    }
  }

  list(): ClusterClient[] {
    return [...this.clients.values()];
  }

  /** The named cluster; an unknown name is a 404 that names the known clusters. */
  get(name: string): ClusterClient {
    const client = this.clients.get(name);
    if (!client) {
      const known = [...this.clients.keys()].join(', ') || 'none configured';
      throw new NotFoundError(`Unknown cluster '${name}' (known: ${known})`);
    }
    return client;
  }
}
