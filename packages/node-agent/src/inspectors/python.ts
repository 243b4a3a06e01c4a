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

const LIBPYTHON = /^libpython\d/;

/** Python: libpython linked or mapped, or the interpreter's exported C API (static builds). */
export const pythonInspector: Inspector = {
  language: 'python',
  fromBinary(ctx) {
    const lib = neededMatching(ctx, LIBPYTHON);
    if (lib)
      return { confidence: LEVEL.certain, evidence: [`elf: DT_NEEDED ${lib}`] };
    const sym = exported(ctx, RUNTIME_EXPORTS.python);
    if (sym)
      return { confidence: LEVEL.strong, evidence: [`elf: exports ${sym}`] };
    const mapped = mappedMatching(ctx, LIBPYTHON);
    if (mapped)
      return { confidence: LEVEL.mapped, evidence: [`maps: ${mapped}`] };
    return undefined;
  },
  fromName(ctx) {
    const n = nameMatching(ctx, /^(python(\d+(\.\d+)?)?|pypy\d*)$/);
    return n
      ? { confidence: LEVEL.name, evidence: [`name: ${n.from} ${n.name}`] }
      : undefined;
  },
  version(ctx) {
    return firstOf(
      () => envVersion(ctx, ['PYTHON_VERSION']),
      () =>
        versionFrom(
          'path',
          [ctx.exe],
          /\/(?:versions|Python-|python-)\/?(\d+\.\d+\.\d+)\//,
        ),
      () =>
        versionFrom(
          'library',
          [
            neededMatching(ctx, LIBPYTHON),
            basename(mappedMatching(ctx, LIBPYTHON)),
          ],
          /^libpython(\d+\.\d+)/,
        ),
      () => versionFrom('exe', [basename(ctx.exe)], /^python(\d+\.\d+)$/),
      () => versionFrom('maps', ctx.maps, /\/lib\/python(\d+\.\d+)\//),
    );
  },
};
