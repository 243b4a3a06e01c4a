import type { Signal } from '@internal/plugin-observability-common';
import { renderExporter, secretEnvName, type DestinationSpec } from '../destinations';
import {
  GATEWAY,
  HEALTH_PORT,
  METRICS_PORT,
  NAMESPACE,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
} from './constants';

/** A destination as the config renderer needs it. */
export interface DestinationForConfig {
  name: string;
  spec: DestinationSpec;
  signals: Signal[];
  values: Record<string, string | number | boolean>;
  /** Secret fields that hold a value. */
  secretsSet: string[];
}

/** A gateway env var read from a destination's Secret. */
export interface SecretEnv {
  env: string;
  secretName: string;
  key: string;
}

export type CollectorConfig = Record<string, any>;

const SIGNAL_LIST: Signal[] = ['traces', 'metrics', 'logs'];

/** Exporter types whose exporterhelper takes `retry_on_failure` and `sending_queue`. */
const RELIABILITY: Record<string, { retry: boolean; queue: boolean }> = {
  otlp_grpc: { retry: true, queue: true },
  otlp_http: { retry: true, queue: true },
  datadog: { retry: true, queue: true },
  splunk_hec: { retry: true, queue: true },
  logzio: { retry: true, queue: true },
  googlecloud: { retry: false, queue: true },
  azuremonitor: { retry: false, queue: true },
  elasticsearch: { retry: false, queue: true },
  awsxray: { retry: false, queue: false },
};

function telemetry() {
  return {
    metrics: {
      level: 'normal',
      readers: [
        { pull: { exporter: { prometheus: { host: '0.0.0.0', port: METRICS_PORT } } } },
      ],
    },
  };
}

const memoryLimiter = {
  check_interval: '1s',
  limit_percentage: 80,
  spike_limit_percentage: 25,
};

function otlpReceiver() {
  return {
    otlp: {
      protocols: {
        grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` },
        http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` },
      },
    },
  };
}

/** Name of the Secret holding one destination's secret fields. */
export function destinationSecretName(destination: string): string {
  return `observability-destination-${destination}`;
}

/**
 * The node collector (DaemonSet): receives OTLP from SDKs and the eBPF agent on every node,
 * adds Kubernetes attributes and the cluster name, forwards everything to the gateway.
 */
export function renderNodeCollectorConfig(options: { cluster: string }): CollectorConfig {
  const processors = ['memory_limiter', 'k8s_attributes', 'resource', 'batch'];
  const pipeline = { receivers: ['otlp'], processors, exporters: ['otlp_grpc/gateway'] };
  return {
    extensions: { health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` } },
    receivers: otlpReceiver(),
    processors: {
      memory_limiter: memoryLimiter,
      k8s_attributes: {
        auth_type: 'serviceAccount',
        passthrough: false,
        filter: { node_from_env_var: 'K8S_NODE_NAME' },
        extract: {
          metadata: [
            'k8s.namespace.name',
            'k8s.pod.name',
            'k8s.pod.uid',
            'k8s.node.name',
            'k8s.deployment.name',
            'k8s.statefulset.name',
            'k8s.daemonset.name',
            'k8s.cronjob.name',
            'k8s.job.name',
          ],
        },
        pod_association: [
          { sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
          { sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
          { sources: [{ from: 'connection' }] },
        ],
      },
      resource: {
        attributes: [{ key: 'k8s.cluster.name', value: options.cluster, action: 'upsert' }],
      },
      batch: { send_batch_size: 1024, timeout: '1s' },
    },
    exporters: {
      'otlp_grpc/gateway': {
        endpoint: `${GATEWAY}.${NAMESPACE}.svc:${OTLP_GRPC_PORT}`,
        tls: { insecure: true },
        compression: 'gzip',
        retry_on_failure: { enabled: true, max_elapsed_time: '300s' },
        sending_queue: { enabled: true, queue_size: 2000 },
      },
    },
    service: {
      extensions: ['health_check'],
      telemetry: telemetry(),
      pipelines: Object.fromEntries(SIGNAL_LIST.map(s => [s, pipeline])),
    },
  };
}

/**
 * The gateway (Deployment + HPA): one exporter per destination, one pipeline per signal that
 * routes to the destinations taking that signal. Secrets are `${env:VAR}` references; the
 * returned `env` lists where each variable comes from.
 */
export function renderGatewayConfig(options: {
  destinations: DestinationForConfig[];
}): { config: CollectorConfig; env: SecretEnv[] } {
  const exporters: Record<string, unknown> = {};
  const extensions: Record<string, unknown> = {
    health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` },
  };
  const env: SecretEnv[] = [];
  const bySignal: Record<Signal, string[]> = { traces: [], metrics: [], logs: [] };

  for (const d of [...options.destinations].sort((a, b) => a.name.localeCompare(b.name))) {
    const rendered = renderExporter(d.spec, {
      name: d.name,
      values: d.values,
      secret: field =>
        d.secretsSet.includes(field) ? `\${env:${secretEnvName(d.name, field)}}` : undefined,
    });
    // Only the variables the rendered config really references (an unused secret stays out).
    const text = JSON.stringify(rendered);
    for (const field of d.secretsSet) {
      const name = secretEnvName(d.name, field);
      if (text.includes(`\${env:${name}}`)) {
        env.push({ env: name, secretName: destinationSecretName(d.name), key: field });
      }
    }
    const reliability = RELIABILITY[d.spec.exporter];
    exporters[rendered.id] = {
      ...rendered.config,
      ...(reliability.retry
        ? { retry_on_failure: { enabled: true, initial_interval: '5s', max_elapsed_time: '300s' } }
        : {}),
      ...(reliability.queue ? { sending_queue: { enabled: true, queue_size: 5000 } } : {}),
    };
    Object.assign(extensions, rendered.extensions);
    for (const signal of d.signals) bySignal[signal].push(rendered.id);
  }

  const pipelines: Record<string, unknown> = {};
  for (const signal of SIGNAL_LIST) {
    if (bySignal[signal].length === 0) continue;
    pipelines[signal] = {
      receivers: ['otlp'],
      processors: ['memory_limiter', 'batch'],
      exporters: bySignal[signal],
    };
  }
  if (!pipelines.traces) {
    // Nothing configured yet: keep receiving so agents do not back up, and count what arrives.
    exporters.debug = { verbosity: 'basic' };
    pipelines.traces = { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['debug'] };
  }

  return {
    config: {
      extensions,
      receivers: otlpReceiver(),
      processors: { memory_limiter: memoryLimiter, batch: { send_batch_size: 2048, timeout: '2s' } },
      exporters,
      service: {
        extensions: Object.keys(extensions),
        telemetry: telemetry(),
        pipelines,
      },
    },
    env: dedupe(env),
  };
}

function dedupe(env: SecretEnv[]): SecretEnv[] {
  const seen = new Set<string>();
  return env.filter(e => (seen.has(e.env) ? false : (seen.add(e.env), true)));
}
