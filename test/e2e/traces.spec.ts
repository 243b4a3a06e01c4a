import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { expect, test, type Page } from '@playwright/test';
import { HOST, PORTS } from '../stack/src/ports';
import { screenshotPath, signInAsGuest } from './signIn';

/*
 * Reading traces in the portal: sends a storefront → checkout → payments trace (plus a
 * PostgreSQL call from checkout) to the local stack's Tempo with the OpenTelemetry SDK, then
 * opens it from the Traces page and looks at checkout's service graph on its entity page.
 * Needs the local stack (yarn stack:up) behind the portal.
 */

function provider(serviceName: string) {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({
          url: `http://${HOST}:${PORTS.tempoOtlpHttp}/v1/traces`,
        }),
      ),
    ],
  });
}

/** Sends one three-service trace and returns its id. */
async function sendCheckoutTrace(): Promise<string> {
  const providers = ['storefront', 'checkout', 'payments'].map(provider);
  const [storefront, checkout, payments] = providers.map(p =>
    p.getTracer('e2e'),
  );
  const page = storefront.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    attributes: { 'http.route': '/checkout' },
  });
  const traceId = page.spanContext().traceId;
  const at = (span: Parameters<typeof trace.setSpan>[1]) =>
    trace.setSpan(context.active(), span);
  const call = storefront.startSpan(
    'POST /orders',
    { kind: SpanKind.CLIENT },
    at(page),
  );
  const order = checkout.startSpan(
    'POST /orders',
    { kind: SpanKind.SERVER, attributes: { 'http.route': '/orders' } },
    at(call),
  );
  const query = checkout.startSpan(
    'INSERT orders',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.name': 'orders' },
    },
    at(order),
  );
  query.end();
  const pay = checkout.startSpan(
    'POST /charge',
    { kind: SpanKind.CLIENT },
    at(order),
  );
  const charge = payments.startSpan(
    'POST /charge',
    { kind: SpanKind.SERVER },
    at(pay),
  );
  charge.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  charge.end();
  pay.end();
  order.end();
  call.end();
  page.end();
  await Promise.all(providers.map(p => p.forceFlush()));
  await Promise.all(providers.map(p => p.shutdown()));
  return traceId;
}

/** Reloads until `check` passes: Tempo and Prometheus take a few seconds to show new spans. */
async function eventually(
  page: Page,
  check: () => Promise<void>,
  timeout: number,
) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [2_000, 5_000] });
}

test.describe('reading traces in the portal', () => {
  let traceId: string;

  test.beforeAll(async () => {
    traceId = await sendCheckoutTrace();
  });

  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('finds the trace on the Traces page and opens it', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/observability/traces');
    await page.locator('#trace-search-service').fill('checkout');
    await expect(async () => {
      await page.getByRole('button', { name: 'Search' }).click();
      await expect(page.getByRole('link', { name: traceId })).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await page.screenshot({
      path: screenshotPath('traces-search'),
      fullPage: true,
    });

    await page.getByRole('link', { name: traceId }).click();
    await expect(page).toHaveURL(new RegExp(`trace=${traceId}`));
    await expect(page.getByText('storefront: GET /checkout')).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByText(/6 spans · 3 services/)).toBeVisible();
    await page.getByRole('row', { name: /payments.*POST \/charge/ }).click();
    await expect(page.getByTestId('span-details')).toContainText(
      'card declined',
    );
    await page.screenshot({
      path: screenshotPath('traces-trace-view'),
      fullPage: true,
    });
  });

  test('opens a shared trace link directly', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/observability/traces?trace=${traceId}`);
    await eventually(
      page,
      () =>
        expect(page.getByTestId('trace-waterfall')).toBeVisible({
          timeout: 10_000,
        }),
      60_000,
    );
    await page.getByLabel('Find in trace').fill('postgresql');
    await expect(page.getByText('1 match')).toBeVisible();
  });

  test('shows checkout’s callers and callees on its entity page', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto('/catalog/default/component/checkout/observability');
    const graph = page.getByRole('img', { name: 'Service graph of checkout' });
    await eventually(
      page,
      async () => {
        await expect(graph).toBeVisible({ timeout: 15_000 });
        await expect(graph.getByTestId('node-storefront')).toBeVisible();
        await expect(graph.getByTestId('node-payments')).toBeVisible();
      },
      180_000,
    );
    await expect(graph.getByTestId('edge-storefront-checkout')).toContainText(
      'req/s',
    );
    await graph.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: screenshotPath('traces-service-graph'),
      fullPage: true,
    });
  });
});
