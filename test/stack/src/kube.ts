/*
 * A deliberately small Kubernetes REST client (HTTPS + bearer token + cluster CA) used to bootstrap
 * the stack and by its tests. Server-side apply goes through PATCH with
 * `application/apply-patch+yaml`; resource paths come from API discovery, so CRDs work too.
 */
import https from 'node:https';
import { URL } from 'node:url';

export interface KubeResponse<T = any> {
  status: number;
  body: T;
  text: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  [k: string]: any;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export const FIELD_MANAGER = 'observability-test-stack';

export class KubeClient {
  private readonly agent: https.Agent;
  private readonly discovery = new Map<string, ApiResource[]>();

  constructor(
    readonly server: string,
    readonly caPem: string,
    readonly token: string,
  ) {
    this.agent = new https.Agent({ ca: caPem, keepAlive: false });
  }

  /** The same client with another bearer token (e.g. the restricted service account). */
  withToken(token: string): KubeClient {
    return new KubeClient(this.server, this.caPem, token);
  }

  request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; timeoutMs?: number } = {},
  ): Promise<KubeResponse<T>> {
    const url = new URL(path, this.server);
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload =
        typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    }
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            ...(payload !== undefined
              ? {
                  'Content-Type': options.contentType ?? 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
          },
          timeout: options.timeoutMs ?? 30_000,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: any = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON (e.g. /readyz answers "ok")
            }
            resolve({ status: res.statusCode ?? 0, body, text });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${url} timed out`)),
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Like request, but throws KubeApiError unless the status is 2xx. */
  async call<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string } = {},
  ): Promise<T> {
    const res = await this.request<T>(method, path, options);
    if (res.status < 200 || res.status >= 300) {
      const msg =
        (res.body as any)?.message ?? res.text.slice(0, 300) ?? 'no body';
      throw new KubeApiError(
        `${method} ${path} -> ${res.status}: ${msg}`,
        res.status,
        res.body,
      );
    }
    return res.body;
  }

  private async resourcesFor(
    apiVersion: string,
    refresh = false,
  ): Promise<ApiResource[]> {
    if (!refresh && this.discovery.has(apiVersion)) {
      return this.discovery.get(apiVersion)!;
    }
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const res = await this.request('GET', path);
    const list: ApiResource[] =
      res.status === 200
        ? (res.body.resources as ApiResource[]).filter(
            r => !r.name.includes('/'),
          )
        : [];
    this.discovery.set(apiVersion, list);
    return list;
  }

  /** REST path of a kind (collection when name is omitted), from API discovery. */
  async pathFor(
    apiVersion: string,
    kind: string,
    namespace?: string,
    name?: string,
  ): Promise<string> {
    let r = (await this.resourcesFor(apiVersion)).find(x => x.kind === kind);
    if (!r) {
      r = (await this.resourcesFor(apiVersion, true)).find(
        x => x.kind === kind,
      );
    }
    if (!r) {
      throw new Error(
        `the API server does not serve ${kind} in ${apiVersion} (is its CRD installed?)`,
      );
    }
    const base = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    let p = base;
    if (r.namespaced) {
      if (!namespace) {
        throw new Error(`${kind} is namespaced: a namespace is required`);
      }
      p += `/namespaces/${namespace}`;
    }
    p += `/${r.name}`;
    if (name) p += `/${name}`;
    return p;
  }

  /** Server-side apply of one object under `fieldManager`. */
  async apply<T = any>(
    obj: KubeObject,
    options: { fieldManager?: string; force?: boolean; dryRun?: boolean } = {},
  ): Promise<T> {
    const p = await this.pathFor(
      obj.apiVersion,
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    const q = new URLSearchParams({
      fieldManager: options.fieldManager ?? FIELD_MANAGER,
      force: String(options.force ?? true),
      ...(options.dryRun ? { dryRun: 'All' } : {}),
    });
    return this.call<T>('PATCH', `${p}?${q}`, {
      body: JSON.stringify(obj),
      contentType: 'application/apply-patch+yaml',
    });
  }

  async get<T = any>(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<T | undefined> {
    const p = await this.pathFor(apiVersion, kind, namespace, name);
    const res = await this.request<T>('GET', p);
    if (res.status === 404) return undefined;
    if (res.status !== 200) {
      throw new KubeApiError(`GET ${p} -> ${res.status}`, res.status, res.body);
    }
    return res.body;
  }

  async list<T = any>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<T[]> {
    let p: string;
    const base = await this.pathFor(apiVersion, kind, namespace ?? 'default');
    if (namespace === undefined) {
      // cluster-wide list of a namespaced kind, or a cluster-scoped kind
      p = base.replace(/\/namespaces\/default\//, '/');
    } else {
      p = base;
    }
    if (labelSelector)
      p += `?labelSelector=${encodeURIComponent(labelSelector)}`;
    const body = await this.call<{ items: T[] }>('GET', p);
    return body.items;
  }
}

/** Thrown from a waitFor callback to stop waiting at once (e.g. the process being waited on died). */
export class AbortWait extends Error {}

/** Polls `fn` until it returns a value other than undefined/false, or fails naming `what`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      if (e instanceof AbortWait) throw e;
      lastError = e;
    }
    if (Date.now() > deadline) {
      const detail = lastError
        ? ` (last error: ${(lastError as Error).message})`
        : '';
      throw new Error(
        `timed out after ${Math.round(
          timeoutMs / 1000,
        )}s waiting for ${what}${detail}`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
