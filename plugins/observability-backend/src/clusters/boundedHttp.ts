import {
  IsomorphicFetchHttpLibrary,
  ResponseContext,
  wrapHttpLibrary,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';

/** A request a cluster did not answer in time; the request was aborted, not left running. */
export class ClusterTimeoutError extends Error {
  override readonly name = 'ClusterTimeoutError';
}

/**
 * The HTTP library every API client of one cluster sends through: each request (headers and
 * body) is aborted after `timeoutMs`, so a hung API server cannot hold a route, a rollout
 * watcher or a socket forever, and the error names the cluster and the request.
 */
export function boundedHttpLibrary(
  cluster: string,
  timeoutMs: number,
  inner: HttpLibrary = new IsomorphicFetchHttpLibrary(),
): HttpLibrary {
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const timeout = AbortSignal.timeout(timeoutMs);
      const callerSignal = request.getSignal();
      request.setSignal(callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout);
      const guard = <T>(pending: Promise<T>): Promise<T> =>
        pending.catch(error => {
          if (!timeout.aborted) throw error;
          const url = new URL(request.getUrl());
          throw new ClusterTimeoutError(
            `cluster ${cluster} did not answer within ${timeoutMs} ms (${request.getHttpMethod()} ${url.pathname})`,
            { cause: error },
          );
        });
      const response = await guard(inner.send(request).toPromise());
      // The body is read after the headers arrive; it is bounded by the same deadline.
      return new ResponseContext(response.httpStatusCode, response.headers, {
        text: () => guard(response.body.text()),
        binary: () => guard(response.body.binary()),
      });
    },
  });
}
