import type { StrategyId } from './strategies';

/** Name of the Instrumentation object the portal writes in each namespace it instruments. */
export const OPERATOR_INSTRUMENTATION_NAME = 'backstage-observability';
export const OPERATOR_CRD = 'instrumentations.opentelemetry.io';

/** The Operator's language keys, for the languages it injects in-process. */
const OPERATOR_LANGUAGES: Partial<Record<StrategyId, string>> = {
  java: 'java',
  nodejs: 'nodejs',
  python: 'python',
  dotnet: 'dotnet',
};

export function operatorLanguage(strategy: StrategyId): string | undefined {
  return OPERATOR_LANGUAGES[strategy];
}

/**
 * The `Instrumentation` resource the Operator's webhook reads: the same exporter (node
 * collector through the node IP), propagators and sampler as direct injection.
 */
export function operatorInstrumentation(
  namespace: string,
  sampling: { ratio: number; propagators: string[] },
): Record<string, unknown> {
  return {
    apiVersion: 'opentelemetry.io/v1alpha1',
    kind: 'Instrumentation',
    metadata: {
      name: OPERATOR_INSTRUMENTATION_NAME,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'backstage-observability' },
    },
    spec: {
      env: [{ name: 'OTEL_NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
      exporter: { endpoint: 'http://$(OTEL_NODE_IP):4317' },
      propagators: sampling.propagators,
      sampler: { type: 'parentbased_traceidratio', argument: String(sampling.ratio) },
      python: { env: [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://$(OTEL_NODE_IP):4318' }] },
    },
  };
}

/**
 * Pod-template annotations asking the Operator to inject: `inject-<lang>` naming the
 * Instrumentation, and `<lang>-container-names` so only the detected containers get it.
 */
export function operatorAnnotations(containersByLanguage: Map<string, string[]>): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const [language, containers] of containersByLanguage) {
    annotations[`instrumentation.opentelemetry.io/inject-${language}`] = OPERATOR_INSTRUMENTATION_NAME;
    annotations[`instrumentation.opentelemetry.io/${language}-container-names`] = containers.join(',');
  }
  return annotations;
}
