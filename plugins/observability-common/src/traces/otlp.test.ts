import {
  MAX_ATTRIBUTE_VALUE_LENGTH,
  normaliseId,
  normaliseOtlpTrace,
} from './otlp';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function span(
  id: string,
  parent: string | undefined,
  extra: Record<string, unknown> = {},
) {
  return {
    traceId: TRACE,
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name: `op-${id.slice(-2)}`,
    kind: 'SPAN_KIND_SERVER',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    ...extra,
  };
}

function body(
  spans: unknown[],
  service = 'cart',
  extra: Record<string, unknown> = {},
) {
  return {
    trace: {
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: service } },
            ],
          },
          scopeSpans: [
            { scope: { name: 'io.opentelemetry.http', version: '1.2' }, spans },
          ],
        },
      ],
    },
    ...extra,
  };
}

describe('normaliseId', () => {
  it('keeps hex ids and decodes base64 ids, as Tempo encodes bytes in JSON', () => {
    expect(normaliseId('B7AD6B7169203331')).toBe('b7ad6b7169203331');
    expect(normaliseId('t61rcWkgMzE=')).toBe('b7ad6b7169203331');
    expect(normaliseId('CvdlGRbNQ92ESOshHIAxnA==')).toBe(TRACE);
    expect(normaliseId(undefined)).toBe('');
  });
});

describe('normaliseOtlpTrace', () => {
  it('maps a well-formed trace to the model, in microseconds', () => {
    const trace = normaliseOtlpTrace(
      body([
        span('00000000000000a1', undefined, {
          status: { code: 2, message: 'boom' },
          attributes: [
            { key: 'http.status_code', value: { intValue: '500' } },
            { key: 'retry', value: { boolValue: true } },
            {
              key: 'tags',
              value: {
                arrayValue: {
                  values: [{ stringValue: 'a' }, { doubleValue: 1.5 }],
                },
              },
            },
          ],
          events: [
            {
              timeUnixNano: '1700000000100000000',
              name: 'exception',
              attributes: [],
            },
          ],
          links: [{ traceId: TRACE, spanId: '00000000000000ff' }],
        }),
        span('00000000000000a2', '00000000000000a1', {
          kind: 3,
          startTimeUnixNano: '1700000000010000000',
        }),
      ]),
    );
    expect(trace.traceId).toBe(TRACE);
    expect(trace.partial).toBe(false);
    expect(trace.warnings).toEqual([]);
    const [root, child] = trace.spans;
    expect(root).toMatchObject({
      spanId: '00000000000000a1',
      serviceName: 'cart',
      kind: 'server',
      startUs: 1700000000000000,
      durationUs: 250000,
      status: { code: 'error', message: 'boom' },
      scope: 'io.opentelemetry.http@1.2',
    });
    expect(root.attributes).toEqual([
      { key: 'http.status_code', value: 500 },
      { key: 'retry', value: true },
      { key: 'tags', value: '["a",1.5]' },
    ]);
    expect(root.events[0]).toEqual({
      timeUs: 1700000000100000,
      name: 'exception',
      attributes: [],
    });
    expect(root.links[0].spanId).toBe('00000000000000ff');
    expect(child).toMatchObject({
      parentSpanId: '00000000000000a1',
      kind: 'client',
      durationUs: 240000,
    });
  });

  it('accepts the older `batches` / instrumentationLibrarySpans shape', () => {
    const trace = normaliseOtlpTrace({
      batches: [
        {
          resource: { attributes: [] },
          instrumentationLibrarySpans: [
            { spans: [span('00000000000000b1', undefined)] },
          ],
        },
      ],
    });
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0].serviceName).toBe('unknown_service');
  });

  it('shows spans whose parent never arrived as roots and says so', () => {
    const trace = normaliseOtlpTrace(
      body([span('00000000000000c1', '00000000000000ee')]),
    );
    expect(trace.spans[0].parentSpanId).toBe('00000000000000ee');
    expect(trace.warnings.join(' ')).toMatch(
      /1 span name a parent that is not in this trace/,
    );
  });

  it('renames duplicate span ids so each span stays addressable', () => {
    const trace = normaliseOtlpTrace(
      body([
        span('00000000000000d1', undefined),
        span('00000000000000d1', undefined),
        span('00000000000000d1', undefined),
      ]),
    );
    expect(trace.spans.map(s => s.spanId)).toEqual([
      '00000000000000d1',
      '00000000000000d1#2',
      '00000000000000d1#3',
    ]);
    expect(trace.warnings.join(' ')).toMatch(/2 spans repeated an id/);
  });

  it('clamps negative durations to zero with a warning on the span', () => {
    const trace = normaliseOtlpTrace(
      body([
        span('00000000000000e1', undefined, {
          endTimeUnixNano: '1699999999999000000',
        }),
      ]),
    );
    expect(trace.spans[0].durationUs).toBe(0);
    expect(trace.spans[0].warnings?.[0]).toMatch(/1000 µs before start/);
    expect(trace.warnings.join(' ')).toMatch(/ended before they started/);
  });

  it('truncates enormous attribute values and remembers their length', () => {
    const huge = 'x'.repeat(1_000_000);
    const trace = normaliseOtlpTrace(
      body([
        span('00000000000000f1', undefined, {
          attributes: [{ key: 'db.statement', value: { stringValue: huge } }],
        }),
      ]),
    );
    const attr = trace.spans[0].attributes[0];
    expect(attr.truncatedFrom).toBe(1_000_000);
    expect(String(attr.value).length).toBe(MAX_ATTRIBUTE_VALUE_LENGTH + 1);
  });

  it('marks partial traces with Tempo’s message', () => {
    const trace = normaliseOtlpTrace(
      body([span('0000000000000011', undefined)], 'cart', {
        status: 'PARTIAL',
        message: '1 block failed',
      }),
    );
    expect(trace.partial).toBe(true);
    expect(trace.warnings.join(' ')).toMatch(
      /only part of this trace: 1 block failed/,
    );
  });

  it('drops spans without ids and survives garbage input', () => {
    expect(
      normaliseOtlpTrace(body([{ name: 'no id' }])).warnings.join(' '),
    ).toMatch(/without a span id/);
    expect(normaliseOtlpTrace(null, { traceId: TRACE })).toEqual({
      traceId: TRACE,
      spans: [],
      partial: false,
      warnings: [],
    });
    expect(
      normaliseOtlpTrace({
        trace: {
          resourceSpans: [
            {
              scopeSpans: [
                {
                  spans: [
                    { spanId: '00000000000000aa', kind: 'weird', status: {} },
                  ],
                },
              ],
            },
          ],
        },
      }).spans[0],
    ).toMatchObject({
      kind: 'unspecified',
      status: { code: 'unset' },
      name: '(unnamed)',
      durationUs: 0,
    });
  });
});
