import { stringify } from 'yaml';
import { checksum, CONFIG_CHECKSUM_ANNOTATION, NODE_COLLECTOR_OTLP_HTTP, type KubeObject } from '../collector/manifests';
import { baseLabels, NAMESPACE, selectorLabels } from '../collector/constants';
import type { EbpfSelector } from './discovery';

export const EBPF_AGENT = 'observability-ebpf-agent';

/** Upstream OBI image; override with observability.pipeline.images.ebpfAgent. */
export const DEFAULT_EBPF_IMAGE = 'otel/ebpf-instrument:v0.14.0';

/**
 * Linux capabilities OBI documents for application observability with trace-context
 * propagation (opentelemetry.io/docs/zero-code/obi/security): no `privileged`, no SYS_ADMIN.
 */
export const EBPF_CAPABILITIES = [
  'BPF',
  'PERFMON',
  'DAC_READ_SEARCH',
  'CHECKPOINT_RESTORE',
  'SYS_PTRACE',
  'NET_RAW',
  'NET_ADMIN',
];

/** The OBI config file: discovery rules, Kubernetes metadata, export to the node collector. */
export function renderEbpfConfig(options: {
  cluster: string;
  instrument: EbpfSelector[];
}): Record<string, unknown> {
  return {
    discovery: {
      // With no selected workload the agent instruments nothing (an empty list would mean "all").
      instrument: options.instrument.length
        ? options.instrument
        : [{ k8s_namespace: 'observability-none-selected' }],
      exclude_otel_instrumented_services: true,
    },
    attributes: { kubernetes: { enable: true, cluster_name: options.cluster } },
    otel_traces_export: { endpoint: NODE_COLLECTOR_OTLP_HTTP, protocol: 'http/protobuf' },
  };
}

/** ServiceAccount, ConfigMap and DaemonSet of the eBPF agent (`otel/ebpf-instrument`). */
export function renderEbpfManifests(options: {
  image: string;
  cluster: string;
  instrument: EbpfSelector[];
}): KubeObject[] {
  const component = 'ebpf-agent';
  const labels = { ...baseLabels(component), ...selectorLabels(EBPF_AGENT) };
  const metadata = { name: EBPF_AGENT, namespace: NAMESPACE, labels };
  const config = renderEbpfConfig(options);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { 'config.yaml': stringify(config) } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata,
      spec: {
        selector: { matchLabels: selectorLabels(EBPF_AGENT) },
        template: {
          metadata: { labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum(config) } },
          spec: {
            serviceAccountName: EBPF_AGENT,
            // OBI reads other processes' /proc entries and executables.
            hostPID: true,
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'obi',
                image: options.image,
                imagePullPolicy: 'IfNotPresent',
                args: ['--config=/config/config.yaml'],
                env: [
                  { name: 'OTEL_EBPF_KUBE_METADATA_ENABLE', value: 'true' },
                  { name: 'OTEL_EBPF_BPF_CONTEXT_PROPAGATION', value: 'all' },
                ],
                securityContext: {
                  privileged: false,
                  runAsUser: 0,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'], add: EBPF_CAPABILITIES },
                },
                resources: {
                  requests: { cpu: '50m', memory: '128Mi' },
                  limits: { cpu: '500m', memory: '512Mi' },
                },
                volumeMounts: [
                  { name: 'config', mountPath: '/config', readOnly: true },
                  // Needed for context propagation on current kernels (OBI security docs).
                  { name: 'tracefs', mountPath: '/sys/kernel/tracing' },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: EBPF_AGENT } },
              { name: 'tracefs', hostPath: { path: '/sys/kernel/tracing', type: 'Directory' } },
            ],
          },
        },
      },
    },
  ];
}
