import {
  detectFromPodSpec,
  type ContainerSpec,
  type ProcessFinding,
} from '@internal/node-agent';
import type { ContainerDetection } from '@internal/plugin-observability-common';

type OtherAgent = ContainerDetection['otherAgents'][number];

/** One entry per vendor, the first one seen kept (callers list the strongest evidence first). */
function byVendor(agents: OtherAgent[]): OtherAgent[] {
  const found = new Map<string, OtherAgent>();
  for (const agent of agents) if (!found.has(agent.vendor)) found.set(agent.vendor, agent);
  return [...found.values()];
}

/**
 * What runs in a container. When the node agent has reported on any of the container's pods,
 * the process evidence decides language, runtime version and libc (the most confident process
 * wins, the lowest pid breaks ties); otherwise the pod-spec guess does, with a lower confidence.
 *
 * Other vendors' agents are merged from both: the node agent may not see an agent that only
 * the pod spec configures (a `DD_TRACE_ENABLED` env var, a licence key, a `-javaagent` in a
 * `JAVA_TOOL_OPTIONS` the process has not loaded yet), and applying ours next to it would
 * double-instrument. Process evidence comes first, one entry per vendor.
 */
export function mergeDetection(
  container: ContainerSpec,
  findings: ProcessFinding[],
): ContainerDetection {
  const guess = detectFromPodSpec(container);
  const ranked = [...findings].sort((a, b) => b.confidence - a.confidence || a.pid - b.pid);
  const best = ranked.find(f => f.language !== 'unknown');
  if (best) {
    const podSpecOnly = guess.otherAgents.map(agent => ({
      ...agent,
      evidence: `pod spec: ${agent.evidence}`,
    }));
    // Every process of the container counts: an agent may load in a wrapper, not the runtime.
    const fromProcesses = [best, ...ranked.filter(f => f !== best)].flatMap(f => f.otherAgents);
    return {
      language: best.language,
      runtimeVersion: best.runtimeVersion,
      libc: best.libc,
      otherAgents: byVendor([...fromProcesses, ...podSpecOnly]),
      confidence: best.confidence,
      evidence: best.evidence,
      source: 'process',
    };
  }
  return {
    language: guess.language,
    runtimeVersion: guess.runtimeVersion,
    libc: guess.libc,
    otherAgents: byVendor(guess.otherAgents),
    confidence: guess.confidence,
    evidence: guess.evidence,
    source: 'podspec',
  };
}
