import type { Inspector } from './types';
import { LEVEL } from './types';
import { neededMatching } from './util';

/** C++: the C++ standard library linked. Loses to any runtime (node links libstdc++ too). */
export const cppInspector: Inspector = {
  language: 'cpp',
  fromBinary(ctx) {
    const lib = neededMatching(ctx, /^lib(stdc\+\+|c\+\+)\.so/);
    return lib
      ? { confidence: LEVEL.cpp, evidence: [`elf: DT_NEEDED ${lib}`] }
      : undefined;
  },
  version(ctx) {
    for (const c of ctx.elf?.comment ?? []) {
      const gcc = /^GCC: .*?(\d+\.\d+\.\d+)\s*$/.exec(c);
      if (gcc) return { version: `gcc ${gcc[1]}`, evidence: 'elf: .comment' };
      const clang = /clang version (\d+\.\d+\.\d+)/.exec(c);
      if (clang)
        return { version: `clang ${clang[1]}`, evidence: 'elf: .comment' };
    }
    return undefined;
  },
};
