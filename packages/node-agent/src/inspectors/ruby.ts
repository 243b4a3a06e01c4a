import type { Inspector } from './types';
import { LEVEL } from './types';
import {
  basename,
  envVersion,
  exported,
  firstOf,
  mappedMatching,
  nameMatching,
  neededMatching,
  versionFrom,
} from './util';
import { RUNTIME_EXPORTS } from '../elf/analyze';

const LIBRUBY = /^libruby/;

/** Ruby: libruby linked or mapped, or the interpreter's exported C API. */
export const rubyInspector: Inspector = {
  language: 'ruby',
  fromBinary(ctx) {
    const lib = neededMatching(ctx, LIBRUBY);
    if (lib)
      return { confidence: LEVEL.certain, evidence: [`elf: DT_NEEDED ${lib}`] };
    const sym = exported(ctx, RUNTIME_EXPORTS.ruby);
    if (sym)
      return { confidence: LEVEL.strong, evidence: [`elf: exports ${sym}`] };
    const mapped = mappedMatching(ctx, LIBRUBY);
    if (mapped)
      return { confidence: LEVEL.mapped, evidence: [`maps: ${mapped}`] };
    return undefined;
  },
  fromName(ctx) {
    const n = nameMatching(ctx, /^ruby(\d+(\.\d+)?)?$/);
    return n
      ? { confidence: LEVEL.name, evidence: [`name: ${n.from} ${n.name}`] }
      : undefined;
  },
  version(ctx) {
    return firstOf(
      () => envVersion(ctx, ['RUBY_VERSION']),
      () =>
        versionFrom(
          'path',
          [ctx.exe],
          /\/(?:versions|ruby-)\/?(\d+\.\d+\.\d+)\//,
        ),
      () =>
        versionFrom(
          'library',
          [
            neededMatching(ctx, LIBRUBY),
            basename(mappedMatching(ctx, LIBRUBY)),
          ],
          /^libruby(?:-|\.so\.)(\d+\.\d+)/,
        ),
      () => versionFrom('exe', [basename(ctx.exe)], /^ruby(\d+\.\d+)$/),
    );
  },
};
