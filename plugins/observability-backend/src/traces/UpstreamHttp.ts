import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { describeError } from '../util/withTimeout';

/** Thrown when an upstream answer is bigger than we agree to hold in memory. */
export class ResponseTooLargeError extends ServiceUnavailableError {
  constructor(message: string) {
    super(message);
    // Keep the 503 mapping of the base class but let callers tell this case apart.
    Object.defineProperty(this, 'tooLarge', { value: true });
  }
}

export function isResponseTooLarge(error: unknown): boolean {
  return Boolean(error && (error as { tooLarge?: boolean }).tooLarge);
}

export interface UpstreamOptions {
  /** Human name for messages: "Tempo", "Prometheus". */
  name: string;
  /** The configured base URL; the only host this client ever talks to. */
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Default cap on a response body, in bytes. */
  maxResponseBytes: number;
  fetch?: typeof fetch;
}

/**
 * GETs fixed paths under one configured base URL, with a timeout and a cap on the response size.
 * Callers pass path segments already validated; query values are URL-encoded here, never
 * spliced, so nothing a user types can change which host or path is fetched.
 */
export class UpstreamHttp {
  private readonly base: URL;

  constructor(private readonly options: UpstreamOptions) {
    this.base = new URL(
      options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    );
  }

  get name(): string {
    return this.options.name;
  }

  url(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): URL {
    const url = new URL(path.replace(/^\//, ''), this.base);
    if (
      url.origin !== this.base.origin ||
      !url.pathname.startsWith(this.base.pathname)
    ) {
      throw new Error(
        `Refusing to fetch ${url.href}: outside the configured ${this.options.name} URL`,
      );
    }
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async getText(
    path: string,
    query: Record<string, string | number | undefined> = {},
    opts: { accept?: string; maxBytes?: number } = {},
  ): Promise<string> {
    const url = this.url(path, query);
    const maxBytes = opts.maxBytes ?? this.options.maxResponseBytes;
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: {
          accept: opts.accept ?? 'application/json',
          ...this.options.headers,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `${this.options.name} at ${
          this.base.origin
        } is unreachable: ${this.describe(error)}`,
      );
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new ResponseTooLargeError(
        `${this.options.name}'s answer is ${formatMb(
          declared,
        )}, over the ${formatMb(maxBytes)} limit`,
      );
    }
    const text = await this.readCapped(response, maxBytes);
    if (response.status === 404) {
      throw new NotFoundError(
        `${this.options.name}: ${firstLine(text) || 'not found'}`,
      );
    }
    if (!response.ok) {
      throw new ServiceUnavailableError(
        `${this.options.name} answered HTTP ${response.status}${
          firstLine(text) ? `: ${firstLine(text)}` : ''
        }`,
      );
    }
    return text;
  }

  async getJson<T = unknown>(
    path: string,
    query: Record<string, string | number | undefined> = {},
    opts: { maxBytes?: number } = {},
  ): Promise<T> {
    const text = await this.getText(path, query, opts);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ServiceUnavailableError(
        `${
          this.options.name
        } answered with something that is not JSON: ${firstLine(text)}`,
      );
    }
  }

  private async readCapped(
    response: Response,
    maxBytes: number,
  ): Promise<string> {
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel();
          throw new ResponseTooLargeError(
            `${this.options.name}'s answer is over the ${formatMb(
              maxBytes,
            )} limit`,
          );
        }
        chunks.push(value);
      }
    } catch (error) {
      if (isResponseTooLarge(error)) throw error;
      throw new ServiceUnavailableError(
        `${this.options.name} stopped answering: ${this.describe(error)}`,
      );
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private describe(error: unknown): string {
    const name = (error as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return `no answer within ${this.options.timeoutMs} ms`;
    }
    return describeError(error);
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0].slice(0, 300);
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
