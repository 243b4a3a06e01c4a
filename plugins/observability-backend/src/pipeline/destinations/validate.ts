import { InputError } from '@backstage/errors';
import type { DestinationField, Signal } from '@internal/plugin-observability-common';
import { parseHeaders } from './render';
import type { DestinationSpec } from './types';

type Value = string | number | boolean;

export interface ValidatedDestination {
  /** Non-secret values with defaults applied. */
  values: Record<string, Value>;
  /** Secret values given in this request (others keep their stored value). */
  secrets: Record<string, string>;
  signals: Signal[];
}

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):[0-9]{1,5}$/;

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not carry credentials (use the credential fields)';
  return undefined;
}

function fieldProblem(field: DestinationField, value: Value): string | undefined {
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    default:
  }
  if (typeof value !== 'string') return 'must be text';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f]/.test(value)) return 'must not contain control characters';
  if (field.type !== 'text' && /[\r\n]/.test(value)) return 'must be a single line';
  if (field.type === 'url') {
    const problem = urlProblem(value);
    if (problem) return problem;
  }
  if (field.type === 'hostPort') {
    if (!HOST_PORT.test(value)) return 'must be host:port (no scheme), e.g. tempo.monitoring:4317';
    const port = Number(value.slice(value.lastIndexOf(':') + 1));
    if (port < 1 || port > 65535) return 'has a port outside 1-65535';
  }
  if (field.type === 'select' && !field.options?.some(o => o.value === value)) {
    return `must be one of ${field.options?.map(o => o.value).join(', ')}`;
  }
  if (field.type === 'headers') {
    try {
      parseHeaders(value);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (field.pattern && !new RegExp(field.pattern).test(value)) {
    return `must match ${field.pattern}`;
  }
  return undefined;
}

/**
 * Checks a destination's values against its definition. `storedSecrets` names the secret
 * fields that already hold a value (editing keeps them unless re-entered).
 * Throws InputError listing every problem.
 */
export function validateDestination(
  spec: DestinationSpec,
  input: {
    signals: Signal[];
    values: Record<string, Value>;
    secrets: Record<string, string>;
  },
  storedSecrets: string[] = [],
): ValidatedDestination {
  const problems: string[] = [];
  const byName = new Map(spec.fields.map(f => [f.name, f]));
  for (const key of Object.keys(input.values)) {
    const field = byName.get(key);
    if (!field) problems.push(`values.${key}: unknown field for ${spec.type}`);
    else if (field.secret) problems.push(`values.${key}: is a secret, send it in secrets`);
  }
  for (const key of Object.keys(input.secrets)) {
    const field = byName.get(key);
    if (!field || !field.secret) problems.push(`secrets.${key}: not a secret field of ${spec.type}`);
  }
  for (const signal of input.signals) {
    if (!spec.signals.includes(signal)) {
      problems.push(`signals: ${spec.displayName} does not accept ${signal}`);
    }
  }

  const values: Record<string, Value> = {};
  const secrets: Record<string, string> = {};
  for (const field of spec.fields) {
    if (field.secret) {
      const given = input.secrets[field.name];
      if (given !== undefined) {
        const problem = fieldProblem(field, given);
        if (problem) problems.push(`secrets.${field.name}: ${problem}`);
        else secrets[field.name] = given;
      } else if (field.required && !storedSecrets.includes(field.name)) {
        problems.push(`secrets.${field.name}: required`);
      }
      continue;
    }
    const raw = input.values[field.name];
    const value = raw === '' || raw === undefined ? field.default : raw;
    if (value === undefined) {
      if (field.required) problems.push(`values.${field.name}: required`);
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) problems.push(`values.${field.name}: ${problem}`);
    else values[field.name] = value;
  }
  if (problems.length) {
    throw new InputError(`Invalid ${spec.displayName} destination: ${problems.join('; ')}`);
  }
  return { values, secrets, signals: input.signals };
}
