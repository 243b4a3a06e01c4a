/**
 * Kubernetes label selectors (`app=web,tier!=db,env in (prod,staging),!legacy`), matched in
 * memory: the coverage page lists each cluster once and sorts the workloads to entities itself
 * instead of sending one selector query per entity.
 */
type Requirement =
  | { op: 'exists' | 'absent'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

export type LabelSelector = Requirement[];

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key)) throw new Error(`invalid label key '${key}' in selector '${selector}'`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (value.length > 63 || !VALUE.test(value)) {
    throw new Error(`invalid label value '${value}' in selector '${selector}'`);
  }
  return value;
}

/** Splits on commas that are not inside `( … )`. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

/** Parses a selector the way the API server does; throws naming the bad term. */
export function parseLabelSelector(selector: string): LabelSelector {
  return splitTerms(selector).map((term): Requirement => {
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
    if (set) {
      const values = set[3].split(',').map(v => checkValue(v.trim(), selector));
      return { op: set[2] as 'in' | 'notin', key: checkKey(set[1], selector), values };
    }
    const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (equality) {
      const value = checkValue(equality[3].trim(), selector);
      const key = checkKey(equality[1], selector);
      return { op: equality[2] === '!=' ? 'notin' : 'in', key, values: [value] };
    }
    if (term.startsWith('!')) return { op: 'absent', key: checkKey(term.slice(1).trim(), selector) };
    return { op: 'exists', key: checkKey(term, selector) };
  });
}

/** True when `labels` satisfy every requirement (an empty selector matches everything). */
export function matchesSelector(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  return selector.every(requirement => {
    const value = labels?.[requirement.key];
    switch (requirement.op) {
      case 'exists':
        return value !== undefined;
      case 'absent':
        return value === undefined;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notin':
        return value === undefined || !requirement.values.includes(value);
      default:
        return false;
    }
  });
}
