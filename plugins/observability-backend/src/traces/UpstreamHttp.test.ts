import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isResponseTooLarge, UpstreamHttp } from './UpstreamHttp';

/*
 * A real local HTTP server stands in for "an upstream that misbehaves": it stalls, answers
 * too much, or errors, which a real Tempo cannot be made to do on demand.
 */
let server: http.Server;
let baseUrl: string;
const seen: { url?: string; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    if (req.url?.startsWith('/base/stall')) return; // never answers
    if (req.url?.startsWith('/base/huge')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`"${'x'.repeat(5000)}"`);
      return;
    }
    if (req.url?.startsWith('/base/missing')) {
      res.writeHead(404);
      res.end('trace not found\n');
      return;
    }
    if (req.url?.startsWith('/base/broken')) {
      res.writeHead(500);
      res.end('trace exceeds max size (max bytes: 5000000)');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, url: req.url }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

function client(
  overrides: Partial<ConstructorParameters<typeof UpstreamHttp>[0]> = {},
) {
  return new UpstreamHttp({
    name: 'Tempo',
    baseUrl,
    headers: { 'X-Scope-OrgID': 'team-a' },
    timeoutMs: 300,
    maxResponseBytes: 1000,
    ...overrides,
  });
}

describe('UpstreamHttp', () => {
  it('stays under the configured base path and encodes query values', async () => {
    const body = await client().getJson<{ url: string }>('/api/search', {
      q: '{ name = "a&b" }',
      limit: 5,
    });
    expect(body.url).toBe(
      '/base/api/search?q=%7B+name+%3D+%22a%26b%22+%7D&limit=5',
    );
    expect(seen.at(-1)?.headers['x-scope-orgid']).toBe('team-a');
    expect(() => client().url('/../../other')).toThrow(
      /outside the configured Tempo URL/,
    );
    expect(() => client().url('//evil.example/x')).toThrow(
      /outside the configured Tempo URL/,
    );
  });

  it('gives up on a stalled upstream after the timeout with a clear message', async () => {
    await expect(client().getText('/stall')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /Tempo at .* is unreachable: no answer within 300 ms/,
      ),
    });
  });

  it('reports an upstream that is down', async () => {
    const down = client({ baseUrl: 'http://127.0.0.1:1/' });
    await expect(down.getText('/ready')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
  });

  it('refuses answers over the size limit', async () => {
    const error = await client()
      .getText('/huge')
      .catch(e => e);
    expect(isResponseTooLarge(error)).toBe(true);
    expect(error.message).toMatch(/over the 0\.0 MB limit/);
  });

  it('maps 404 to NotFoundError and other statuses to ServiceUnavailableError', async () => {
    await expect(client().getText('/missing')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'Tempo: trace not found',
    });
    await expect(client().getText('/broken')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'Tempo answered HTTP 500: trace exceeds max size (max bytes: 5000000)',
    });
  });
});
