import type { Inspector } from './types';
import { LEVEL } from './types';

/** Rust: rustc's .comment entry, Rust runtime symbols, or std's embedded source paths. */
export const rustInspector: Inspector = {
  language: 'rust',
  fromBinary(ctx) {
    const rust = ctx.elf?.rust;
    if (!rust) return undefined;
    const fromComment = rust.evidence.includes('.comment');
    return {
      confidence: fromComment ? LEVEL.strong : LEVEL.indirect,
      evidence: [rust.evidence],
    };
  },
  version(ctx) {
    const v = ctx.elf?.rust?.version;
    return v
      ? { version: v, evidence: 'elf: rustc identification' }
      : undefined;
  },
};
