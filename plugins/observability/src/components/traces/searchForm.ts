import type {
  AttributeFilter,
  TraceSearchQuery,
} from '@internal/plugin-observability-common';

/** What the search form holds, as typed. */
export interface SearchFormState {
  service: string;
  operation: string;
  minDuration: string;
  maxDuration: string;
  status: 'any' | 'error' | 'ok' | 'unset';
  /** One filter per line or separated by `;`: `key=value`, `key!=value`, `key=~re`, `key>n`. */
  attributes: string;
  traceql: string;
  /** Look-back in minutes. */
  rangeMinutes: number;
}

export const emptySearchForm: SearchFormState = {
  service: '',
  operation: '',
  minDuration: '',
  maxDuration: '',
  status: 'any',
  attributes: '',
  traceql: '',
  rangeMinutes: 60,
};

export const timeRanges = [
  { label: 'Last 15 minutes', minutes: 15 },
  { label: 'Last hour', minutes: 60 },
  { label: 'Last 6 hours', minutes: 360 },
  { label: 'Last 24 hours', minutes: 1440 },
  { label: 'Last 7 days', minutes: 10080 },
];

/** Parses the attribute box; throws an Error naming the line that is not a filter. */
export function parseAttributeFilters(text: string): AttributeFilter[] {
  return text
    .split(/[\n;]/)
    .map(line => line.trim())
    .filter(Boolean)
    .map(line => {
      const match = /^([^=!~<>\s]+)\s*(!=|=~|>|<|=)\s*(.*)$/.exec(line);
      if (!match)
        throw new Error(
          `"${line}" is not a filter: use key=value, key!=value, key=~regex, key>n or key<n`,
        );
      const value = match[3].replace(/^"(.*)"$/, '$1');
      return { key: match[1], op: match[2] as AttributeFilter['op'], value };
    });
}

/** The search request for the form, scoped to `fixedService` when the search lives on an entity. */
export function toSearchQuery(
  form: SearchFormState,
  now: number,
  fixedService?: string,
): TraceSearchQuery {
  const end = Math.floor(now / 1000);
  const service = fixedService ?? form.service.trim();
  return {
    ...(service ? { service } : {}),
    ...(form.operation.trim() ? { operation: form.operation.trim() } : {}),
    ...(form.minDuration.trim()
      ? { minDuration: form.minDuration.trim() }
      : {}),
    ...(form.maxDuration.trim()
      ? { maxDuration: form.maxDuration.trim() }
      : {}),
    status: form.status,
    attributes: parseAttributeFilters(form.attributes),
    ...(form.traceql.trim() ? { traceql: form.traceql.trim() } : {}),
    start: end - form.rangeMinutes * 60,
    end,
    limit: 50,
  };
}
