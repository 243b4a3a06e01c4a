/*
 * Points the portal at the running local stack (test/stack): writes app-config.local.yaml
 * with the stack's cluster (as the restricted ServiceAccount the product documents), Tempo
 * and Prometheus. The backend loads app-config.local.yaml after app-config.yaml.
 * When the stack is not running, a file this script wrote earlier is removed, so a stale
 * token never lingers; a hand-written app-config.local.yaml is left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { stackStatus } from '../test/stack/src';

const MARKER = '# Written by scripts/portal-config.ts from the running local stack.';
const target = path.resolve(__dirname, '..', 'app-config.local.yaml');

async function main() {
  const ours = fs.existsSync(target) && fs.readFileSync(target, 'utf8').startsWith(MARKER);
  const status = await stackStatus();
  if (!status.running || !status.healthy || !status.info) {
    if (ours) {
      fs.rmSync(target);
      console.log('portal-config: the local stack is not running; removed app-config.local.yaml');
    }
    return;
  }
  if (fs.existsSync(target) && !ours) {
    console.log('portal-config: app-config.local.yaml was written by hand; leaving it alone');
    return;
  }
  const { info } = status;
  const config = {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: info.apiServerUrl,
              authProvider: 'serviceAccount',
              serviceAccountToken: info.restricted.token,
              caData: Buffer.from(info.caCertPem).toString('base64'),
            },
          ],
        },
      ],
    },
    observability: {
      tempo: { url: info.tempo.httpUrl },
      prometheus: { url: info.prometheusUrl },
    },
  };
  fs.writeFileSync(
    target,
    `${MARKER}\n# Delete it (or run yarn stack:down) to use app-config.yaml alone.\n${stringify(config)}`,
    { mode: 0o600 },
  );
  console.log(`portal-config: wrote app-config.local.yaml (cluster local at ${info.apiServerUrl})`);
}

main().catch(error => {
  console.error(`portal-config: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
