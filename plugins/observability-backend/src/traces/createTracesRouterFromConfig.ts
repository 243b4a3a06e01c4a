import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ObservabilityConfig } from '../config/observabilityConfig';
import type { EntityAccess } from '../entities/EntityAccess';
import { createTracesRouter } from './createTracesRouter';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { TempoClient } from './TempoClient';

/** Builds the Tempo and Prometheus clients from the `observability` config, then the router. */
export function createTracesRouterFromConfig(
  config: ObservabilityConfig,
  services: {
    httpAuth: HttpAuthService;
    entities: Pick<EntityAccess, 'load'>;
    logger: LoggerService;
  },
) {
  const timeoutMs = config.requestTimeoutMs;
  return createTracesRouter({
    ...services,
    tempo: config.tempo
      ? new TempoClient({ ...config.tempo, timeoutMs })
      : undefined,
    prometheus: config.prometheus
      ? new PrometheusClient({ ...config.prometheus, timeoutMs })
      : undefined,
    grafana: config.grafana,
  });
}
