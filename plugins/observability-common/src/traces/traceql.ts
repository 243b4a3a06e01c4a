import type { AttributeFilter, ParsedTraceSearchQuery } from './requests';

/** Quotes a value as a TraceQL (and PromQL) string literal. */
export function quoteString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')}"`;
}

/** Attribute names without a scope are searched on both span and resource (TraceQL `.name`). */
function scopedName(key: string): string {
  return /^(span|resource|event|link|instrumentation)\./.test(key)
    ? key
    : `.${key}`;
}

/** Numbers and booleans stay bare so `span.http.status_code > 499` compares numerically. */
function literal(value: string, op: AttributeFilter['op']): string {
  if (op === '=~') return quoteString(value);
  if (/^-?\d+(\.\d+)?$/.test(value) || value === 'true' || value === 'false')
    return value;
  return quoteString(value);
}

/** The conditions of one spanset, e.g. `resource.service.name = "cart" && duration > 100ms`. */
export function buildConditions(query: ParsedTraceSearchQuery): string[] {
  const conditions: string[] = [];
  if (query.service)
    conditions.push(`resource.service.name = ${quoteString(query.service)}`);
  if (query.operation)
    conditions.push(`name = ${quoteString(query.operation)}`);
  if (query.minDuration)
    conditions.push(`duration >= ${query.minDuration.replace('µs', 'us')}`);
  if (query.maxDuration)
    conditions.push(`duration <= ${query.maxDuration.replace('µs', 'us')}`);
  if (query.status !== 'any') conditions.push(`status = ${query.status}`);
  for (const filter of query.attributes) {
    conditions.push(
      `${scopedName(filter.key)} ${filter.op} ${literal(
        filter.value,
        filter.op,
      )}`,
    );
  }
  return conditions;
}

/**
 * Checks the shape of free TraceQL that is combined with other conditions: it must be one or
 * more spanset expressions (`{...}` joined by `&&`, `||`, `>>`...) with balanced braces and
 * quotes. Pipelines (`| count() > 2`) are allowed only when nothing is combined with them.
 * Tempo parses the query itself; this check only keeps the combination well-formed.
 */
export function traceqlProblem(
  traceql: string,
  combined: boolean,
): string | undefined {
  const text = traceql.trim();
  if (!text.startsWith('{'))
    return 'TraceQL must start with a spanset such as { span.http.route = "/cart" }';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    else if (
      c === '|' &&
      depth === 0 &&
      text[i + 1] !== '|' &&
      text[i - 1] !== '|' &&
      combined
    ) {
      return 'TraceQL pipelines (|) cannot be combined with the other filters; clear them or drop the pipeline';
    }
    if (depth < 0) return 'TraceQL has an unbalanced closing bracket';
  }
  if (inString) return 'TraceQL has an unterminated string';
  if (depth !== 0) return 'TraceQL has an unbalanced opening bracket';
  return undefined;
}

/**
 * The TraceQL query for a search: the filters as one spanset, `&&`-combined with the free
 * TraceQL when both are given. Throws an Error with a user-facing message on bad free TraceQL.
 */
export function buildTraceQL(query: ParsedTraceSearchQuery): string {
  const conditions = buildConditions(query);
  const spanset = `{ ${conditions.join(' && ')} }`.replace('{  }', '{}');
  const free = query.traceql?.trim();
  if (!free) return spanset;
  const problem = traceqlProblem(free, conditions.length > 0);
  if (problem) throw new Error(problem);
  return conditions.length > 0 ? `${spanset} && (${free})` : free;
}
