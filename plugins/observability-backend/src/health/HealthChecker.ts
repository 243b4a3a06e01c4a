import type { EndpointHealth, HealthResponse } from '@internal/plugin-observability-common';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ObservabilityConfig } from '../config/observabilityConfig';
import { describeError, withTimeout } from '../util/withTimeout';

async function measure(
  name: string,
  url: string,
  timeoutMs: number,
  probe: () => Promise<string | undefined>,
): Promise<EndpointHealth> {
  const started = performance.now();
  try {
    const version = await withTimeout(probe(), timeoutMs, name);
    return {
      name,
      url,
      reachable: true,
      latencyMs: Math.round(performance.now() - started),
      ...(version ? { version } : {}),
    };
  } catch (error) {
    return {
      name,
      url,
      reachable: false,
      latencyMs: Math.round(performance.now() - started),
      error: describeError(error),
    };
  }
}

/** GETs `url` and fails unless it answers 2xx; returns the body's first line as a hint. */
async function httpReady(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const response = await fetch(url, {
    headers,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  if (!response.ok) {
    const body = (await response.text()).trim().split('\n')[0].slice(0, 200);
    throw new Error(`${url} answered HTTP ${response.status}${body ? `: ${body}` : ''}`);
  }
  await response.arrayBuffer();
}

/**
 * Reachability of every configured cluster, Tempo and Prometheus, probed in parallel so
 * one slow endpoint costs one timeout, not the sum.
 */
export class HealthChecker {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly config: ObservabilityConfig,
  ) {}

  async check(): Promise<HealthResponse> {
    const timeoutMs = this.config.requestTimeoutMs;
    const { tempo, prometheus } = this.config;

    const clusterChecks = this.clusters.list().map(cluster =>
      cluster.unusableReason
        ? Promise.resolve<EndpointHealth>({
            name: cluster.name,
            url: cluster.url,
            reachable: false,
            error: cluster.unusableReason,
          })
        : measure(cluster.name, cluster.url, timeoutMs, async () => {
            const info = await cluster.version.getCode();
            return info.gitVersion;
          }),
    );

    const tempoEndpoint = (name: string, t: { url: string; tenant?: string; token?: string }) =>
      measure(name, t.url, timeoutMs, async () => {
        const headers: Record<string, string> = {};
        if (t.tenant) headers['X-Scope-OrgID'] = t.tenant;
        if (t.token) headers.Authorization = `Bearer ${t.token}`;
        await httpReady(`${t.url.replace(/\/+$/, '')}/ready`, headers, timeoutMs);
        return undefined;
      });
    // The global Tempo, then each cluster's own (observability.tempo.clusters).
    const tempoCheck = tempo ? tempoEndpoint('tempo', tempo) : Promise.resolve(null);
    const tempoClusterChecks = Object.entries(this.config.tempoClusters ?? {}).map(([cluster, t]) =>
      tempoEndpoint(`tempo (cluster ${cluster})`, t),
    );

    const prometheusCheck = prometheus
      ? measure('prometheus', prometheus.url, timeoutMs, async () => {
          const headers: Record<string, string> = {};
          if (prometheus.token) headers.Authorization = `Bearer ${prometheus.token}`;
          await httpReady(
            `${prometheus.url.replace(/\/+$/, '')}/-/ready`,
            headers,
            timeoutMs,
          );
          return undefined;
        })
      : Promise.resolve(null);

    const [clusters, tempoHealth, tempoClusters, prometheusHealth] = await Promise.all([
      Promise.all(clusterChecks),
      tempoCheck,
      Promise.all(tempoClusterChecks),
      prometheusCheck,
    ]);
    return {
      clusters,
      tempo: tempoHealth,
      ...(tempoClusters.length ? { tempoClusters } : {}),
      prometheus: prometheusHealth,
      checkedAt: new Date().toISOString(),
    };
  }
}
