import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ObservabilityConfig } from '../config/observabilityConfig';
import type { EntityAccess } from '../entities/EntityAccess';
import type { WorkloadResolver } from '../workloads/WorkloadResolver';
import { createTracesRouter } from './createTracesRouter';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { TempoClient } from './TempoClient';

/** Builds the Tempo clients (global and per cluster) and the Prometheus client from the `observability` config, then the router. */
export function createTracesRouterFromConfig(
  config: ObservabilityConfig,
  services: {
    httpAuth: HttpAuthService;
    entities: Pick<EntityAccess, 'load'>;
    logger: LoggerService;
    /** Finds the clusters an entity runs in, to pick its per-cluster Tempo. */
    workloads?: Pick<WorkloadResolver, 'resolve'>;
  },
) {
  const timeoutMs = config.requestTimeoutMs;
  return createTracesRouter({
    ...services,
    tempo: config.tempo
      ? new TempoClient({ ...config.tempo, timeoutMs })
      : undefined,
    tempoByCluster: Object.fromEntries(
      Object.entries(config.tempoClusters ?? {}).map(([cluster, tempo]) => [
        cluster,
        new TempoClient({ ...tempo, timeoutMs }),
      ]),
    ),
    prometheus: config.prometheus
      ? new PrometheusClient({ ...config.prometheus, timeoutMs })
      : undefined,
    grafana: config.grafana,
  });
}
