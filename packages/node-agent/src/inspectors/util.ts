import type { ProcessContext } from './context';
import type { VersionFinding } from './types';

export function basename(p: string | undefined): string {
  if (!p) return '';
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** First DT_NEEDED entry matching. */
export function neededMatching(
  ctx: ProcessContext,
  re: RegExp,
): string | undefined {
  return ctx.elf?.needed.find(n => re.test(n));
}

/** First mapped file whose basename matches. */
export function mappedMatching(
  ctx: ProcessContext,
  re: RegExp,
): string | undefined {
  return ctx.maps.find(p => re.test(basename(p)));
}

export function exported(
  ctx: ProcessContext,
  names: readonly string[],
): string | undefined {
  return ctx.elf?.exports.find(e => names.includes(e));
}

/** Matches the basename of the executable, then of argv[0]. */
export function nameMatching(
  ctx: ProcessContext,
  re: RegExp,
): { name: string; from: 'exe' | 'argv[0]' } | undefined {
  const exe = basename(ctx.exe);
  if (re.test(exe)) return { name: exe, from: 'exe' };
  const argv0 = basename(ctx.cmdline[0]?.split(' ')[0]);
  if (re.test(argv0)) return { name: argv0, from: 'argv[0]' };
  return undefined;
}

/** A version from the first of `keys` set in the environment (e.g. PYTHON_VERSION). */
export function envVersion(
  ctx: ProcessContext,
  keys: string[],
  clean: (v: string) => string = v => v,
): VersionFinding | undefined {
  for (const key of keys) {
    const raw = ctx.env.get(key);
    if (raw && /^[\w.+\-]{1,40}$/.test(raw.trim())) {
      return { version: clean(raw.trim()), evidence: `env: ${key}` };
    }
  }
  return undefined;
}

/** First capture of `re` over the candidates, with evidence naming where it came from. */
export function versionFrom(
  what: string,
  candidates: Array<string | undefined>,
  re: RegExp,
): VersionFinding | undefined {
  for (const c of candidates) {
    if (!c) continue;
    const m = re.exec(c);
    if (m) return { version: m[1], evidence: `${what}: ${c}` };
  }
  return undefined;
}

export function firstOf(
  ...finders: Array<() => VersionFinding | undefined>
): VersionFinding | undefined {
  for (const f of finders) {
    const v = f();
    if (v) return v;
  }
  return undefined;
}
