/*
 * A real collector (otelcol-obs) started with the generated gateway configuration forwards real
 * spans to the local Tempo, and its own metrics count them the way the status page reads them.
 */
import { ensureStackUp, waitFor, type StackInfo } from '@internal/test-stack';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { getDestinationSpec } from '../destinations';
import { parseSpanTotals } from '../install/spanMetrics';
import { renderGatewayConfig } from './config';

// Real processes and a real cluster: waits below have their own deadlines.
jest.setTimeout(240_000);

let info: StackInfo;
let collector: ChildProcess | undefined;
let dir: string;
let log = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  info = await ensureStackUp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-gateway-'));
}, 1_800_000);

afterAll(() => {
  collector?.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the generated gateway configuration', () => {
  it('forwards real spans to the local Tempo', async () => {
    const { config, env } = renderGatewayConfig({
      destinations: [
        {
          name: 'local-tempo',
          spec: getDestinationSpec('tempo'),
          signals: ['traces'],
          values: { endpoint: info.tempo.otlpGrpcEndpoint, tlsInsecure: true, compression: 'gzip' },
          secretsSet: [],
        },
      ],
    });
    expect(env).toEqual([]);
    // Only the listen addresses change for a process on this machine (the pod listens on 0.0.0.0).
    const [grpc, httpPort, health, metrics] = [await freePort(), await freePort(), await freePort(), await freePort()];
    config.receivers.otlp.protocols.grpc.endpoint = `127.0.0.1:${grpc}`;
    config.receivers.otlp.protocols.http.endpoint = `127.0.0.1:${httpPort}`;
    config.extensions.health_check.endpoint = `127.0.0.1:${health}`;
    config.service.telemetry.metrics.readers[0].pull.exporter.prometheus = { host: '127.0.0.1', port: metrics };
    const file = path.join(dir, 'gateway.yaml');
    fs.writeFileSync(file, stringify(config));

    collector = spawn(info.collectorBinary, [`--config=${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    collector.stdout!.on('data', d => (log += d));
    collector.stderr!.on('data', d => (log += d));
    await waitFor(
      'the collector to become healthy',
      async () => (collector!.exitCode !== null ? Promise.reject(new Error(log)) : (await fetch(`http://127.0.0.1:${health}/`)).ok),
      30_000,
      250,
    );

    const traceId = crypto.randomBytes(16).toString('hex');
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'pipeline-it' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: crypto.randomBytes(8).toString('hex'),
                  name: 'GET /checkout',
                  kind: 2,
                  startTimeUnixNano: String(now - 5_000_000n),
                  endTimeUnixNano: String(now),
                },
              ],
            },
          ],
        },
      ],
    };
    const sent = await fetch(`http://127.0.0.1:${httpPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(sent.status).toBe(200);

    const trace = await waitFor(
      `trace ${traceId} in Tempo`,
      async () => {
        // Tempo answers 200 with an empty trace until the ingester has it.
        const res = await fetch(`${info.tempo.httpUrl}/api/v2/traces/${traceId}`);
        const text = res.status === 200 ? await res.text() : '';
        return text.includes('GET /checkout') ? JSON.parse(text) : undefined;
      },
      60_000,
      1000,
    );
    expect(JSON.stringify(trace)).toContain('pipeline-it');

    const totals = await waitFor(
      'the exporter counter',
      async () => {
        const t = parseSpanTotals(await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text());
        return t.byExporter['otlp_grpc/local-tempo'] >= 1 ? t : undefined;
      },
      30_000,
      500,
    );
    expect(totals.received).toBeGreaterThanOrEqual(1);
  });
});
