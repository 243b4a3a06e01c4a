import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import {
  createTracesRouter,
  type TracesRouterOptions,
} from './createTracesRouter';
import { TempoClient } from './TempoClient';

/*
 * Tempo points at a port nobody listens on: a request that got past validation would come back
 * as 503 "unreachable", so every 400 here proves the input never left the backend.
 */
const unreachableTempo = new TempoClient({
  url: 'http://127.0.0.1:1',
  timeoutMs: 500,
});

function app(overrides: Partial<TracesRouterOptions> = {}) {
  const server = express();
  server.use(
    createTracesRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      permissions: mockServices.permissions(),
      logger: mockServices.logger.mock(),
      tempo: unreachableTempo,
      ...overrides,
    }),
  );
  server.use(mockErrorHandler());
  return server;
}

const asUser = { Authorization: mockCredentials.user.header() };

describe('createTracesRouter', () => {
  it('rejects requests without a signed-in user', async () => {
    const res = await request(app()).get('/traces/search');
    expect(res.status).toBe(401);
  });

  it('validates trace ids, tag names, filters and TraceQL before reaching Tempo', async () => {
    const cases: [string, RegExp][] = [
      ['/traces/not-hex', /Invalid trace id.*hexadecimal/],
      ['/traces/tags/..%2Fstatus/values', /Invalid tag name/],
      ['/traces/search?minDuration=soon', /minDuration: must be a duration/],
      ['/traces/search?attr=nooperator', /Invalid attribute filter/],
      ['/traces/search?attr=bad%20key%3Dx', /Invalid attribute filter/],
      [
        '/traces/search?service=cart&traceql=%7B%7D%20%7C%20count()%20%3E%201',
        /pipelines/,
      ],
      ['/service-graph', /service:/],
      ['/coverage-signals?service=cart&windowMinutes=0', /windowMinutes/],
      ['/traces/search?entityRef=%3A%3A', /Invalid entityRef/],
    ];
    for (const [path, message] of cases) {
      const res = await request(app()).get(path).set(asUser);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('says clearly when Tempo is down or not configured', async () => {
    const down = await request(app())
      .get('/traces/0af7651916cd43dd8448eb211c80319c')
      .set(asUser);
    expect(down.status).toBe(503);
    expect(down.body.error.message).toMatch(
      /Tempo at http:\/\/127\.0\.0\.1:1 is unreachable/,
    );

    const none = await request(app({ tempo: undefined }))
      .get('/traces/search')
      .set(asUser);
    expect(none.status).toBe(503);
    expect(none.body.error.message).toMatch(/observability\.tempo\.url/);
  });

  it('builds the service graph notice when neither Prometheus nor Tempo can help', async () => {
    const res = await request(app({ tempo: undefined }))
      .get('/service-graph?service=cart')
      .set(asUser);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      service: 'cart',
      edges: [],
      notice: expect.stringMatching(/No Prometheus.*No Tempo/),
    });
  });

  it('checks observability.entity.read on the entity the request is made for', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const res = await request(app({ permissions }))
      .get('/traces/search?service=cart&entityRef=component:default/cart')
      .set(asUser);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /not allowed to read traces of component:default\/cart/,
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [expect.objectContaining({ resourceRef: 'component:default/cart' })],
      expect.anything(),
    );
  });
});
