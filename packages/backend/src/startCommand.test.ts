import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

/** Listens on the port unless something already does; either way the port is taken. */
async function occupy(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise(resolve => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('the README start command', () => {
  it('stops with a clear message, not a stack trace, when the backend port is taken', async () => {
    const servers = [await occupy(3000), await occupy(7007)];
    try {
      const result = spawnSync('bash', ['scripts/start.sh'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(
        /error: port (3000|7007) \(portal (frontend|backend)\) is already in use\. Stop whatever listens there/,
      );
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await Promise.all(servers.map(s => s && new Promise(r => s.close(r))));
    }
  }, 180_000);
});
