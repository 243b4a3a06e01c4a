import type { Language } from '@internal/plugin-observability-common';
import { dotnetStrategy } from './dotnet';
import { ebpfStrategy } from './ebpf';
import { javaStrategy } from './java';
import { nodejsStrategy } from './nodejs';
import { pythonStrategy } from './python';
import type { Strategy } from './types';

export type { ContainerInjection, EnvExtension, InjectionContext, Strategy, StrategyId } from './types';

/** In-process agents first; the eBPF agent takes every other language it can see. */
export const STRATEGIES: Strategy[] = [
  javaStrategy,
  nodejsStrategy,
  pythonStrategy,
  dotnetStrategy,
  ebpfStrategy,
];

/** The strategy for a language, or undefined when nothing can instrument it. */
export function strategyFor(language: Language): Strategy | undefined {
  return STRATEGIES.find(s => s.languages.includes(language));
}
