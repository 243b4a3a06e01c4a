import type { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { METRICS_PORT, NAMESPACE } from '../collector/constants';
import type { PodMetricsReader } from './spanFlow';

/**
 * Reads a collector pod's own metrics through the API server's pod proxy
 * (`pods/proxy` in the product's namespace, see rbac/portal-rbac.yaml). One pod per call: a
 * Service proxy would land on any one pod of the gateway and mix their counters.
 */
export function kubePodMetricsReader(registry: ClusterRegistry): PodMetricsReader {
  return async (cluster, pod) => {
    const { core } = registry.get(cluster);
    const text = await core.connectGetNamespacedPodProxyWithPath({
      name: `${pod}:${METRICS_PORT}`,
      namespace: NAMESPACE,
      path: 'metrics',
    });
    return String(text);
  };
}
