import type { ImageHint } from './image';

function base(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

const PROGRAMS: Array<{
  re: RegExp;
  language: ImageHint['language'];
  weight: number;
}> = [
  { re: /^java$/, language: 'java', weight: 0.45 },
  {
    re: /^(python[\d.]*|pypy\d*|gunicorn|uvicorn|celery|hypercorn|daphne|flask|django-admin|pip\d*|poetry|uv|pdm|opentelemetry-instrument|ddtrace-run|newrelic-admin)$/,
    language: 'python',
    weight: 0.45,
  },
  {
    re: /^(node|nodejs|npm|npx|yarn|pnpm|tsx|ts-node|pm2(-runtime)?)$/,
    language: 'nodejs',
    weight: 0.45,
  },
  { re: /^dotnet$/, language: 'dotnet', weight: 0.45 },
  {
    re: /^(ruby[\d.]*|bundle|bundler|rails|puma|unicorn|rackup|sidekiq|rake)$/,
    language: 'ruby',
    weight: 0.45,
  },
  {
    re: /^(php[\d.]*|php-fpm[\d.]*|artisan|composer|frankenphp)$/,
    language: 'php',
    weight: 0.45,
  },
];

const SCRIPTS: Array<{
  re: RegExp;
  language: ImageHint['language'];
  weight: number;
}> = [
  { re: /\.(jar|war)$/, language: 'java', weight: 0.4 },
  { re: /\.py$/, language: 'python', weight: 0.35 },
  { re: /\.(js|mjs|cjs)$/, language: 'nodejs', weight: 0.35 },
  { re: /\.dll$/, language: 'dotnet', weight: 0.35 },
  { re: /\.rb$|^config\.ru$/, language: 'ruby', weight: 0.35 },
  { re: /\.php$/, language: 'php', weight: 0.35 },
];

const SHELLS = /^(sh|bash|dash|ash|zsh|tini|dumb-init|env|exec|su-exec|gosu)$/;

/**
 * Hints from command and args. Looks through shells and init wrappers (`sh -c "exec python ..."`,
 * `tini -- node server.js`) to the program they start.
 */
export function commandHints(
  command: string[] = [],
  args: string[] = [],
): ImageHint[] {
  const words = [...command, ...args]
    .flatMap(w => w.split(/\s+/))
    .filter(w => w.length > 0 && w !== '--' && w !== '-c');
  const hints: ImageHint[] = [];
  // The first non-wrapper word is the program.
  const program = words.find(
    w => !SHELLS.test(base(w)) && !w.startsWith('-') && !w.includes('='),
  );
  if (program) {
    const p = PROGRAMS.find(x => x.re.test(base(program)));
    if (p)
      hints.push({
        language: p.language,
        weight: p.weight,
        evidence: `command: ${base(program)}`,
      });
  }
  for (const w of words) {
    const s = SCRIPTS.find(x => x.re.test(base(w)));
    if (s) {
      hints.push({
        language: s.language,
        weight: s.weight,
        evidence: `args: ${base(w)}`,
      });
      break;
    }
  }
  return hints;
}
