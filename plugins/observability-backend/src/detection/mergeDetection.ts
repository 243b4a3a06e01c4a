import {
  detectFromPodSpec,
  type ContainerSpec,
  type ProcessFinding,
} from '@internal/node-agent';
import type { ContainerDetection } from '@internal/plugin-observability-common';

/**
 * What runs in a container: the node agent's process findings when it has reported on any
 * of the container's pods (the most confident process wins, the lowest pid breaks ties),
 * otherwise the pod-spec guess, which always carries a lower confidence.
 */
export function mergeDetection(
  container: ContainerSpec,
  findings: ProcessFinding[],
): ContainerDetection {
  const best = [...findings]
    .filter(f => f.language !== 'unknown')
    .sort((a, b) => b.confidence - a.confidence || a.pid - b.pid)[0];
  if (best) {
    return {
      language: best.language,
      runtimeVersion: best.runtimeVersion,
      libc: best.libc,
      otherAgents: best.otherAgents,
      confidence: best.confidence,
      evidence: best.evidence,
      source: 'process',
    };
  }
  const guess = detectFromPodSpec(container);
  return {
    language: guess.language,
    runtimeVersion: guess.runtimeVersion,
    libc: guess.libc,
    otherAgents: guess.otherAgents,
    confidence: guess.confidence,
    evidence: guess.evidence,
    source: 'podspec',
  };
}
