import { NotFoundError } from '@backstage/errors';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  createConfiguration,
  KubeConfig,
  KubernetesObjectApi,
  ServerConfiguration,
  VersionApi,
  type Configuration,
} from '@kubernetes/client-node';
import { boundedHttpLibrary } from './boundedHttp';
import { SUPPORTED_AUTH_PROVIDERS, type ClusterConfig } from './clusterConfig';

/** The `observability.requestTimeoutMs` default, for callers that build a registry directly. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

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
        // The client refuses plain-HTTP servers unless told there is no TLS to verify; a
        // kubectl proxy (the localKubectlProxy locator) is plain HTTP.
        skipTLSVerify: cluster.skipTLSVerify || cluster.url.startsWith('http:'),
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

/**
 * What `KubeConfig.makeApiClient` builds, plus the bounded HTTP library: one configuration
 * per cluster, so every call any client makes (list, read, apply, patch) has the timeout.
 */
function apiConfiguration(cluster: ClusterConfig, kubeConfig: KubeConfig, timeoutMs: number): Configuration {
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.url, {}),
    authMethods: { default: kubeConfig },
    httpApi: boundedHttpLibrary(cluster.name, timeoutMs),
  });
}

/** The clusters the portal may touch: exactly the configured ones, looked up by name. */
export class ClusterRegistry {
  private readonly clients = new Map<string, ClusterClient>();

  /** `requestTimeoutMs` bounds every request to a cluster; a late request is aborted. */
  constructor(
    clusters: ClusterConfig[],
    options: { requestTimeoutMs?: number } = {},
  ) {
    const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    for (const cluster of clusters) {
      const kubeConfig = buildKubeConfig(cluster);
      const configuration = apiConfiguration(cluster, kubeConfig, timeoutMs);
      this.clients.set(cluster.name, {
        name: cluster.name,
        url: cluster.url,
        unusableReason: SUPPORTED_AUTH_PROVIDERS.includes(cluster.authProvider)
          ? undefined
          : `authProvider '${cluster.authProvider}' is not supported by the observability plugin (use serviceAccount)`,
        kubeConfig,
        core: new CoreV1Api(configuration),
        apps: new AppsV1Api(configuration),
        batch: new BatchV1Api(configuration),
        // The context names no namespace, so the object API's default stays `default`.
        objects: new KubernetesObjectApi(configuration),
        version: new VersionApi(configuration),
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
