import type { DestinationField } from '@internal/plugin-observability-common';
import type { DestinationSpec } from '../destinations';

const SAMPLES: Partial<Record<DestinationField['type'], string | boolean>> = {
  boolean: false,
  url: 'https://example.test/otlp',
  hostPort: 'collector.example.test:4317',
  headers: 'x-extra=1',
};

/** A value for each field (its default, else a plausible sample); secrets are recognisable. */
export function sampleValues(spec: DestinationSpec) {
  const values: Record<string, string | number | boolean> = {};
  const secrets: Record<string, string> = {};
  for (const f of spec.fields) {
    const sample =
      f.default ?? (f.type === 'select' ? f.options![0].value : (SAMPLES[f.type] ?? `sample-${f.name}`));
    if (f.secret) secrets[f.name] = `SECRET-${spec.type}-${f.name}-value`;
    else values[f.name] = sample;
  }
  return { values, secrets };
}

/** A plausible secret value for validating configs (some exporters check the format). */
export function sampleSecret(field: { name: string; type: string }): string {
  if (field.type === 'url') return 'https://endpoint.example.test/receiver/v1/otlp/token';
  if (field.name === 'connectionString') {
    return 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.test/';
  }
  return `dummy-${field.name}`;
}
