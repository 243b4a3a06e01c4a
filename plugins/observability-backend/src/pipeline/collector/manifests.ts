import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { CollectorConfig, SecretEnv } from './config';
import {
  baseLabels,
  COLLECTOR_CLUSTER_ROLE,
  GATEWAY,
  HEALTH_PORT,
  METRICS_PORT,
  NAMESPACE,
  NODE_COLLECTOR,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
  selectorLabels,
} from './constants';

/** A plain Kubernetes object, ready for server-side apply. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export const CONFIG_CHECKSUM_ANNOTATION = 'observability.backstage.io/config-checksum';

export function checksum(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function meta(name: string, component: string, namespaced = true) {
  return {
    name,
    ...(namespaced ? { namespace: NAMESPACE } : {}),
    labels: { ...baseLabels(component), ...selectorLabels(name) },
  };
}

const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 10001,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function collectorContainer(options: {
  image: string;
  env: Record<string, unknown>[];
  resources: Record<string, Record<string, string>>;
}) {
  return {
    name: 'otelcol',
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    args: ['--config=/conf/config.yaml'],
    env: [
      {
        name: 'GOMEMLIMIT',
        valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1' } },
      },
      ...options.env,
    ],
    ports: [
      { name: 'otlp-grpc', containerPort: OTLP_GRPC_PORT, protocol: 'TCP' },
      { name: 'otlp-http', containerPort: OTLP_HTTP_PORT, protocol: 'TCP' },
      { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
    ],
    livenessProbe: { httpGet: { path: '/', port: HEALTH_PORT } },
    readinessProbe: { httpGet: { path: '/', port: HEALTH_PORT } },
    resources: options.resources,
    securityContext: restricted,
    volumeMounts: [{ name: 'config', mountPath: '/conf', readOnly: true }],
  };
}

function configMap(name: string, component: string, config: CollectorConfig): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(name, component),
    data: { 'config.yaml': stringify(config) },
  };
}

function service(name: string, component: string, local: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, component),
    spec: {
      selector: selectorLabels(name),
      // Node-local delivery for the agent: a pod's spans stay on its node.
      ...(local ? { internalTrafficPolicy: 'Local' } : {}),
      ports: [
        { name: 'otlp-grpc', port: OTLP_GRPC_PORT, targetPort: 'otlp-grpc', protocol: 'TCP' },
        { name: 'otlp-http', port: OTLP_HTTP_PORT, targetPort: 'otlp-http', protocol: 'TCP' },
        { name: 'metrics', port: METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' },
      ],
    },
  };
}

function podAnnotations(configChecksum: string) {
  return {
    [CONFIG_CHECKSUM_ANNOTATION]: configChecksum,
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(METRICS_PORT),
  };
}

/** OTLP endpoint of the node collector, for SDKs and the eBPF agent. */
export const NODE_COLLECTOR_OTLP_GRPC = `http://${NODE_COLLECTOR}.${NAMESPACE}.svc:${OTLP_GRPC_PORT}`;
export const NODE_COLLECTOR_OTLP_HTTP = `http://${NODE_COLLECTOR}.${NAMESPACE}.svc:${OTLP_HTTP_PORT}`;

/**
 * The node collector: ServiceAccount, the ClusterRole k8s_attributes needs (read pods,
 * namespaces, nodes, replicasets, jobs) and its binding, ConfigMap, node-local Service and
 * DaemonSet. `extraReaders` are more ServiceAccounts bound to the same read-only role (the
 * eBPF agent's Kubernetes metadata).
 */
export function renderNodeCollectorManifests(options: {
  image: string;
  config: CollectorConfig;
  extraReaders?: { name: string; namespace: string }[];
}): KubeObject[] {
  const component = 'collector-node';
  const sum = checksum(options.config);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NODE_COLLECTOR, component) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(COLLECTOR_CLUSTER_ROLE, component, false),
      rules: [
        { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(COLLECTOR_CLUSTER_ROLE, component, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: COLLECTOR_CLUSTER_ROLE },
      subjects: [
        { kind: 'ServiceAccount', name: NODE_COLLECTOR, namespace: NAMESPACE },
        ...(options.extraReaders ?? []).map(r => ({ kind: 'ServiceAccount', ...r })),
      ],
    },
    configMap(NODE_COLLECTOR, component, options.config),
    service(NODE_COLLECTOR, component, true),
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(NODE_COLLECTOR, component),
      spec: {
        selector: { matchLabels: selectorLabels(NODE_COLLECTOR) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: {
            labels: { ...baseLabels(component), ...selectorLabels(NODE_COLLECTOR) },
            annotations: podAnnotations(sum),
          },
          spec: {
            serviceAccountName: NODE_COLLECTOR,
            tolerations: [{ operator: 'Exists' }],
            containers: [
              collectorContainer({
                image: options.image,
                env: [{ name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '500m', memory: '512Mi' },
                },
              }),
            ],
            volumes: [{ name: 'config', configMap: { name: NODE_COLLECTOR } }],
          },
        },
      },
    },
  ];
}

/**
 * The gateway: ServiceAccount (annotate it for workload identity when a destination needs
 * cloud credentials), ConfigMap, Service, Deployment and HorizontalPodAutoscaler. Secret
 * values reach it only as env vars from the destinations' Secrets.
 */
export function renderGatewayManifests(options: {
  image: string;
  config: CollectorConfig;
  env: SecretEnv[];
  minReplicas?: number;
  maxReplicas?: number;
}): KubeObject[] {
  const component = 'collector-gateway';
  const sum = checksum(options.config, options.env);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(GATEWAY, component) },
    configMap(GATEWAY, component, options.config),
    service(GATEWAY, component, false),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(GATEWAY, component),
      spec: {
        // No `replicas`: the HPA owns it, so server-side apply never fights the autoscaler.
        selector: { matchLabels: selectorLabels(GATEWAY) },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: {
            labels: { ...baseLabels(component), ...selectorLabels(GATEWAY) },
            annotations: podAnnotations(sum),
          },
          spec: {
            serviceAccountName: GATEWAY,
            containers: [
              collectorContainer({
                image: options.image,
                env: options.env.map(e => ({
                  name: e.env,
                  valueFrom: { secretKeyRef: { name: e.secretName, key: e.key } },
                })),
                resources: {
                  requests: { cpu: '200m', memory: '256Mi' },
                  limits: { cpu: '1', memory: '1Gi' },
                },
              }),
            ],
            volumes: [{ name: 'config', configMap: { name: GATEWAY } }],
          },
        },
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(GATEWAY, component),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: GATEWAY },
        minReplicas: options.minReplicas ?? 1,
        maxReplicas: options.maxReplicas ?? 5,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
      },
    },
  ];
}
