import {
  traceIdSchema,
  traceSearchQuerySchema,
  tagNameSchema,
} from './requests';
import { buildTraceQL, quoteString, traceqlProblem } from './traceql';

const parse = (q: unknown) => traceSearchQuerySchema.parse(q);

describe('buildTraceQL', () => {
  it('builds one spanset from the filters', () => {
    expect(
      buildTraceQL(
        parse({
          service: 'cart',
          operation: 'GET /cart',
          minDuration: '100ms',
          maxDuration: '2s',
          status: 'error',
          attributes: [
            { key: 'span.http.status_code', op: '>', value: '499' },
            { key: 'k8s.namespace.name', value: 'shop' },
          ],
        }),
      ),
    ).toBe(
      '{ resource.service.name = "cart" && name = "GET /cart" && duration >= 100ms && duration <= 2s && status = error && span.http.status_code > 499 && .k8s.namespace.name = "shop" }',
    );
  });

  it('returns {} with no filters and the free TraceQL alone when only it is given', () => {
    expect(buildTraceQL(parse({}))).toBe('{}');
    expect(
      buildTraceQL(
        parse({ traceql: '{ span.db.system = "redis" } | count() > 2' }),
      ),
    ).toBe('{ span.db.system = "redis" } | count() > 2');
  });

  it('combines filters and free TraceQL with &&', () => {
    expect(
      buildTraceQL(parse({ service: 'cart', traceql: '{ kind = client }' })),
    ).toBe('{ resource.service.name = "cart" } && ({ kind = client })');
  });

  it('quotes values so they cannot close the string or the spanset', () => {
    expect(buildTraceQL(parse({ service: 'a" } || { true' }))).toBe(
      '{ resource.service.name = "a\\" } || { true" }',
    );
    expect(quoteString('back\\slash\nnl')).toBe('"back\\\\slash\\nnl"');
  });

  it('rejects free TraceQL that would break the combination', () => {
    expect(() =>
      buildTraceQL(parse({ service: 'cart', traceql: '{} | count() > 1' })),
    ).toThrow(/pipelines/);
    expect(traceqlProblem('{ a = "x }', false)).toMatch(/unterminated string/);
    expect(traceqlProblem('{ a = 1 } }', false)).toMatch(/closing bracket/);
    expect(traceqlProblem('{ (a = 1 }', false)).toMatch(/opening bracket/);
    expect(traceqlProblem('rate()', false)).toMatch(
      /must start with a spanset/,
    );
    expect(traceqlProblem('{ a = 1 } || { b = "|" }', true)).toBeUndefined();
  });
});

describe('request schemas', () => {
  it('accepts hex trace ids only, padded to 32 digits', () => {
    expect(traceIdSchema.parse('ABC123')).toBe(
      '00000000000000000000000000abc123',
    );
    expect(traceIdSchema.safeParse('../../etc/passwd').success).toBe(false);
    expect(traceIdSchema.safeParse('http://evil').success).toBe(false);
    expect(traceIdSchema.safeParse('0'.repeat(33)).success).toBe(false);
  });

  it('accepts attribute names, not paths or URLs', () => {
    expect(tagNameSchema.safeParse('span.http.route').success).toBe(true);
    expect(tagNameSchema.safeParse('service.name').success).toBe(true);
    expect(tagNameSchema.safeParse('../buildinfo').success).toBe(false);
    expect(tagNameSchema.safeParse('a?b=c').success).toBe(false);
    expect(tagNameSchema.safeParse('span.x y').success).toBe(false);
  });

  it('rejects malformed durations and reversed time ranges', () => {
    expect(
      traceSearchQuerySchema.safeParse({ minDuration: '100' }).success,
    ).toBe(false);
    expect(
      traceSearchQuerySchema.safeParse({ start: '200', end: '100' }).success,
    ).toBe(false);
    expect(parse({ start: '100', end: '200', limit: '10' })).toMatchObject({
      start: 100,
      end: 200,
      limit: 10,
      status: 'any',
    });
  });
});
