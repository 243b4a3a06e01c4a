import { startInstrumentedService } from './startCheckoutServices';

/** Nothing listens here: a service that gets as far as exporting would only log the failure. */
const nowhere = { endpoint: 'http://127.0.0.1:9', protocol: 'grpc' } as const;

describe('startInstrumentedService', () => {
  it('fails with the service’s stderr when it exits before listening', async () => {
    // web refuses to start without the URL of cart.
    const started = startInstrumentedService({
      script: 'web.js',
      serviceName: 'web-without-cart',
      otlp: nowhere,
    });
    await expect(started).rejects.toThrow(
      /web-without-cart \(node .*web\.js\) exited with code 1\n--- stderr ---\n[\s\S]*CART_URL is not set/,
    );
  }, 30_000);

  it('starts a service under the agent on a free port and stops it', async () => {
    const cart = await startInstrumentedService({
      script: 'cart.js',
      serviceName: 'cart-alone',
      otlp: nowhere,
    });
    try {
      expect(cart.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${cart.url}/cart`);
      expect(response.status).toBe(200);
      // Called by no instrumented client, cart received no trace context.
      expect(await response.json()).toMatchObject({ traceparent: null });
    } finally {
      await cart.stop();
    }
  }, 30_000);
});
