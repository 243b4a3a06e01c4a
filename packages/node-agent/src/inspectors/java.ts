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

const LIBJVM = /^libjvm\.so$/;

/** Java: the launcher links libjli; the JVM maps libjvm. */
export const javaInspector: Inspector = {
  language: 'java',
  fromBinary(ctx) {
    const jvm = mappedMatching(ctx, LIBJVM);
    if (jvm) return { confidence: LEVEL.certain, evidence: [`maps: ${jvm}`] };
    const jli = neededMatching(ctx, /^libjli\.so/);
    if (jli)
      return { confidence: LEVEL.strong, evidence: [`elf: DT_NEEDED ${jli}`] };
    const sym = exported(ctx, RUNTIME_EXPORTS.java);
    if (sym)
      return { confidence: LEVEL.strong, evidence: [`elf: exports ${sym}`] };
    return undefined;
  },
  fromName(ctx) {
    const n = nameMatching(ctx, /^java$/);
    return n
      ? { confidence: LEVEL.name, evidence: [`name: ${n.from} ${n.name}`] }
      : undefined;
  },
  version(ctx) {
    return firstOf(
      () => envVersion(ctx, ['JAVA_VERSION'], v => v.replace(/^jdk-?/, '')),
      () => {
        // <home>/lib/server/libjvm.so (9+) or <home>/jre/lib/<arch>/server/libjvm.so (8).
        const jvm = mappedMatching(ctx, LIBJVM);
        const homes: string[] = [];
        if (jvm) {
          const m =
            /^(.*?)(?:\/jre)?\/lib\/(?:[^/]+\/)?server\/libjvm\.so$/.exec(jvm);
          if (m) homes.push(m[1]);
        }
        if (ctx.exe && basename(ctx.exe) === 'java')
          homes.push(ctx.exe.replace(/\/(jre\/)?bin\/java$/, ''));
        for (const home of homes) {
          const release = ctx.readInRoot(`${home}/release`);
          const m = release && /^JAVA_VERSION="([^"]{1,40})"/m.exec(release);
          if (m) return { version: m[1], evidence: `file: ${home}/release` };
        }
        return undefined;
      },
      () =>
        versionFrom(
          'path',
          [mappedMatching(ctx, LIBJVM), ctx.exe],
          /(?:java-|jdk-?|jre-?|openjdk-?|temurin-)(\d+(?:\.\d+)*)/,
        ),
    );
  },
};
