import { detectOtherAgents } from '../agents/detect';
import { CONFIDENCE, Language, PodSpecDetection } from '../types';
import { commandHints } from './command';
import { envHints } from './env';
import { ImageHint, imageHints, imageLibc } from './image';
import type { ContainerSpec } from './types';

export type { ContainerSpec } from './types';
export { parseImage } from './image';

/**
 * Guesses a container's language from its spec (image, command, args, env) before any node agent
 * has looked at its processes. Pure. Confidence never exceeds CONFIDENCE.podSpecMax (0.5), below
 * every process-based result.
 */
export function detectFromPodSpec(container: ContainerSpec): PodSpecDetection {
  const env = new Map<string, string | undefined>();
  for (const e of container.env ?? []) {
    if (e && typeof e.name === 'string' && !env.has(e.name)) {
      env.set(e.name, typeof e.value === 'string' ? e.value : undefined);
    }
  }
  const hints: ImageHint[] = [
    ...imageHints(container.image),
    ...commandHints(container.command, container.args),
    ...envHints(env),
  ];

  const scores = new Map<Language, number>();
  for (const h of hints)
    scores.set(h.language, (scores.get(h.language) ?? 0) + h.weight);
  let language: Language = 'unknown';
  let score = 0;
  for (const [lang, s] of scores) {
    if (s > score) {
      language = lang;
      score = s;
    }
  }

  const winning = hints.filter(h => h.language === language);
  const version = winning.find(h => h.version)?.version ?? null;
  const evidence = winning.map(h => h.evidence);
  const others = hints.filter(h => h.language !== language);
  if (others.length > 0) {
    evidence.push(
      `also seen: ${others
        .map(h => `${h.language} (${h.evidence})`)
        .join(', ')}`,
    );
  }
  // Agreement between independent hints raises confidence towards the cap (never reaching
  // process level); disagreement lowers it.
  const against = others.reduce((sum, h) => sum + h.weight, 0);
  const net = Math.max(0.05, score - against / 2);
  const confidence =
    language === 'unknown'
      ? 0
      : Math.round(CONFIDENCE.podSpecMax * (1 - Math.exp(-2 * net)) * 100) /
        100;

  const cmdline = [...(container.command ?? []), ...(container.args ?? [])];
  return {
    container: container.name,
    language,
    runtimeVersion: version,
    libc: imageLibc(container.image) ?? 'unknown',
    otherAgents: detectOtherAgents({ env, cmdline }),
    confidence,
    evidence,
    source: 'podspec',
  };
}
