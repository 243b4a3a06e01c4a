/*
 * otelcol-obs is built from config/otelcol-builder.yaml and runs `validate`. Whether that
 * manifest holds exactly the components the product generates is checked where the product's
 * renderers live: plugins/observability-backend/src/pipeline/collector/collectorComponents.integration.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ensureBinaries, renderCollectorManifest } from './build';
import { STACK_SETUP_TIMEOUT_MS } from './testUtils';
import { loadVersions } from './versions';

const KINDS = [
  'receivers',
  'processors',
  'exporters',
  'connectors',
  'extensions',
];

function collector(binary: string, args: string[]) {
  return spawnSync(binary, args, { encoding: 'utf8', timeout: 60_000 });
}

function validate(binary: string, config: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otelcol-obs-'));
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, config);
  try {
    return collector(binary, ['validate', `--config=${file}`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Module paths with versions, per kind: `go.opentelemetry.io/.../otlpreceiver v0.152.0`. */
function modulesByKind(doc: Record<string, unknown>, key: 'gomod' | 'module') {
  return Object.fromEntries(
    KINDS.map(kind => [
      kind,
      ((doc[kind] as Array<Record<string, string>> | null) ?? [])
        .map(c => c[key])
        .sort(),
    ]),
  );
}

// Uses only components in the manifest; `debug` stands in for "inspect by hand".
const GATEWAY = `
extensions:
  health_check:
    endpoint: 127.0.0.1:0
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:0
processors:
  memory_limiter:
    check_interval: 1s
    limit_percentage: 80
    spike_limit_percentage: 20
  batch: {}
exporters:
  otlp_grpc:
    endpoint: tempo.example:4317
  debug: {}
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, batch]
      exporters: [otlp_grpc, debug]
`;

// The package's `testTimeout` is not applied under `backstage-cli repo test` (a global option).
jest.setTimeout(300_000);

describe('otelcol-obs', () => {
  let binary: string;

  beforeAll(async () => {
    // The binary of the current manifest (a running stack's StackInfo keeps the path it started with).
    binary = (await ensureBinaries()).otelcol;
  }, STACK_SETUP_TIMEOUT_MS);

  it('contains exactly the modules its builder manifest lists', () => {
    const res = collector(binary, ['components']);
    expect(res.status).toBe(0);
    const manifest = parse(renderCollectorManifest(loadVersions()));
    expect(modulesByKind(parse(res.stdout), 'module')).toEqual(
      modulesByKind(manifest, 'gomod'),
    );
  });

  it('validates a gateway config and rejects a broken one or a component not built in', () => {
    const ok = validate(binary, GATEWAY);
    expect(`exit ${ok.status} ${ok.stderr}`.trim()).toMatch(/^exit 0\b/);
    const broken = validate(
      binary,
      GATEWAY.replace(
        'exporters: [otlp_grpc, debug]',
        'exporters: [nonexistent]',
      ),
    );
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/nonexistent/);
    const notBuiltIn = validate(
      binary,
      GATEWAY.replace('  batch: {}', '  batch: {}\n  tail_sampling: {}'),
    );
    expect(notBuiltIn.status).not.toBe(0);
    expect(notBuiltIn.stderr).toMatch(/tail_sampling/);
  });
});
