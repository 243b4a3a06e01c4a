import { expect, test } from '@playwright/test';
import {
  startCheckoutServices,
  type CheckoutServices,
} from '../../plugins/observability-backend/src/traces/__fixtures__/checkout/startCheckoutServices';
import { HOST, PORTS } from '../stack/src/ports';
import { screenshotPath, signInAsGuest } from './signIn';

/*
 * A trace that real services made: two Node.js HTTP services (web → cart) run under the
 * OpenTelemetry zero-code agent, configured by env vars only, as the portal instruments
 * services. The context crosses the HTTP call in the traceparent header; the portal must show
 * the cross-service tree.
 */
test.describe('a trace from two zero-code-instrumented services', () => {
  const suffix = Date.now().toString(36);
  const names = { web: `e2e-web-${suffix}`, cart: `e2e-cart-${suffix}` };
  let services: CheckoutServices;
  let traceId: string;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    services = await startCheckoutServices({
      otlp: { endpoint: `http://${HOST}:${PORTS.tempoOtlpGrpc}`, protocol: 'grpc' },
      serviceNames: names,
    });
    ({ traceId } = await services.checkout());
  });

  test.afterAll(async () => {
    await services?.stop();
  });

  test('opens in the trace view with both services in one tree', async ({ page }) => {
    test.setTimeout(180_000);
    await signInAsGuest(page);
    await page.goto(`/observability/traces?trace=${traceId}`);
    // Tempo makes a trace readable a few seconds after its spans arrive.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('trace-waterfall')).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 90_000, intervals: [2_000, 5_000] });
    await expect(page.getByText(`${names.web}: GET`)).toBeVisible();
    await expect(page.getByText(/3 spans · 2 services/)).toBeVisible();
    const waterfall = page.getByTestId('trace-waterfall');
    await expect(waterfall.getByRole('row', { name: new RegExp(names.cart) })).toBeVisible();
    await page.screenshot({ path: screenshotPath('traces-real-services'), fullPage: true });
  });
});
