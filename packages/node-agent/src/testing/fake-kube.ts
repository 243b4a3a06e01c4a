/**
 * A fake Kubernetes API server on 127.0.0.1 (plain HTTP) with just what the node agent uses:
 * list and watch pods by node, and server-side apply of ConfigMaps. Records every request.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class FakeKube {
  readonly requests: RecordedRequest[] = [];
  readonly configMaps = new Map<string, any>();
  pods: any[] = [];
  private resourceVersion = 100;
  private readonly watchers = new Set<http.ServerResponse>();
  /** Every pod event, so a watch from a resourceVersion replays what it missed (as etcd does). */
  private readonly events: Array<{ rv: number; line: string }> = [];
  private server?: http.Server;
  /** Answer ConfigMap writes with this status instead (e.g. 403). */
  failWritesWith?: number;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.destroy();
    this.watchers.clear();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>(resolve => this.server!.close(() => resolve()));
    }
  }

  get watcherCount() {
    return this.watchers.size;
  }

  /** Adds or replaces a pod and tells watchers. */
  upsertPod(pod: any) {
    const rv = String(++this.resourceVersion);
    pod.metadata.resourceVersion = rv;
    const i = this.pods.findIndex(p => p.metadata.uid === pod.metadata.uid);
    const type = i >= 0 ? 'MODIFIED' : 'ADDED';
    if (i >= 0) this.pods[i] = pod;
    else this.pods.push(pod);
    const line = `${JSON.stringify({ type, object: pod })}\n`;
    this.events.push({ rv: Number(rv), line });
    for (const w of this.watchers) w.write(line);
  }

  /** Writes a raw watch event (e.g. an ERROR with code 410) to every open watch. */
  sendToWatchers(event: unknown) {
    for (const w of this.watchers) w.write(`${JSON.stringify(event)}\n`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      });
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, obj: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (req.method === 'GET' && url.pathname === '/api/v1/pods') {
        const selector = url.searchParams.get('fieldSelector') ?? '';
        const node = /spec\.nodeName=([^,]+)/.exec(selector)?.[1];
        if (url.searchParams.get('watch') === 'true') {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.flushHeaders();
          const since = Number(
            url.searchParams.get('resourceVersion') ?? this.resourceVersion,
          );
          for (const e of this.events) if (e.rv > since) res.write(e.line);
          this.watchers.add(res);
          res.on('close', () => this.watchers.delete(res));
          return;
        }
        json(200, {
          kind: 'PodList',
          metadata: { resourceVersion: String(this.resourceVersion) },
          items: this.pods.filter(p => !node || p.spec?.nodeName === node),
        });
        return;
      }
      const cm = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/.exec(
        url.pathname,
      );
      if (cm && req.method === 'PATCH') {
        if (this.failWritesWith) {
          json(this.failWritesWith, {
            kind: 'Status',
            code: this.failWritesWith,
          });
          return;
        }
        if (
          req.headers['content-type'] !== 'application/apply-patch+yaml' ||
          !url.searchParams.get('fieldManager')
        ) {
          json(415, {
            kind: 'Status',
            message: 'expected server-side apply with a fieldManager',
          });
          return;
        }
        const obj = JSON.parse(body);
        this.configMaps.set(`${cm[1]}/${cm[2]}`, obj);
        json(200, obj);
        return;
      }
      if (cm && req.method === 'GET') {
        const obj = this.configMaps.get(`${cm[1]}/${cm[2]}`);
        if (obj) json(200, obj);
        else json(404, { kind: 'Status', code: 404 });
        return;
      }
      json(404, {
        kind: 'Status',
        code: 404,
        message: `no route ${req.method} ${url.pathname}`,
      });
    });
  }
}

export function fakePod(options: {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  containers: Array<{ name: string; id?: string; runtime?: string }>;
}): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      uid: options.uid,
      namespace: options.namespace,
      name: options.name,
    },
    spec: {
      nodeName: options.node,
      containers: options.containers.map(c => ({ name: c.name })),
    },
    status: {
      containerStatuses: options.containers.map(c => ({
        name: c.name,
        ...(c.id
          ? { containerID: `${c.runtime ?? 'containerd'}://${c.id}` }
          : {}),
      })),
    },
  };
}
