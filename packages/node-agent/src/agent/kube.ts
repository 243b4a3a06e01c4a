import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

/**
 * A minimal Kubernetes API client on node:http(s): no dependencies, so the agent bundles into one
 * file. In-cluster it uses the service-account token (re-read on every request, since bound
 * tokens rotate) and the cluster CA.
 */
export interface KubeConfig {
  /** e.g. "https://10.96.0.1:443". */
  server: string;
  tokenFile?: string;
  token?: string;
  /** PEM of the CA that signed the API server's certificate. */
  ca?: string;
  /** Per-request timeout for non-watch requests. Default 30 s. */
  timeoutMs?: number;
  /** A watch with no data for this long is dropped and reconnected. Default 6 min. */
  watchIdleMs?: number;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export function inClusterConfig(
  env: NodeJS.ProcessEnv = process.env,
): KubeConfig {
  if (env.KUBE_API_URL) {
    // For tests and local runs against a plain-HTTP fake API server.
    return {
      server: env.KUBE_API_URL,
      tokenFile: env.KUBE_TOKEN_FILE,
      token: env.KUBE_TOKEN,
    };
  }
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host)
    throw new Error(
      'not running in a cluster: KUBERNETES_SERVICE_HOST is not set',
    );
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    tokenFile: `${SA_DIR}/token`,
    ca: fs.readFileSync(`${SA_DIR}/ca.crt`, 'utf8'),
  };
}

export class KubeError extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'KubeError';
  }
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

export class KubeClient {
  constructor(private readonly config: KubeConfig) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json', ...extra };
    const token = this.config.tokenFile
      ? fs.readFileSync(this.config.tokenFile, 'utf8').trim()
      : this.config.token;
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }

  private open(method: string, path: string, headers: Record<string, string>) {
    const url = new URL(path, this.config.server);
    const mod = url.protocol === 'https:' ? https : http;
    return mod.request(url, {
      method,
      headers,
      ...(url.protocol === 'https:' && this.config.ca
        ? { ca: this.config.ca }
        : {}),
    });
  }

  /** One JSON request. Resolves with the parsed body; rejects with KubeError on non-2xx. */
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = this.open(
        method,
        path,
        this.headers(payload ? { 'Content-Type': contentType } : {}),
      );
      req.setTimeout(this.config.timeoutMs ?? 30_000, () =>
        req.destroy(new Error(`${method} ${path}: timed out`)),
      );
      req.on('error', reject);
      req.on('response', res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(new KubeError(status, text, `${method} ${path}`));
            return;
          }
          try {
            resolve(text ? JSON.parse(text) : undefined);
          } catch (err) {
            reject(err);
          }
        });
      });
      req.end(payload);
    });
  }

  /**
   * Streams a watch. Resolves when the server closes the stream (normal every few minutes) or
   * `signal` aborts; rejects on connection errors or a non-2xx answer.
   */
  watch(
    path: string,
    onEvent: (e: WatchEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = this.open('GET', path, this.headers());
      // A connection that dies silently would stall the watch forever: give up after a quiet
      // spell longer than the server-side timeoutSeconds, and let the caller reconnect.
      req.setTimeout(this.config.watchIdleMs ?? 6 * 60_000, () =>
        req.destroy(new Error(`watch ${path}: no data for too long`)),
      );
      const abort = () => req.destroy();
      if (signal) {
        if (signal.aborted) {
          resolve();
          return;
        }
        signal.addEventListener('abort', abort, { once: true });
      }
      let settled = false;
      const done = (err?: Error) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', abort);
        if (err && !signal?.aborted) reject(err);
        else resolve();
      };
      req.on('error', err => done(err));
      req.on('response', res => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            done(
              new KubeError(
                status,
                Buffer.concat(chunks).toString('utf8'),
                `watch ${path}`,
              ),
            ),
          );
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl = buffered.indexOf('\n');
          while (nl >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line) {
              let event: WatchEvent | undefined;
              try {
                event = JSON.parse(line);
              } catch {
                // A malformed line loses one event; the periodic rescan covers it.
              }
              if (event) {
                try {
                  onEvent(event);
                } catch (err) {
                  // The handler ends the watch (e.g. an ERROR event asking for a relist).
                  req.destroy();
                  done(err instanceof Error ? err : new Error(String(err)));
                  return;
                }
              }
            }
            nl = buffered.indexOf('\n');
          }
        });
        res.on('end', () => done());
        res.on('error', err => done(err));
      });
      req.end();
    });
  }
}
