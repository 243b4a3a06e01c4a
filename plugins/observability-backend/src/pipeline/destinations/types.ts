import type { DestinationDefinition } from '@internal/plugin-observability-common';

/**
 * A template value: strings may hold `{field}` placeholders. A string whose placeholders name
 * an optional field without a value is dropped together with its key.
 */
export type TemplateValue =
  | string
  | number
  | boolean
  | TemplateValue[]
  | { [key: string]: TemplateValue };

/** Client authentication through a collector auth extension (values are templates). */
export type ExporterAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

/** How the portal tests a destination before saving. */
export type ConnectionTestSpec =
  /** An empty OTLP export to the exporter's endpoint (gRPC or HTTP, from the exporter type). */
  | { kind: 'otlp' }
  /** An HTTP request the vendor documents for validating credentials. */
  | {
      kind: 'http';
      method: 'GET' | 'POST';
      url: string;
      headers?: Record<string, string>;
      body?: string;
      /** Statuses meaning "reached, credentials accepted". Default: any 2xx. */
      okStatuses?: number[];
    }
  /** DNS + TCP + TLS to the endpoint only: credentials come from the cluster's workload identity. */
  | { kind: 'tls'; hostPort: string };

/** One destination: the declarative definition plus the exporter template it renders. */
export interface DestinationSpec extends DestinationDefinition {
  /** The exporter's configuration, with `{field}` placeholders. */
  config: Record<string, TemplateValue>;
  auth?: ExporterAuth;
  test: ConnectionTestSpec;
}
