import type { DestinationField } from '@internal/plugin-observability-common';
import type { DestinationSpec, ExporterAuth, TemplateValue } from './types';

/** Field values after validation; secret fields are resolved by `secret`. */
export interface RenderInput {
  name: string;
  values: Record<string, string | number | boolean>;
  /**
   * The text that stands for a secret field: `${env:VAR}` in collector configs, the real value
   * when the backend itself connects (connection test). Undefined when the secret is unset.
   */
  secret: (field: string) => string | undefined;
}

export interface RenderedExporter {
  /** Component id, e.g. `otlp_grpc/honeycomb-prod`. */
  id: string;
  config: Record<string, unknown>;
  /** Auth extensions the exporter references, by component id. */
  extensions: Record<string, Record<string, unknown>>;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
const DROP = Symbol('drop');

/** Parses `a=b,c=d` into headers; names and values are trimmed. */
export function parseHeaders(value: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`header '${pair.trim()}' must look like name=value`);
    const name = pair.slice(0, eq).trim();
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new Error(`header name '${name}' is not a valid HTTP header name`);
    }
    headers[name] = pair.slice(eq + 1).trim();
  }
  return headers;
}

function lookup(
  spec: DestinationSpec,
  input: RenderInput,
  name: string,
): string | number | boolean | undefined {
  const field = spec.fields.find(f => f.name === name);
  if (!field) throw new Error(`${spec.type}: template names unknown field '${name}'`);
  if (field.secret) return input.secret(name);
  const value = input.values[name] ?? field.default;
  return value === '' ? undefined : value;
}

function fill(
  spec: DestinationSpec,
  input: RenderInput,
  template: TemplateValue,
): unknown | typeof DROP {
  if (typeof template === 'string') {
    const whole = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(template);
    if (whole) {
      const value = lookup(spec, input, whole[1]);
      return value === undefined ? DROP : value;
    }
    let dropped = false;
    const out = template.replace(PLACEHOLDER, (_, name: string) => {
      const value = lookup(spec, input, name);
      if (value === undefined) dropped = true;
      return String(value ?? '');
    });
    return dropped ? DROP : out;
  }
  if (Array.isArray(template)) {
    return template.map(t => fill(spec, input, t)).filter(v => v !== DROP);
  }
  if (typeof template === 'object' && template !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const filled = fill(spec, input, value);
      if (filled === DROP) continue;
      if (isEmptyObject(filled)) continue;
      out[key] = filled;
    }
    return out;
  }
  return template;
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

function renderAuth(
  spec: DestinationSpec,
  input: RenderInput,
  auth: ExporterAuth,
): { id: string; config: Record<string, unknown> } | undefined {
  const filled = fill(spec, input, auth as unknown as TemplateValue) as Record<string, string>;
  if (auth.type === 'basic') {
    if (!filled.username || !filled.password) return undefined;
    return {
      id: `basicauth/${input.name}`,
      config: { client_auth: { username: filled.username, password: filled.password } },
    };
  }
  if (!filled.token) return undefined;
  return { id: `bearertokenauth/${input.name}`, config: { token: filled.token } };
}

/** Field names whose value is a `headers` list, merged into the exporter's `headers`. */
function headerFields(fields: DestinationField[]): string[] {
  return fields.filter(f => f.type === 'headers').map(f => f.name);
}

/** Renders one destination into its collector exporter (and auth extension, if any). */
export function renderExporter(spec: DestinationSpec, input: RenderInput): RenderedExporter {
  const config = (fill(spec, input, spec.config) ?? {}) as Record<string, unknown>;
  for (const name of headerFields(spec.fields)) {
    const raw = input.values[name];
    if (typeof raw === 'string' && raw.trim()) {
      config.headers = {
        ...parseHeaders(raw),
        ...((config.headers as Record<string, string>) ?? {}),
      };
    }
  }
  const extensions: RenderedExporter['extensions'] = {};
  if (spec.auth) {
    const auth = renderAuth(spec, input, spec.auth);
    if (auth) {
      extensions[auth.id] = auth.config;
      config.auth = { authenticator: auth.id };
    }
  }
  return { id: `${spec.exporter}/${input.name}`, config, extensions };
}

/** `${env:VAR}` name of a destination's secret field in the gateway's environment. */
export function secretEnvName(destination: string, field: string): string {
  const part = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]/g, '_')
      .toUpperCase();
  return `OBS_DEST_${part(destination)}__${part(field)}`;
}
