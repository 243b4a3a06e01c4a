import { context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { waitFor } from './kube';
import { StackInfo } from './stack';
import { STACK_SETUP_TIMEOUT_MS, stackForTests, uniqueName } from './testUtils';

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body };
}

function provider(info: StackInfo, serviceName: string) {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${info.tempo.otlpHttpUrl}/v1/traces` }),
      ),
    ],
  });
}

// The package's `testTimeout` is not applied under `backstage-cli repo test` (a global option).
jest.setTimeout(300_000);

describe('telemetry backends', () => {
  let info: StackInfo;
  const client = uniqueName('stack-test-client');
  const server = uniqueName('stack-test-server');
  let traceId: string;

  beforeAll(async () => {
    ({ info } = await stackForTests());
    // A client -> server pair, as two services: the pair Tempo's service graph is built from.
    const clientProvider = provider(info, client);
    const serverProvider = provider(info, server);
    const clientSpan = clientProvider
      .getTracer('stack-test')
      .startSpan('GET /api/items', { kind: SpanKind.CLIENT });
    traceId = clientSpan.spanContext().traceId;
    const serverSpan = serverProvider
      .getTracer('stack-test')
      .startSpan(
        'GET /api/items',
        { kind: SpanKind.SERVER, attributes: { 'http.route': '/api/items' } },
        trace.setSpan(context.active(), clientSpan),
      );
    serverSpan.end();
    clientSpan.end();
    await Promise.all([
      clientProvider.forceFlush(),
      serverProvider.forceFlush(),
    ]);
    await Promise.all([clientProvider.shutdown(), serverProvider.shutdown()]);
  }, STACK_SETUP_TIMEOUT_MS);

  it('Tempo returns the trace by id (/api/v2/traces/<id>)', async () => {
    const body = await waitFor(
      `trace ${traceId} from ${info.tempo.httpUrl}/api/v2/traces/${traceId}`,
      async () => {
        const res = await getJson(
          `${info.tempo.httpUrl}/api/v2/traces/${traceId}`,
        );
        return res.status === 200 ? res.body : undefined;
      },
      60_000,
      1000,
    );
    const services = (body.trace.resourceSpans as any[]).map(
      rs =>
        rs.resource.attributes.find((a: any) => a.key === 'service.name').value
          .stringValue,
    );
    expect(services.sort()).toEqual([client, server].sort());
  });

  it('Tempo finds the trace with /api/search', async () => {
    const end = Math.ceil(Date.now() / 1000) + 60;
    const start = end - 3600;
    const q = encodeURIComponent(`{ resource.service.name = "${server}" }`);
    const found = await waitFor(
      `a search hit for service ${server}`,
      async () => {
        const res = await getJson(
          `${info.tempo.httpUrl}/api/search?q=${q}&start=${start}&end=${end}`,
        );
        return res.status === 200 &&
          (res.body.traces ?? []).some(
            (t: any) =>
              t.traceID.replace(/^0+/, '') === traceId.replace(/^0+/, ''),
          )
          ? res.body
          : undefined;
      },
      60_000,
      1000,
    );
    expect(found.traces.length).toBeGreaterThan(0);
  });

  it("Prometheus receives Tempo's service-graph series by remote write", async () => {
    const query = encodeURIComponent(
      `traces_service_graph_request_total{client="${client}",server="${server}"}`,
    );
    const result = await waitFor(
      `traces_service_graph_request_total{client="${client}",server="${server}"} in ${info.prometheusUrl}`,
      async () => {
        const res = await getJson(
          `${info.prometheusUrl}/api/v1/query?query=${query}`,
        );
        const r = res.body?.data?.result ?? [];
        return r.length ? r : undefined;
      },
      120_000,
      2000,
    );
    expect(Number(result[0].value[1])).toBeGreaterThanOrEqual(1);
  });
});
