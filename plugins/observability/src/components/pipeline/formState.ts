import type {
  DestinationDefinition,
  DestinationInput,
  DestinationSummary,
  Signal,
} from '@internal/plugin-observability-common';

export type FieldValue = string | number | boolean;

/** What the destination form edits. Secret inputs start empty: they are write-only. */
export interface DestinationFormState {
  name: string;
  type: string;
  signals: Signal[];
  values: Record<string, FieldValue>;
  secrets: Record<string, string>;
}

/** A fresh form for a destination type, with its defaults. */
export function initialFormState(
  definition: DestinationDefinition,
  existing?: DestinationSummary,
): DestinationFormState {
  const values: Record<string, FieldValue> = {};
  for (const field of definition.fields) {
    if (field.secret) continue;
    const value = existing?.values[field.name] ?? field.default;
    if (value !== undefined) values[field.name] = value;
  }
  return {
    name: existing?.name ?? '',
    type: definition.type,
    signals: existing?.signals ?? (definition.signals.includes('traces') ? ['traces'] : [definition.signals[0]]),
    values,
    secrets: {},
  };
}

/**
 * The request body: empty optional values are left out, and secret fields left empty are not
 * sent at all (the backend then keeps the stored secret).
 */
export function toDestinationInput(
  definition: DestinationDefinition,
  state: DestinationFormState,
): DestinationInput {
  const values: Record<string, FieldValue> = {};
  for (const field of definition.fields) {
    if (field.secret) continue;
    const value = state.values[field.name];
    if (value === undefined || value === '') continue;
    values[field.name] = field.type === 'number' ? Number(value) : value;
  }
  const secrets: Record<string, string> = {};
  for (const field of definition.fields) {
    const value = state.secrets[field.name];
    if (field.secret && value) secrets[field.name] = value;
  }
  return { name: state.name, type: definition.type, signals: state.signals, values, secrets };
}

/** Problems the form can show before sending (the backend validates everything again). */
export function formProblems(
  definition: DestinationDefinition,
  state: DestinationFormState,
  storedSecrets: string[],
): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(state.name)) {
    problems.push('Name: lowercase letters, digits and dashes (max 40)');
  }
  if (state.signals.length === 0) problems.push('Choose at least one signal');
  for (const field of definition.fields) {
    if (!field.required) continue;
    const missing = field.secret
      ? !state.secrets[field.name] && !storedSecrets.includes(field.name)
      : state.values[field.name] === undefined || state.values[field.name] === '';
    if (missing) problems.push(`${field.displayName} is required`);
  }
  return problems;
}
