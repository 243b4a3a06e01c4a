/**
 * Declarative destination definitions: what the admin form shows and validates, and which
 * collector exporter a destination maps to. The catalogue itself lives in the backend
 * (`plugins/observability-backend/src/pipeline/destinations`); the frontend receives these
 * definitions from `GET /pipeline/destination-types` and generates its forms from them.
 */

/** Telemetry signals a destination can receive. */
export const SIGNALS = ['traces', 'metrics', 'logs'] as const;
export type Signal = (typeof SIGNALS)[number];

/** How a field is entered and validated. */
export type DestinationFieldType =
  | 'string'
  | 'url'
  | 'hostPort'
  | 'number'
  | 'boolean'
  | 'select'
  /** Extra headers as `key=value` pairs separated by commas (the OTEL_EXPORTER_OTLP_HEADERS format). */
  | 'headers'
  /** Multi-line text, e.g. a PEM certificate. */
  | 'text';

export interface DestinationField {
  /** Key in `values` / `secrets`; also the placeholder `{name}` in the exporter template. */
  name: string;
  displayName: string;
  type: DestinationFieldType;
  required: boolean;
  /** Secret fields are write-only: stored in a Kubernetes Secret, never returned. */
  secret: boolean;
  default?: string | number | boolean;
  /** For `select`. */
  options?: { value: string; label: string }[];
  /** Extra validation for strings: a regular expression the whole value must match. */
  pattern?: string;
  description?: string;
}

/** The collector exporter types the generated configurations may use. */
export const EXPORTER_TYPES = [
  'otlp_grpc',
  'otlp_http',
  'datadog',
  'awsxray',
  'googlecloud',
  'azuremonitor',
  'elasticsearch',
  'splunk_hec',
  'logzio',
] as const;
export type ExporterType = (typeof EXPORTER_TYPES)[number];

/** A destination kind, as shown to the admin. */
export interface DestinationDefinition {
  /** Stable id, e.g. `honeycomb`. */
  type: string;
  displayName: string;
  category: 'self-hosted' | 'managed' | 'generic';
  docsUrl: string;
  /** Signals this destination accepts. */
  signals: Signal[];
  /** The collector exporter this destination maps to. */
  exporter: ExporterType;
  fields: DestinationField[];
}
