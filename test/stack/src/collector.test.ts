import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StackInfo } from './stack';
import { STACK_SETUP_TIMEOUT_MS, stackForTests } from './testUtils';

const EXPECTED: Record<string, string[]> = {
  receivers: ['otlp', 'prometheus'],
  processors: [
    'memory_limiter',
    'batch',
    'k8s_attributes',
    'resource',
    'attributes',
    'filter',
    'transform',
    'probabilistic_sampler',
    'tail_sampling',
  ],
  exporters: [
    'otlp_grpc',
    'otlp_http',
    'debug',
    'loadbalancing',
    'datadog',
    'awsxray',
    'googlecloud',
    'azuremonitor',
    'elasticsearch',
    'splunk_hec',
    'sumologic',
    'coralogix',
    'logzio',
  ],
  connectors: ['service_graph', 'span_metrics', 'routing'],
  extensions: [
    'health_check',
    'basicauth',
    'bearertokenauth',
    'headers_setter',
  ],
};

function collector(info: StackInfo, args: string[]) {
  return spawnSync(info.collectorBinary, args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      DD_API_KEY: 'dd-test-key',
      VENDOR_TOKEN: 'vendor-test-token',
    },
  });
}

function validate(info: StackInfo, config: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otelcol-obs-'));
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, config);
  try {
    return collector(info, ['validate', `--config=${file}`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const GATEWAY = `
extensions:
  health_check:
    endpoint: 127.0.0.1:0
  bearertokenauth:
    token: \${env:VENDOR_TOKEN}
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
  k8s_attributes:
    auth_type: serviceAccount
    extract:
      metadata: [k8s.namespace.name, k8s.deployment.name, k8s.pod.name]
  batch: {}
  tail_sampling:
    policies:
      - name: errors
        type: status_code
        status_code: { status_codes: [ERROR] }
connectors:
  service_graph: {}
  span_metrics: {}
exporters:
  otlp_grpc:
    endpoint: tempo.example:4317
  otlp_http/vendor:
    endpoint: https://otlp.vendor.example
    auth:
      authenticator: bearertokenauth
  datadog:
    api:
      key: \${env:DD_API_KEY}
  debug: {}
service:
  extensions: [health_check, bearertokenauth]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, k8s_attributes, tail_sampling, batch]
      exporters: [otlp_grpc, otlp_http/vendor, datadog, service_graph, span_metrics]
    metrics:
      receivers: [service_graph, span_metrics]
      exporters: [debug]
`;

// The package's `testTimeout` is not applied under `backstage-cli repo test` (a global option).
jest.setTimeout(300_000);

describe('otelcol-obs', () => {
  let info: StackInfo;

  beforeAll(async () => {
    ({ info } = await stackForTests());
  }, STACK_SETUP_TIMEOUT_MS);

  it('contains every component the product writes configs for', () => {
    const res = collector(info, ['components']);
    expect(res.status).toBe(0);
    for (const [kind, names] of Object.entries(EXPECTED)) {
      const section = res.stdout.split(`${kind}:`)[1] ?? '';
      for (const name of names) {
        expect(
          `${kind}: ${
            section.includes(`name: ${name}\n`) ? name : `missing ${name}`
          }`,
        ).toBe(`${kind}: ${name}`);
      }
    }
  });

  it('validates a gateway config and rejects a broken one', () => {
    const ok = validate(info, GATEWAY);
    expect(`exit ${ok.status} ${ok.stderr}`.trim()).toMatch(/^exit 0\b/);
    const broken = validate(
      info,
      GATEWAY.replace('exporters: [debug]', 'exporters: [nonexistent]'),
    );
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/nonexistent/);
  });
});
