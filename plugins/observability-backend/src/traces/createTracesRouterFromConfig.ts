import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ObservabilityConfig } from '../config/observabilityConfig';
import { createTracesRouter } from './createTracesRouter';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { TempoClient } from './TempoClient';

/** Builds the Tempo and Prometheus clients from the `observability` config, then the router. */
export function createTracesRouterFromConfig(
  config: ObservabilityConfig,
  services: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
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
