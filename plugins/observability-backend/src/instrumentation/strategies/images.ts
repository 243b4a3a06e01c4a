/**
 * Upstream agent images (the OpenTelemetry Operator's `autoinstrumentation-<lang>` images),
 * pinned in one place. The init container copies the agent out of the image into a shared
 * volume, so the application image is never rebuilt.
 */
const REGISTRY = 'ghcr.io/open-telemetry/opentelemetry-operator';

export const AGENT_IMAGES = {
  java: `${REGISTRY}/autoinstrumentation-java:2.21.0`,
  nodejs: `${REGISTRY}/autoinstrumentation-nodejs:0.66.0`,
  python: `${REGISTRY}/autoinstrumentation-python:0.59b0`,
  dotnet: `${REGISTRY}/autoinstrumentation-dotnet:1.13.0`,
} as const;

/** Resources of the copy-only init containers: small, and bounded so quotas admit them. */
export const INIT_RESOURCES = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '128Mi' },
};
