import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ServiceGraph,
  Trace,
} from '@internal/plugin-observability-common';
import { describeError } from '../util/withTimeout';
import type { PrometheusClient } from './prometheus/PrometheusClient';
import { serviceGraphQueries } from './prometheus/promql';
import {
  serviceGraphFromMetrics,
  serviceGraphFromTraces,
} from './serviceGraphModel';
import type { TempoClient } from './TempoClient';
import { TtlCache } from './TtlCache';

/** How many recent traces the fallback graph and the propagation check read. */
export const SAMPLED_TRACES = 20;

/** Fetches up to `limit` recent traces that touch `service`; unreadable ones are skipped. */
export async function sampleTraces(
  tempo: TempoClient,
  service: string,
  windowMinutes: number,
  limit: number,
  now = Date.now(),
): Promise<Trace[]> {
  const end = Math.floor(now / 1000);
  const found = await tempo.search(
    {
      service,
      status: 'any',
      attributes: [],
      limit,
      start: end - windowMinutes * 60,
      end,
    },
    now,
  );
  const settled = await Promise.allSettled(
    found.traces.map(t => tempo.getTrace(t.traceId)),
  );
  return settled.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []));
}

/**
 * The neighbourhood of a service: from Tempo's service-graph metrics in Prometheus when they
 * exist, otherwise from a sample of recent traces (with a notice saying so).
 */
export class ServiceGraphService {
  private readonly cache = new TtlCache<ServiceGraph>(30_000);

  constructor(
    private readonly options: {
      tempo?: TempoClient;
      prometheus?: PrometheusClient;
      logger: LoggerService;
    },
  ) {}

  get(service: string, windowMinutes: number): Promise<ServiceGraph> {
    return this.cache.get(`${service}\u0000${windowMinutes}`, () =>
      this.compute(service, windowMinutes),
    );
  }

  private async compute(
    service: string,
    windowMinutes: number,
  ): Promise<ServiceGraph> {
    const { tempo, prometheus } = this.options;
    let notice: string;
    if (prometheus) {
      try {
        const q = serviceGraphQueries(service, windowMinutes);
        const [requests, failed, p90] = await Promise.all([
          prometheus.query(q.requests),
          prometheus.query(q.failed),
          prometheus.query(q.p90),
        ]);
        if (requests.length > 0) {
          return serviceGraphFromMetrics(service, windowMinutes, {
            requests,
            failed,
            p90,
          });
        }
        notice = `Prometheus has no service-graph metrics for ${service} in the last ${windowMinutes} minutes (is Tempo's metrics-generator enabled?).`;
      } catch (error) {
        this.options.logger.warn(
          `Service graph metrics for ${service}: ${describeError(error)}`,
        );
        notice = `Prometheus could not be read: ${describeError(error)}.`;
      }
    } else {
      notice = 'No Prometheus is configured (observability.prometheus).';
    }
    if (!tempo) {
      return {
        service,
        source: 'metrics',
        windowMinutes,
        nodes: [{ id: service, virtual: false }],
        edges: [],
        notice: `${notice} No Tempo is configured either.`,
      };
    }
    const traces = await sampleTraces(
      tempo,
      service,
      windowMinutes,
      SAMPLED_TRACES,
    );
    return {
      ...serviceGraphFromTraces(service, windowMinutes, traces),
      notice: `${notice} Built from ${traces.length} sampled trace(s); rates are lower bounds.`,
    };
  }
}
