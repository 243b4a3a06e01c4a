import type { Inspector } from './types';
import { LEVEL } from './types';
import {
  envVersion,
  exported,
  firstOf,
  mappedMatching,
  nameMatching,
  versionFrom,
} from './util';
import { RUNTIME_EXPORTS } from '../elf/analyze';

/** .NET: the CoreCLR runtime mapped into the process (framework-dependent, apphost or single-file). */
export const dotnetInspector: Inspector = {
  language: 'dotnet',
  fromBinary(ctx) {
    const clr = mappedMatching(ctx, /^libcoreclr\.so$/);
    if (clr) return { confidence: LEVEL.certain, evidence: [`maps: ${clr}`] };
    const sym = exported(ctx, RUNTIME_EXPORTS.dotnet);
    if (sym)
      return { confidence: LEVEL.strong, evidence: [`elf: exports ${sym}`] };
    const fxr = mappedMatching(ctx, /^libhostfxr\.so$/);
    if (fxr) return { confidence: LEVEL.indirect, evidence: [`maps: ${fxr}`] };
    return undefined;
  },
  fromName(ctx) {
    const n = nameMatching(ctx, /^dotnet$/);
    return n
      ? { confidence: LEVEL.name, evidence: [`name: ${n.from} ${n.name}`] }
      : undefined;
  },
  version(ctx) {
    return firstOf(
      () => envVersion(ctx, ['DOTNET_VERSION', 'ASPNETCORE_VERSION']),
      () =>
        versionFrom(
          'maps',
          [mappedMatching(ctx, /^libcoreclr\.so$/)],
          /\/Microsoft\.NETCore\.App\/(\d+\.\d+\.\d+[^/]*)\//,
        ),
    );
  },
};
