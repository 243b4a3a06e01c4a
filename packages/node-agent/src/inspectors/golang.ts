import type { Inspector } from './types';
import { LEVEL } from './types';

/** Go: build info (`.go.buildinfo`) or the pc-line table section. Names are never trusted. */
export const golangInspector: Inspector = {
  language: 'go',
  fromBinary(ctx) {
    const elf = ctx.elf;
    if (elf?.go) {
      const mod = elf.go.path ? ` (${elf.go.path})` : '';
      return {
        confidence: LEVEL.certain,
        evidence: [`elf: .go.buildinfo ${elf.go.goVersion}${mod}`],
      };
    }
    if (elf?.hasGoPclntab) {
      return {
        confidence: LEVEL.indirect,
        evidence: ['elf: .gopclntab section'],
      };
    }
    return undefined;
  },
  version(ctx) {
    const go = ctx.elf?.go;
    return go
      ? { version: go.goVersion, evidence: 'elf: .go.buildinfo' }
      : undefined;
  },
};
