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

const LIBPHP = /^libphp/;

/** PHP: the Zend engine exported by the CLI/FPM binaries, or libphp (Apache mod_php, embed). */
export const phpInspector: Inspector = {
  language: 'php',
  fromBinary(ctx) {
    const lib = neededMatching(ctx, LIBPHP);
    if (lib)
      return { confidence: LEVEL.certain, evidence: [`elf: DT_NEEDED ${lib}`] };
    const sym = exported(ctx, RUNTIME_EXPORTS.php);
    if (sym)
      return { confidence: LEVEL.strong, evidence: [`elf: exports ${sym}`] };
    const mapped = mappedMatching(ctx, LIBPHP);
    if (mapped)
      return { confidence: LEVEL.mapped, evidence: [`maps: ${mapped}`] };
    return undefined;
  },
  fromName(ctx) {
    const n = nameMatching(
      ctx,
      /^php(\d+(\.\d+)?)?(-fpm(\d+(\.\d+)?)?|-cgi|-cli)?:?$/,
    );
    return n
      ? { confidence: LEVEL.name, evidence: [`name: ${n.from} ${n.name}`] }
      : undefined;
  },
  version(ctx) {
    return firstOf(
      () => envVersion(ctx, ['PHP_VERSION']),
      () => versionFrom('exe', [basename(ctx.exe)], /^php(?:-fpm)?(\d+\.\d+)$/),
      () =>
        versionFrom(
          'library',
          [neededMatching(ctx, LIBPHP), basename(mappedMatching(ctx, LIBPHP))],
          /^libphp(\d+(?:\.\d+)?)\.so/,
        ),
    );
  },
};
