/*
 * Every generated configuration is accepted by the real collector (otelcol-obs, built by
 * test/stack from the release pinned in versions.json) with `otelcol validate`.
 */
import { ensureBinaries } from '@internal/test-stack';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { DESTINATIONS, type DestinationSpec } from '../destinations';
import { sampleSecret, sampleValues } from '../testing/samples';
import { renderGatewayConfig, renderNodeCollectorConfig, type SecretEnv } from './config';

// Real processes and a real cluster: waits below have their own deadlines.
jest.setTimeout(240_000);

const run = promisify(execFile);
let otelcol: string;
let dir: string;

beforeAll(async () => {
  otelcol = (await ensureBinaries()).otelcol;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-validate-'));
}, 1_800_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function validate(name: string, config: unknown, env: Record<string, string>) {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, stringify(config));
  try {
    await run(otelcol, ['validate', `--config=${file}`], { env: { ...process.env, ...env }, timeout: 60_000 });
    return 'valid';
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return `${name}: ${err.stderr?.trim() || err.message}`;
  }
}

function envFor(spec: DestinationSpec, env: SecretEnv[]): Record<string, string> {
  return Object.fromEntries(
    env.map(e => [e.env, sampleSecret(spec.fields.find(f => f.name === e.key)!)]),
  );
}

describe('generated collector configs pass `otelcol validate`', () => {
  it('the harness rejects what the collector rejects', async () => {
    const { config } = renderGatewayConfig({ destinations: [] });
    config.exporters.debug.unknown_option = true;
    expect(await validate('broken', config, {})).toMatch(/unknown_option/);
  });

  it('node collector', async () => {
    expect(await validate('node', renderNodeCollectorConfig({ cluster: 'local' }), { K8S_NODE_NAME: 'n' })).toBe('valid');
  });

  it('gateway without destinations', async () => {
    expect(await validate('empty', renderGatewayConfig({ destinations: [] }).config, {})).toBe('valid');
  });

  it.each(DESTINATIONS.map((spec, i) => [spec.type, spec, i] as const))(
    'gateway with a %s destination',
    async (_, spec, i) => {
      const { values, secrets } = sampleValues(spec);
      const name = `d${i}-${spec.type}`.slice(0, 40);
      const { config, env } = renderGatewayConfig({
        destinations: [{ name, spec, signals: spec.signals, values, secretsSet: Object.keys(secrets) }],
      });
      expect(await validate(name, config, envFor(spec, env))).toBe('valid');
    },
  );
});
