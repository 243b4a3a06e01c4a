import type { ConnectionTestResult, Signal } from '@internal/plugin-observability-common';
import { renderExporter, type DestinationSpec } from '../destinations';
import type { TemplateValue } from '../destinations/types';
import { grpcUnary, httpRequest, ProbeError, resolveHost, tlsHandshake, type TlsOptions } from './probe';

export interface ConnectionTestInput {
  name: string;
  signals: Signal[];
  values: Record<string, string | number | boolean>;
  /** Secret values (entered now, or read from the destination's Secret). */
  secrets: Record<string, string>;
}

const GRPC_SERVICE: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const GRPC_AUTH_CODES = new Set([7, 16]);
const GRPC_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

function tlsOptions(config: Record<string, any>): TlsOptions {
  return {
    insecure: config.tls?.insecure === true,
    skipVerify: config.tls?.insecure_skip_verify === true,
    caPem: config.tls?.ca_pem,
  };
}

/** Headers the exporter would send: its `headers` plus what its auth extension adds. */
function exporterHeaders(spec: DestinationSpec, input: ConnectionTestInput, config: Record<string, any>) {
  const headers: Record<string, string> = { ...(config.headers ?? {}) };
  const rendered = renderExporter(spec, { ...input, secret: f => input.secrets[f] });
  for (const [id, ext] of Object.entries(rendered.extensions)) {
    const e = ext as any;
    if (id.startsWith('basicauth/')) {
      const { username, password } = e.client_auth;
      headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    } else if (id.startsWith('bearertokenauth/')) {
      headers.authorization = `Bearer ${e.token}`;
    }
  }
  return headers;
}

/** Substitutes `{field}` in a test template with the real values. */
function fillTest(spec: DestinationSpec, input: ConnectionTestInput, template: TemplateValue): any {
  const probe: DestinationSpec = { ...spec, config: { v: template }, auth: undefined };
  return renderExporter(probe, { ...input, secret: f => input.secrets[f] }).config.v;
}

function splitHostPort(endpoint: string): string {
  // Accept "host:port" and tolerate a scheme the user typed for gRPC endpoints.
  return endpoint.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

async function probeGrpc(endpoint: string, signal: Signal, headers: Record<string, string>, t: TlsOptions, timeoutMs: number) {
  const hostPort = splitHostPort(endpoint);
  await resolveHost(hostPort.slice(0, hostPort.lastIndexOf(':')));
  const r = await grpcUnary(hostPort, GRPC_SERVICE[signal], headers, t, timeoutMs);
  const what = `OTLP/gRPC ${hostPort}`;
  if (r.grpcStatus === 0) return `${what}: empty ${signal} export accepted`;
  if (r.grpcStatus === undefined) {
    const stage = r.httpStatus === 401 || r.httpStatus === 403 ? 'auth' : 'protocol';
    throw new ProbeError(stage, `${what}: HTTP ${r.httpStatus} without a gRPC status (not a gRPC endpoint?)`);
  }
  const name = GRPC_NAMES[r.grpcStatus] ?? String(r.grpcStatus);
  const detail = `${what}: gRPC ${name}${r.grpcMessage ? ` (${r.grpcMessage})` : ''}`;
  if (GRPC_AUTH_CODES.has(r.grpcStatus)) throw new ProbeError('auth', `${detail}: credentials rejected`);
  if (r.grpcStatus === 14) throw new ProbeError('connect', detail);
  throw new ProbeError('protocol', detail);
}

async function probeHttp(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string | Buffer },
  t: TlsOptions,
  timeoutMs: number,
  okStatuses?: number[],
) {
  await resolveHost(url.hostname);
  const r = await httpRequest(url, init, t, timeoutMs);
  const what = `${init.method} ${url.origin}${url.pathname}`;
  const ok = okStatuses ? okStatuses.includes(r.status) : r.status >= 200 && r.status < 300;
  if (ok) return `${what}: HTTP ${r.status}`;
  const detail = `${what}: HTTP ${r.status}${r.body ? ` (${r.body.replace(/\s+/g, ' ').trim()})` : ''}`;
  if (r.status === 401 || r.status === 403) throw new ProbeError('auth', `${detail}: credentials rejected`);
  throw new ProbeError('protocol', detail);
}

/** Replaces every secret value that might have been echoed back in a message. */
function redact(message: string, secrets: Record<string, string>): string {
  let out = message;
  for (const value of Object.values(secrets)) {
    if (value.length >= 4) out = out.split(value).join('***');
    // A secret URL (e.g. a Sumo Logic source) carries its token in the path: hide that too.
    const path = /^https?:\/\/[^/]+(\/[^?#]{4,})/.exec(value)?.[1];
    if (path) out = out.split(path).join('/***');
  }
  return out;
}

/**
 * Tests a destination the way its exporter would talk to it: only its configured endpoint is
 * contacted, and the result says where it stopped (dns, connect, tls, auth, protocol).
 */
export async function testConnection(
  spec: DestinationSpec,
  input: ConnectionTestInput,
  options: { timeoutMs: number },
): Promise<ConnectionTestResult> {
  const started = Date.now();
  let endpoint = '';
  const result = (ok: boolean, stage: ConnectionTestResult['stage'], message: string): ConnectionTestResult => ({
    ok,
    stage,
    message: redact(message, input.secrets),
    endpoint: redact(endpoint, input.secrets),
    durationMs: Date.now() - started,
  });
  try {
    const { config } = renderExporter(spec, { ...input, secret: f => input.secrets[f] });
    const t = tlsOptions(config);
    const signal = input.signals[0] ?? spec.signals[0];
    let message: string;
    if (spec.test.kind === 'otlp' && spec.exporter === 'otlp_grpc') {
      endpoint = String(config.endpoint);
      message = await probeGrpc(endpoint, signal, exporterHeaders(spec, input, config), t, options.timeoutMs);
    } else if (spec.test.kind === 'otlp') {
      const base = String(config.endpoint).replace(/\/+$/, '');
      const url = new URL(`${base}/v1/${signal}`);
      endpoint = `${url.origin}${url.pathname}`;
      const json = config.encoding === 'json';
      message = await probeHttp(
        url,
        {
          method: 'POST',
          headers: {
            ...exporterHeaders(spec, input, config),
            'content-type': json ? 'application/json' : 'application/x-protobuf',
          },
          body: json ? '{}' : Buffer.alloc(0),
        },
        t,
        options.timeoutMs,
      );
    } else if (spec.test.kind === 'http') {
      const url = new URL(fillTest(spec, input, spec.test.url));
      endpoint = `${url.origin}${url.pathname}`;
      const headers = spec.test.headers ? fillTest(spec, input, spec.test.headers) : {};
      message = await probeHttp(
        url,
        { method: spec.test.method, headers, body: spec.test.body },
        t,
        options.timeoutMs,
        spec.test.okStatuses,
      );
    } else {
      endpoint = fillTest(spec, input, spec.test.hostPort);
      await resolveHost(endpoint.slice(0, endpoint.lastIndexOf(':')));
      await tlsHandshake(endpoint, t, options.timeoutMs);
      message = `${endpoint}: TLS handshake succeeded; credentials come from the cluster's workload identity and are not tested from the portal`;
    }
    return result(true, 'ok', message);
  } catch (e) {
    if (e instanceof ProbeError) return result(false, e.stage, e.message);
    return result(false, 'config', (e as Error).message);
  }
}
