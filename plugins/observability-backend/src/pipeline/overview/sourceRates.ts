import type { PrometheusClient, VectorSample } from '../../traces/prometheus/PrometheusClient';
import { SPAN_METRICS } from '../../traces/prometheus/promql';

/** Window of the per-source rates. */
export const SOURCE_RATE_WINDOW = '5m';

/** Tempo's span-metrics label for `k8s.cluster.name`, when that dimension is configured. */
export const CLUSTER_LABEL = 'k8s_cluster_name';

/** Spans per second per `service` from Tempo's span metrics, split by cluster where labelled. */
export interface ServiceRates {
  byService: Map<string, { byCluster: Map<string, number>; unlabelled?: number }>;
}

/**
 * All services in one query (`sum by (service, k8s_cluster_name)`), filtered in code: no
 * service name is ever spliced into PromQL.
 */
export const SOURCE_RATES_QUERY = `sum by (service, ${CLUSTER_LABEL}) (rate(${SPAN_METRICS.calls}[${SOURCE_RATE_WINDOW}]))`;

export function parseServiceRates(samples: VectorSample[]): ServiceRates {
  const byService: ServiceRates['byService'] = new Map();
  for (const { labels, value } of samples) {
    const service = labels.service;
    if (!service) continue;
    const entry = byService.get(service) ?? { byCluster: new Map<string, number>() };
    const cluster = labels[CLUSTER_LABEL];
    if (cluster) entry.byCluster.set(cluster, (entry.byCluster.get(cluster) ?? 0) + value);
    else entry.unlabelled = (entry.unlabelled ?? 0) + value;
    byService.set(service, entry);
  }
  return { byService };
}

/**
 * A service's rate in one cluster: its cluster-labelled series when there is one, else the
 * series without a cluster label, which counts the service name in every cluster (`allClusters`).
 */
export function rateOfService(
  rates: ServiceRates,
  service: string,
  cluster: string,
): { perSecond: number; allClusters: boolean } | undefined {
  const entry = rates.byService.get(service);
  if (!entry) return undefined;
  const inCluster = entry.byCluster.get(cluster);
  if (inCluster !== undefined) return { perSecond: inCluster, allClusters: false };
  if (entry.unlabelled !== undefined) return { perSecond: entry.unlabelled, allClusters: true };
  return undefined;
}

/** Reads every service's span rate (throws when Prometheus cannot be read). */
export type SourceRateReader = () => Promise<ServiceRates>;

export function prometheusSourceRates(prometheus: PrometheusClient): SourceRateReader {
  return async () => parseServiceRates(await prometheus.query(SOURCE_RATES_QUERY));
}
