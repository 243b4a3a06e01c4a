export { detectOtherAgents } from './detect';
export type { AgentInputs } from './detect';
export { AGENT_RULES } from './rules';
export type { AgentRule, AgentSignal } from './rules';
