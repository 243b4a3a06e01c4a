import type { Inspector } from './types';
import { LEVEL } from './types';
import {
  basename,
  envVersion,
  exported,
  firstOf,
  nameMatching,
  neededMatching,
  versionFrom,
} from './util';
import { RUNTIME_EXPORTS } from '../elf/analyze';

/** NODE_MODULE_VERSION (the libnode.so soname) to Node.js major version. */
const ABI_TO_MAJOR: Record<string, string> = {
  '72': '12',
  '83': '14',
  '93': '16',
  '108': '18',
  '115': '20',
  '127': '22',
  '137': '24',
};

/** Node.js: the N-API symbols every node binary exports for addons, or a linked libnode. */
export const nodejsInspector: Inspector = {
  language: 'nodejs',
  fromBinary(ctx) {
    const lib = neededMatching(ctx, /^libnode\.so/);
    if (lib)
      return { confidence: LEVEL.certain, evidence: [`elf: DT_NEEDED ${lib}`] };
    const sym = exported(ctx, RUNTIME_EXPORTS.nodejs);
    if (sym)
      return { confidence: LEVEL.strong, evidence: [`elf: exports ${sym}`] };
    return undefined;
  },
  fromName(ctx) {
    const n = nameMatching(ctx, /^(node|nodejs)$/);
    return n
      ? { confidence: LEVEL.name, evidence: [`name: ${n.from} ${n.name}`] }
      : undefined;
  },
  version(ctx) {
    return firstOf(
      () => envVersion(ctx, ['NODE_VERSION'], v => v.replace(/^v/, '')),
      () => versionFrom('path', [ctx.exe], /node-v(\d+\.\d+\.\d+)/),
      () => {
        const lib = neededMatching(ctx, /^libnode\.so\.\d+/);
        const abi = lib && /^libnode\.so\.(\d+)/.exec(basename(lib))?.[1];
        const major = abi ? ABI_TO_MAJOR[abi] : undefined;
        return major
          ? { version: major, evidence: `library: ${lib}` }
          : undefined;
      },
    );
  },
};
