import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CoverageSignals,
  Trace,
} from '@internal/plugin-observability-common';
import { describeError } from '../util/withTimeout';
import type { PrometheusClient } from './prometheus/PrometheusClient';
import { spanMetricsQueries } from './prometheus/promql';
import type { TempoClient } from './TempoClient';
import { TtlCache } from './TtlCache';

/** Traces fetched whole to look for broken propagation. */
const PROPAGATION_SAMPLE = 10;
/** Search hits used to estimate rates when span metrics are absent. */
const SEARCH_SAMPLE = 200;

/** Orphan spans of `service` (their parent never arrived) over the sampled traces. */
export function brokenPropagation(
  service: string,
  traces: Trace[],
): CoverageSignals['brokenPropagation'] {
  let orphanSpans = 0;
  let sampledSpans = 0;
  for (const trace of traces) {
    const ids = new Set(trace.spans.map(s => s.spanId));
    const own = trace.spans.filter(s => s.serviceName === service);
    sampledSpans += own.length;
    orphanSpans += own.filter(
      s => s.parentSpanId && !ids.has(s.parentSpanId),
    ).length;
  }
  return { orphanSpans, sampledSpans, sampledTraces: traces.length };
}

/**
 * Coverage signals per service. Rates, errors and operations come from the span-metrics series
 * in Prometheus (exact) when present, else are estimated from a Tempo search sample; the last
 * span seen and broken propagation always come from Tempo. Cached for a minute per service.
 */
export class CoverageSignalsService {
  private readonly cache = new TtlCache<CoverageSignals>(60_000);

  constructor(
    private readonly options: {
      tempo: TempoClient;
      prometheus?: PrometheusClient;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  get(service: string, windowMinutes: number): Promise<CoverageSignals> {
    return this.cache.get(`${service}\u0000${windowMinutes}`, () =>
      this.compute(service, windowMinutes),
    );
  }

  private async compute(
    service: string,
    windowMinutes: number,
  ): Promise<CoverageSignals> {
    const now = this.options.now?.() ?? Date.now();
    const end = Math.floor(now / 1000);
    const search = await this.options.tempo.search(
      {
        service,
        status: 'any',
        attributes: [],
        limit: SEARCH_SAMPLE,
        start: end - windowMinutes * 60,
        end,
      },
      now,
    );
    const newest = search.traces.reduce(
      (max, t) => Math.max(max, t.startUs + t.durationMs * 1000),
      0,
    );
    const recent = [...search.traces]
      .sort((a, b) => b.startUs - a.startUs)
      .slice(0, PROPAGATION_SAMPLE);
    const traces = (
      await Promise.allSettled(
        recent.map(t => this.options.tempo.getTrace(t.traceId)),
      )
    ).flatMap(r => (r.status === 'fulfilled' ? [r.value] : []));

    const base = {
      service,
      windowMinutes,
      lastSpanSeen: newest > 0 ? new Date(newest / 1000).toISOString() : null,
      brokenPropagation: brokenPropagation(service, traces),
      computedAt: new Date(now).toISOString(),
    };

    let notice: string | undefined;
    if (this.options.prometheus) {
      try {
        const fromMetrics = await this.fromSpanMetrics(service, windowMinutes);
        if (fromMetrics)
          return { ...base, ...fromMetrics, source: 'span-metrics' };
        notice =
          'No span metrics in Prometheus for this service; rates are estimated from recent traces.';
      } catch (error) {
        this.options.logger.warn(
          `Span metrics for ${service}: ${describeError(error)}`,
        );
        notice = `Prometheus could not be read (${describeError(
          error,
        )}); rates are estimated from recent traces.`;
      }
    }
    // Estimate from the search: spans of this service in the hits, over the window.
    let spans = 0;
    let errors = 0;
    const operations = new Set<string>();
    for (const trace of search.traces) {
      spans += trace.serviceStats[service]?.spanCount ?? 0;
      errors += trace.serviceStats[service]?.errorCount ?? 0;
    }
    for (const trace of traces) {
      for (const span of trace.spans)
        if (span.serviceName === service) operations.add(span.name);
    }
    return {
      ...base,
      source: 'search-sample',
      spansPerMinute: spans / windowMinutes,
      errorRatio: spans > 0 ? Math.min(1, errors / spans) : 0,
      distinctOperations: operations.size,
      ...(notice ? { notice } : {}),
    };
  }

  private async fromSpanMetrics(service: string, windowMinutes: number) {
    const prometheus = this.options.prometheus!;
    const q = spanMetricsQueries(service, windowMinutes);
    const [calls, errors, operations] = await Promise.all([
      prometheus.query(q.callsPerSecond),
      prometheus.query(q.errorsPerSecond),
      prometheus.query(q.distinctOperations),
    ]);
    if (calls.length === 0) return undefined;
    const callsPerSecond = calls[0].value;
    const errorsPerSecond = errors[0]?.value ?? 0;
    return {
      spansPerMinute: callsPerSecond * 60,
      errorRatio:
        callsPerSecond > 0 ? Math.min(1, errorsPerSecond / callsPerSecond) : 0,
      distinctOperations: Math.round(operations[0]?.value ?? 0),
    };
  }
}
