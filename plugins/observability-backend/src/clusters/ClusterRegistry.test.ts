import type { ContainerDetection } from '@internal/plugin-observability-common';
import { createServer, type Server, type Socket } from 'node:net';
import { applyPlan, readWorkload } from '../instrumentation/applyInstrumentation';
import { planWorkload } from '../instrumentation/planWorkload';
import { ClusterRegistry } from './ClusterRegistry';

/** A TCP server that accepts connections and never answers (not even the TLS handshake). */
const openSockets = new Set<Socket>();
let silent: Server;
let port: number;

beforeAll(async () => {
  silent = createServer(socket => {
    openSockets.add(socket);
    // Reads and drops what arrives, so the client closing its end is seen here.
    socket.resume();
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  openSockets.forEach(socket => socket.destroy());
  await new Promise(resolve => silent.close(resolve));
});

const TIMEOUT_MS = 300;

function hungCluster() {
  return new ClusterRegistry(
    [
      {
        name: 'hung',
        url: `https://127.0.0.1:${port}`,
        authProvider: 'serviceAccount',
        serviceAccountToken: 'token',
        skipTLSVerify: true,
      },
    ],
    { requestTimeoutMs: TIMEOUT_MS },
  ).get('hung');
}

/** Resolves once the server has seen every connection closed: the client gave up on it. */
async function socketsClosed(deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (openSockets.size > 0 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return openSockets.size === 0;
}

const java: ContainerDetection = {
  language: 'java',
  runtimeVersion: '21',
  libc: 'glibc',
  otherAgents: [],
  confidence: 0.99,
  evidence: ['test'],
  source: 'process',
};

describe('ClusterRegistry request timeout', () => {
  it('aborts a read the cluster never answers, naming the cluster', async () => {
    const client = hungCluster();
    const started = Date.now();
    await expect(readWorkload(client, 'Deployment', 'shop', 'checkout')).rejects.toThrow(
      `cluster hung did not answer within ${TIMEOUT_MS} ms`,
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(await socketsClosed(1_000)).toBe(true);
  });

  it('aborts a server-side apply the cluster never answers and reports it as failed', async () => {
    const client = hungCluster();
    const plan = planWorkload({
      cluster: 'hung',
      kind: 'Deployment',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'checkout', namespace: 'shop' },
        spec: {
          template: {
            metadata: { labels: { app: 'checkout' } },
            spec: { containers: [{ name: 'app', image: 'eclipse-temurin:21-jre' }] },
          },
        },
      },
      detections: { app: java },
      service: { name: 'checkout' },
      sampling: { ratio: 1, propagators: ['tracecontext'] },
    });
    expect(plan.revision).not.toBe('');
    const started = Date.now();
    const result = await applyPlan(client, plan);
    const elapsed = Date.now() - started;
    expect(result.outcome).toBe('failed');
    expect(result.steps).toEqual([
      {
        step: 'server-side apply of the agent',
        ok: false,
        error: expect.stringContaining(`cluster hung did not answer within ${TIMEOUT_MS} ms`),
      },
    ]);
    expect(result.message).toContain('cluster hung did not answer');
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(await socketsClosed(1_000)).toBe(true);
  });
});
