/*
 * The test collector (otelcol-obs, built by test/stack from config/otelcol-builder.yaml) holds
 * exactly the components the product's generated configurations use, so a config naming
 * anything else fails `validate` as it would in production. The expected set is derived by
 * rendering every configuration the product can generate, never written by hand.
 */
import { ensureBinaries } from '@internal/test-stack';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXPORTER_TYPES } from '@internal/plugin-observability-common';
import { parse, stringify } from 'yaml';
import { DESTINATIONS } from '../destinations';
import {
  allGeneratedConfigs,
  COMPONENT_KINDS,
  componentTypes,
  type ComponentTypes,
} from '../testing/generatedConfigs';

// Real processes: each `validate` has its own timeout below.
jest.setTimeout(240_000);

const run = promisify(execFile);
const configs = allGeneratedConfigs();
let otelcol: string;
let dir: string;

beforeAll(async () => {
  otelcol = (await ensureBinaries()).otelcol;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-components-'));
}, 1_800_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `otelcol-obs components`, reduced to the component types per kind. */
async function builtComponents(): Promise<ComponentTypes> {
  const { stdout } = await run(otelcol, ['components'], { timeout: 60_000 });
  const listed = parse(stdout) as Record<string, Array<{ name: string }> | undefined>;
  const out = {} as ComponentTypes;
  for (const kind of COMPONENT_KINDS) out[kind] = (listed[kind] ?? []).map(c => c.name).sort();
  return out;
}

describe('otelcol-obs components', () => {
  it('are exactly the component types of every generated configuration, plus debug', async () => {
    const used = componentTypes(configs.map(c => c.config));
    // debug: the issue names it for inspecting pipelines by hand (the gateway also uses it).
    const expected = { ...used, exporters: [...new Set([...used.exporters, 'debug'])].sort() };
    expect(await builtComponents()).toEqual(expected);
  });

  it('the derivation covers every exporter and auth extension the destination catalogue declares', () => {
    // Guards the derivation itself: a partial rendering would make the test above vacuous.
    const used = componentTypes(configs.map(c => c.config));
    expect(used.exporters).toEqual(expect.arrayContaining([...EXPORTER_TYPES, ...DESTINATIONS.map(d => d.exporter)]));
    const authTypes = DESTINATIONS.flatMap(d => (d.auth ? [d.auth.type === 'basic' ? 'basicauth' : 'bearertokenauth'] : []));
    expect(used.extensions).toEqual(expect.arrayContaining(authTypes));
    expect(used.extensions).toContain('health_check');
  });

  it('validate accepts every generated configuration, each destination variant included', async () => {
    const failures: string[] = [];
    for (const { name, config, env } of configs) {
      const file = path.join(dir, `${name.replace(/[^A-Za-z0-9=.-]/g, '_')}.yaml`);
      fs.writeFileSync(file, stringify(config));
      try {
        await run(otelcol, ['validate', `--config=${file}`], { env: { ...process.env, ...env }, timeout: 60_000 });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        failures.push(`${name}: ${err.stderr?.trim() || err.message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
