import dns from 'node:dns/promises';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import tls from 'node:tls';
import type { ConnectionTestStage } from '@internal/plugin-observability-common';

/** A failure at a known stage, with a message safe to show (no secret values). */
export class ProbeError extends Error {
  constructor(
    readonly stage: ConnectionTestStage,
    message: string,
  ) {
    super(message);
  }
}

export interface TlsOptions {
  /** Plaintext instead of TLS. */
  insecure: boolean;
  skipVerify: boolean;
  caPem?: string;
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|ERR_OSSL)/;
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

/** Classifies a socket-level error into a stage. */
export function classifyError(error: unknown, what: string): ProbeError {
  if (error instanceof ProbeError) return error;
  const e = error as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  const detail = `${code ? `${code}: ` : ''}${e?.message ?? String(error)}`;
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(e?.message ?? '')) {
    return new ProbeError('tls', `${what}: TLS failed (${detail})`);
  }
  if (CONNECT_CODES.has(code)) return new ProbeError('connect', `${what}: cannot connect (${detail})`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ProbeError('dns', `${what}: DNS lookup failed (${detail})`);
  }
  return new ProbeError('protocol', `${what}: ${detail}`);
}

/** Resolves the host first, so a DNS failure is reported as such. */
export async function resolveHost(host: string): Promise<void> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (/^[0-9.]+$/.test(bare) || bare.includes(':')) return;
  try {
    await dns.lookup(bare);
  } catch (e) {
    throw new ProbeError('dns', `DNS lookup of ${bare} failed (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

function tlsSecureContext(t: TlsOptions) {
  return { rejectUnauthorized: !t.skipVerify, ...(t.caPem ? { ca: t.caPem } : {}) };
}

/** An HTTP(S) request; resolves with status and the first 300 characters of the body. */
export function httpRequest(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: Buffer | string },
  t: TlsOptions,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const what = `${init.method} ${url.origin}${url.pathname}`;
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      {
        method: init.method,
        headers: init.headers,
        timeout: timeoutMs,
        ...(url.protocol === 'https:' ? tlsSecureContext(t) : {}),
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          if (body.length < 300) body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, 300) }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', e => reject(classifyError(e, what)));
    req.end(init.body);
  });
}

/** A gRPC unary call with an empty message; resolves with the gRPC status and message. */
export function grpcUnary(
  hostPort: string,
  path: string,
  headers: Record<string, string>,
  t: TlsOptions,
  timeoutMs: number,
): Promise<{ httpStatus: number; grpcStatus?: number; grpcMessage?: string }> {
  const authority = `${t.insecure ? 'http' : 'https'}://${hostPort}`;
  const what = `gRPC ${hostPort}${path}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const client = http2.connect(authority, t.insecure ? {} : tlsSecureContext(t));
    let timer: NodeJS.Timeout | undefined = undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.close();
      fn();
    };
    timer = setTimeout(
      () => finish(() => reject(new ProbeError('connect', `${what}: no answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
    client.on('error', e => finish(() => reject(classifyError(e, what))));
    const req = client.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    let httpStatus = 0;
    let grpcStatus: number | undefined;
    let grpcMessage: string | undefined;
    const take = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] !== undefined) grpcStatus = Number(h['grpc-status']);
      if (h['grpc-message'] !== undefined) {
        grpcMessage = decodeURIComponent(String(h['grpc-message'])).slice(0, 300);
      }
    };
    req.on('response', h => {
      httpStatus = Number(h[':status']);
      take(h);
    });
    req.on('trailers', take);
    req.on('data', () => undefined);
    req.on('end', () => finish(() => resolve({ httpStatus, grpcStatus, grpcMessage })));
    req.on('error', e => finish(() => reject(classifyError(e, what))));
    // One length-prefixed message: not compressed, zero bytes (an empty export request).
    req.end(Buffer.from([0, 0, 0, 0, 0]));
  });
}

/** DNS, TCP and TLS handshake only. */
export function tlsHandshake(hostPort: string, t: TlsOptions, timeoutMs: number): Promise<void> {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i);
  const port = Number(hostPort.slice(i + 1));
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: host, timeout: timeoutMs, ...tlsSecureContext(t) }, () => {
      socket.end();
      resolve();
    });
    socket.on('timeout', () => {
      socket.destroy();
      reject(new ProbeError('connect', `${hostPort}: no answer within ${timeoutMs} ms`));
    });
    socket.on('error', e => reject(classifyError(e, hostPort)));
  });
}
