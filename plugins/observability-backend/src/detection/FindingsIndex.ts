import {
  FINDINGS_NAMESPACE,
  parseFindingsConfigMap,
  type ProcessFinding,
} from '@internal/node-agent';
import type { CoreV1Api } from '@kubernetes/client-node';

/** Label selector of the ConfigMaps the node agents publish, one per node. */
export const FINDINGS_SELECTOR =
  'app.kubernetes.io/name=observability-node-agent,app.kubernetes.io/component=findings';

/** The node agents' findings in one cluster, looked up by pod UID and container name. */
export class FindingsIndex {
  private constructor(private readonly byContainer: Map<string, ProcessFinding[]>) {}

  static empty(): FindingsIndex {
    return new FindingsIndex(new Map());
  }

  /** Builds the index from ConfigMap objects; malformed ones are skipped, not fatal. */
  static fromConfigMaps(configMaps: unknown[]): FindingsIndex {
    const byContainer = new Map<string, ProcessFinding[]>();
    for (const configMap of configMaps) {
      const node = parseFindingsConfigMap(configMap);
      for (const container of node?.containers ?? []) {
        if (!container.container) continue;
        const key = `${container.podUid}/${container.container}`;
        byContainer.set(key, [...(byContainer.get(key) ?? []), ...container.processes]);
      }
    }
    return new FindingsIndex(byContainer);
  }

  /**
   * Reads the findings ConfigMaps. A cluster without the node agent (namespace missing, or
   * RBAC not granted yet) has no findings rather than an error: pod-spec guesses still work.
   */
  static async load(core: CoreV1Api): Promise<FindingsIndex> {
    try {
      const list = await core.listNamespacedConfigMap({
        namespace: FINDINGS_NAMESPACE,
        labelSelector: FINDINGS_SELECTOR,
      });
      return FindingsIndex.fromConfigMaps(list.items);
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === 403 || code === 404) return FindingsIndex.empty();
      throw error;
    }
  }

  /** Findings for one container across the given pods. */
  forContainer(podUids: string[], container: string): ProcessFinding[] {
    return podUids.flatMap(uid => this.byContainer.get(`${uid}/${container}`) ?? []);
  }
}
