/** Names, images and ports shared by the pipeline's manifests, config and status. */

export const NAMESPACE = 'observability-system';
export const FIELD_MANAGER = 'backstage-observability';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'backstage-observability';
export const PART_OF = 'observability-pipeline';

/** Bumped when the rendered pipeline changes shape; shown as the installed/available version. */
export const PIPELINE_VERSION = '0.1.0';

/** The collector release the configs are written for (test/stack/versions.json `.otelcol.release`). */
export const COLLECTOR_VERSION = '0.152.0';
export const COLLECTOR_IMAGE = `otel/opentelemetry-collector-contrib:${COLLECTOR_VERSION}`;

export const NODE_COLLECTOR = 'observability-collector-node';
export const GATEWAY = 'observability-gateway';
/** ClusterRole / ClusterRoleBinding name the portal's RBAC lets it manage. */
export const COLLECTOR_CLUSTER_ROLE = 'observability-collector';

export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
export const HEALTH_PORT = 13133;
export const METRICS_PORT = 8888;

/** Labels on every object the product creates. */
export function baseLabels(component: string): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/version': PIPELINE_VERSION,
  };
}

/** Selector labels (stable across versions). */
export function selectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}
