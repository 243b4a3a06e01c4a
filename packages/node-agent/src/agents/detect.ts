import type { OtherAgent } from '../types';
import { AGENT_RULES, AgentRule, AgentSignal } from './rules';

/** What agent detection may look at; any part may be missing (pod specs have no maps). */
export interface AgentInputs {
  /** Environment: a value of undefined means "set, value unknown" (valueFrom in a pod spec). */
  env?: Map<string, string | undefined>;
  cmdline?: string[];
  maps?: string[];
}

const DISABLED = new Set(['false', '0', 'no', 'off']);

function evidenceFor(
  signal: AgentSignal,
  inputs: AgentInputs,
  lowerCmd: string,
): string | undefined {
  switch (signal.kind) {
    case 'env': {
      if (!inputs.env?.has(signal.key)) return undefined;
      const v = inputs.env.get(signal.key);
      if (v !== undefined && DISABLED.has(v.trim().toLowerCase()))
        return undefined;
      return `env ${signal.key} is set`;
    }
    case 'envContains': {
      const v = inputs.env?.get(signal.key);
      return v !== undefined &&
        v.toLowerCase().includes(signal.token.toLowerCase())
        ? `env ${signal.key} contains ${signal.token}`
        : undefined;
    }
    case 'cmdline':
      return lowerCmd.includes(signal.token.toLowerCase())
        ? `cmdline contains ${signal.token}`
        : undefined;
    case 'maps': {
      const hit = inputs.maps?.find(p => p.includes(signal.token));
      return hit ? `maps: ${hit}` : undefined;
    }
    default:
      return undefined;
  }
}

/** Other vendors' agents, one entry per vendor, with the first (most specific) evidence found. */
export function detectOtherAgents(
  inputs: AgentInputs,
  rules: readonly AgentRule[] = AGENT_RULES,
): OtherAgent[] {
  const lowerCmd = (inputs.cmdline ?? []).join(' ').toLowerCase();
  const found = new Map<string, OtherAgent>();
  for (const rule of rules) {
    if (found.has(rule.vendor)) continue;
    const evidence = evidenceFor(rule.signal, inputs, lowerCmd);
    if (evidence)
      found.set(rule.vendor, {
        vendor: rule.vendor,
        name: rule.name,
        evidence,
      });
  }
  return [...found.values()];
}
