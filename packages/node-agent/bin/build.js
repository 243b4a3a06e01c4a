/* eslint-disable */
// Bundles the CLI, the benchmark and the in-cluster agent with esbuild into dist/bundle/, only
// when a source file is newer than the bundle. Plain CommonJS so it runs without a build step.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const PKG_DIR = path.resolve(__dirname, '..');
const OUT_DIR = path.join(PKG_DIR, 'dist', 'bundle');

const ENTRIES = {
  cli: { entry: 'src/cli-main.ts', out: 'cli.js' },
  bench: { entry: 'bench/detect-bench.ts', out: 'bench.js' },
  agent: { entry: 'src/agent/entry.ts', out: 'node-agent.js' },
};

function newestMtime(dir) {
  let newest = 0;
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
        newest = Math.max(newest, fs.statSync(p).mtimeMs);
      }
    }
  };
  walk(dir);
  return newest;
}

function isStale(outFile) {
  let built;
  try {
    built = fs.statSync(outFile).mtimeMs;
  } catch {
    return true;
  }
  const srcNewest = Math.max(
    newestMtime(path.join(PKG_DIR, 'src')),
    newestMtime(path.join(PKG_DIR, 'bench')),
    fs.statSync(path.join(PKG_DIR, 'package.json')).mtimeMs,
    fs.statSync(__filename).mtimeMs,
  );
  return srcNewest > built;
}

function agentVersion() {
  return JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'))
    .version;
}

/** Builds one bundle when stale; returns its absolute path. */
function ensureBuilt(name, { force = false } = {}) {
  const spec = ENTRIES[name];
  if (!spec) throw new Error(`unknown bundle ${name}`);
  const outFile = path.join(OUT_DIR, spec.out);
  if (!force && !isStale(outFile)) return outFile;
  const esbuild = require('esbuild');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  // Build to a temporary name and rename, so concurrent runs never see half a file.
  const tmp = `${outFile}.${process.pid}.tmp`;
  esbuild.buildSync({
    entryPoints: [path.join(PKG_DIR, spec.entry)],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'error',
    define: { __NODE_AGENT_VERSION__: JSON.stringify(agentVersion()) },
    banner: {
      js: `// @internal/node-agent ${name} ${agentVersion()} (bundled, no dependencies)`,
    },
  });
  fs.renameSync(tmp, outFile);
  return outFile;
}

module.exports = { ensureBuilt, ENTRIES, OUT_DIR, PKG_DIR };

if (require.main === module) {
  const names = process.argv.slice(2).filter(a => !a.startsWith('-'));
  const force = process.argv.includes('--force');
  for (const name of names.length ? names : Object.keys(ENTRIES)) {
    const file = ensureBuilt(name, { force });
    process.stdout.write(
      `${path.relative(process.cwd(), file)} ${fs.statSync(file).size} bytes\n`,
    );
  }
}
