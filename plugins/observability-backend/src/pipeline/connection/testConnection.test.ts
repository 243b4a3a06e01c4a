import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { getDestinationSpec } from '../destinations';
import { testConnection } from './testConnection';

function grpcStatus(known: boolean, ok: boolean): number {
  if (!known) return 12;
  return ok ? 0 : 16;
}

/** Real local servers: an OTLP/HTTP endpoint that checks a bearer token, and a gRPC one. */
let httpServer: http.Server;
let grpcServer: http2.Http2Server;
let httpPort: number;
let grpcPort: number;
const received: { path?: string; auth?: string }[] = [];

beforeAll(async () => {
  httpServer = http.createServer((req, res) => {
    received.push({ path: req.url, auth: req.headers.authorization });
    req.resume();
    let status = req.headers.authorization === 'Bearer right' ? 200 : 401;
    if (req.url !== '/v1/traces') status = 404;
    res.writeHead(status).end(status === 404 ? 'not found' : undefined);
  });
  grpcServer = http2.createServer();
  grpcServer.on('stream', (stream: http2.ServerHttp2Stream, headers) => {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      const ok = headers['x-honeycomb-team'] === 'right';
      const known = headers[':path'] === '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () =>
        stream.sendTrailers({
          'grpc-status': String(grpcStatus(known, ok)),
          'grpc-message': ok ? '' : 'bad key',
        }),
      );
      stream.end(ok && known ? Buffer.from([0, 0, 0, 0, 0]) : undefined);
    });
  });
  await new Promise<void>(r => httpServer.listen(0, '127.0.0.1', r));
  await new Promise<void>(r => grpcServer.listen(0, '127.0.0.1', r));
  httpPort = (httpServer.address() as AddressInfo).port;
  grpcPort = (grpcServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise(r => httpServer.close(r));
  await new Promise(r => grpcServer.close(r));
});

const otlpHttp = getDestinationSpec('otlp-http');
const tempo = getDestinationSpec('tempo');
const opts = { timeoutMs: 3000 };

function httpInput(token: string, endpoint = `http://127.0.0.1:${httpPort}`) {
  return { name: 'd', signals: ['traces' as const], values: { endpoint, encoding: 'proto', compression: 'gzip' }, secrets: { bearerToken: token } };
}

describe('testConnection', () => {
  it('succeeds against an OTLP/HTTP endpoint accepting the credentials', async () => {
    const r = await testConnection(otlpHttp, httpInput('right'), opts);
    expect(r).toMatchObject({ ok: true, stage: 'ok', endpoint: `http://127.0.0.1:${httpPort}/v1/traces` });
    expect(received.at(-1)).toEqual({ path: '/v1/traces', auth: 'Bearer right' });
  });

  it('reports rejected credentials as auth, without echoing the secret', async () => {
    const r = await testConnection(otlpHttp, httpInput('wrong-token-value'), opts);
    expect(r).toMatchObject({ ok: false, stage: 'auth' });
    expect(r.message).toContain('HTTP 401');
    expect(JSON.stringify(r)).not.toContain('wrong-token-value');
  });

  it('reports a wrong path as protocol', async () => {
    const r = await testConnection(otlpHttp, httpInput('right', `http://127.0.0.1:${httpPort}/nested`), opts);
    expect(r).toMatchObject({ ok: false, stage: 'protocol' });
    expect(r.message).toContain('HTTP 404');
  });

  it('reports DNS and connection failures', async () => {
    const dns = await testConnection(otlpHttp, httpInput('x', 'http://no-such-host.invalid:4318'), opts);
    expect(dns).toMatchObject({ ok: false, stage: 'dns' });
    const closed = await testConnection(otlpHttp, httpInput('x', 'http://127.0.0.1:1'), opts);
    expect(closed).toMatchObject({ ok: false, stage: 'connect' });
  });

  it('reports TLS failures when TLS is expected from a plaintext server', async () => {
    const r = await testConnection(otlpHttp, httpInput('x', `https://127.0.0.1:${httpPort}`), opts);
    expect(r).toMatchObject({ ok: false, stage: 'tls' });
  });

  it('hides a secret endpoint URL (token in the path) in what it reports', async () => {
    const sumo = getDestinationSpec('sumo-logic');
    const secretUrl = `http://127.0.0.1:${httpPort}/receiver/v1/otlp/TOKEN123456`;
    const r = await testConnection(
      { ...sumo, fields: sumo.fields.map(f => ({ ...f, pattern: undefined })) },
      { name: 's', signals: ['traces'], values: { compression: 'gzip' }, secrets: { endpoint: secretUrl } },
      opts,
    );
    expect(r).toMatchObject({ ok: false, stage: 'protocol' });
    expect(JSON.stringify(r)).not.toContain('TOKEN123456');
    expect(r.endpoint).toBe('***/v1/traces');
  });

  it('sends an empty OTLP/gRPC export and maps gRPC statuses', async () => {
    const honeycomb = getDestinationSpec('honeycomb');
    const grpc = (key: string) =>
      testConnection(
        { ...honeycomb, fields: honeycomb.fields.map(f => (f.name === 'endpoint' ? { ...f, type: 'hostPort' as const, options: undefined } : f)), config: { ...honeycomb.config, tls: { insecure: true } } },
        { name: 'hc', signals: ['traces'], values: { endpoint: `127.0.0.1:${grpcPort}` }, secrets: { apiKey: key } },
        opts,
      );
    expect(await grpc('right')).toMatchObject({ ok: true, stage: 'ok' });
    const bad = await grpc('wrong-key-123');
    expect(bad).toMatchObject({ ok: false, stage: 'auth' });
    expect(bad.message).toContain('UNAUTHENTICATED');
    expect(JSON.stringify(bad)).not.toContain('wrong-key-123');
  });

  it('reports an HTTP/1 server behind a gRPC destination as a protocol problem', async () => {
    const r = await testConnection(
      tempo,
      { name: 't', signals: ['traces'], values: { endpoint: `127.0.0.1:${httpPort}`, tlsInsecure: true }, secrets: {} },
      opts,
    );
    expect(r.ok).toBe(false);
    expect(r.stage).toBe('protocol');
  });
});
