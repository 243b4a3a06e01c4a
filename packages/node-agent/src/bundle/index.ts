import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = '@internal/node-agent';

/** The package directory, resolved like any dependency (works from src/ and from dist/). */
export function nodeAgentPackageDir(): string {
  return path.dirname(require.resolve(`${PACKAGE_NAME}/package.json`));
}

/** Path of the bundled agent file (may not exist yet). */
export function nodeAgentBundlePath(): string {
  return path.join(nodeAgentPackageDir(), 'dist', 'bundle', 'node-agent.js');
}

/**
 * Builds (with esbuild, when the sources are newer than the bundle) and returns the path of the
 * single-file agent. Needs the package sources; a shipped package uses its prebuilt file.
 */
export function buildNodeAgentBundle(
  options: { force?: boolean } = {},
): string {
  const dir = nodeAgentPackageDir();
  // bin/build.js is plain CommonJS shared with the CLI launcher; loaded at run time on purpose.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builder = require(path.join(dir, 'bin', 'build.js')) as {
    ensureBuilt(name: string, o?: { force?: boolean }): string;
  };
  return builder.ensureBuilt('agent', options);
}

/**
 * The agent as one self-contained JavaScript file, for the bundle ConfigMap of
 * renderNodeAgentManifests(). Rebuilt first when running from sources that changed.
 */
export async function getNodeAgentBundle(): Promise<string> {
  const dir = nodeAgentPackageDir();
  const file = nodeAgentBundlePath();
  const hasSources = fs.existsSync(path.join(dir, 'src', 'agent', 'entry.ts'));
  if (hasSources) {
    try {
      buildNodeAgentBundle();
    } catch (err) {
      if (!fs.existsSync(file)) throw err;
    }
  }
  return fs.promises.readFile(file, 'utf8');
}
