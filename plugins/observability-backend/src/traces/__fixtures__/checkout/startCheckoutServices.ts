/*
 * Starts the checkout fixture services (web → cart, plain Node.js HTTP servers in this folder)
 * as child processes under the OpenTelemetry Node.js zero-code agent, configured by env vars
 * only, as the product's Node.js instrumentation does (NODE_OPTIONS=--require …, OTEL_*).
 */
import { spawn } from 'node:child_process';

/** Loading the agent (about 50 instrumentations) and listening takes a few seconds on 2 cores. */
const START_TIMEOUT_MS = 30_000;
/** SIGTERM makes a service close its server; the agent flushes its spans on the way out. */
const STOP_TIMEOUT_MS = 10_000;
/** The tail of a child's output kept for error messages. */
const OUTPUT_TAIL_CHARS = 8_000;

/** Where the agent sends spans: the stack's Tempo OTLP receiver. */
export interface OtlpTarget {
  /** e.g. `http://127.0.0.1:14317` for grpc, `http://127.0.0.1:14318` for http/protobuf. */
  endpoint: string;
  protocol: 'grpc' | 'http/protobuf';
}

/** One instrumented service process. */
export interface InstrumentedService {
  serviceName: string;
  /** `http://127.0.0.1:<port>`; the port is the free one the system gave the service. */
  url: string;
  /** Rejects, with the service's stderr, if the process exits before `stop()`. */
  exited: Promise<never>;
  stop(): Promise<void>;
}

/** One GET /checkout answered by web, with the trace context cart received. */
export interface CheckoutCall {
  status: number;
  traceId: string;
  /** The span id in the `traceparent` cart received: web's client span of the call. */
  webClientSpanId: string;
}

export interface CheckoutServices {
  web: InstrumentedService;
  cart: InstrumentedService;
  /** Rejects as soon as either service exits unexpectedly. */
  exited: Promise<never>;
  /** One checkout; `fail` makes cart answer 500 (and web 502). */
  checkout(options?: { fail?: boolean }): Promise<CheckoutCall>;
  /** Live traffic as a running shop sends it: three good checkouts and one failing. */
  traffic(): Promise<void>;
  stop(): Promise<void>;
}

function agentEnv(serviceName: string, otlp: OtlpTarget) {
  return {
    NODE_OPTIONS: `--require ${require.resolve(
      '@opentelemetry/auto-instrumentations-node/register',
    )}`,
    OTEL_SERVICE_NAME: serviceName,
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: otlp.protocol,
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_PROPAGATORS: 'tracecontext,baggage',
    // Export within a fraction of a second, so Tempo has the spans while the test polls.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    // No cloud metadata probes (GCP, AWS, Azure): outside a cloud they only wait and warn.
    OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
  };
}

function tail(text: string) {
  return text.length > OUTPUT_TAIL_CHARS
    ? `…${text.slice(-OUTPUT_TAIL_CHARS)}`
    : text;
}

/** Starts `script` (a file of this folder, e.g. `cart.js`) and resolves once it prints its port. */
export async function startInstrumentedService(options: {
  script: string;
  serviceName: string;
  otlp: OtlpTarget;
  env?: Record<string, string>;
}): Promise<InstrumentedService> {
  const script = require.resolve(`./${options.script}`);
  const what = `${options.serviceName} (node ${script})`;
  // Only what the service needs: no OTEL_* or NODE_OPTIONS of the test's own environment.
  const child = spawn(process.execPath, [script], {
    env: {
      PATH: process.env.PATH ?? '',
      ...agentEnv(options.serviceName, options.otlp),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout = tail(stdout + c);
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr = tail(stderr + c);
  });
  const failure = (how: string) =>
    new Error(
      `${what} ${how}\n--- stderr ---\n${
        stderr || '(empty)'
      }\n--- stdout ---\n${stdout || '(empty)'}`,
    );

  let stopping = false;
  const exitCode = new Promise<string>(resolve => {
    child.on('exit', (code, signal) =>
      resolve(signal ? `signal ${signal}` : `code ${code}`),
    );
  });
  const exited = new Promise<never>((_, reject) => {
    child.on('error', error =>
      reject(failure(`could not be started: ${error.message}`)),
    );
    exitCode.then(how => {
      if (!stopping) reject(failure(`exited with ${how}`));
    });
  });
  // Callers race against `exited`; this only keeps an unobserved rejection from being fatal.
  exited.catch(() => undefined);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(failure(`did not listen within ${START_TIMEOUT_MS / 1000}s`));
    }, START_TIMEOUT_MS);
    exited.catch(error => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdout.on('data', () => {
      const listening = /listening on port (\d+)/.exec(stdout);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    });
  });

  return {
    serviceName: options.serviceName,
    url: `http://127.0.0.1:${port}`,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        exitCode.then(() => true),
        new Promise<false>(resolve => {
          timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (!stopped) {
        child.kill('SIGKILL');
        throw failure(
          `did not exit within ${STOP_TIMEOUT_MS / 1000}s of SIGTERM`,
        );
      }
    },
  };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** Starts cart, then web pointed at it; both export to `otlp` under the given service names. */
export async function startCheckoutServices(options: {
  otlp: OtlpTarget;
  serviceNames: { web: string; cart: string };
}): Promise<CheckoutServices> {
  const cart = await startInstrumentedService({
    script: 'cart.js',
    serviceName: options.serviceNames.cart,
    otlp: options.otlp,
  });
  let web: InstrumentedService;
  try {
    web = await startInstrumentedService({
      script: 'web.js',
      serviceName: options.serviceNames.web,
      otlp: options.otlp,
      env: { CART_URL: cart.url },
    });
  } catch (error) {
    await cart.stop();
    throw error;
  }
  const exited = Promise.race([web.exited, cart.exited]);
  exited.catch(() => undefined);

  const checkout = async ({ fail = false } = {}): Promise<CheckoutCall> => {
    const response = await Promise.race([
      fetch(`${web.url}/checkout${fail ? '?fail=1' : ''}`),
      exited,
    ]);
    const body = await response.text();
    const expected = fail ? 502 : 200;
    if (response.status !== expected)
      throw new Error(
        `GET /checkout on ${web.serviceName}: HTTP ${response.status}, expected ${expected}: ${body}`,
      );
    const traceparent: unknown = JSON.parse(body).cart?.traceparent;
    const context = TRACEPARENT.exec(String(traceparent));
    if (!context)
      throw new Error(
        `${cart.serviceName} received no valid traceparent from ${web.serviceName} (got ${traceparent}): context was not propagated`,
      );
    return {
      status: response.status,
      traceId: context[1],
      webClientSpanId: context[2],
    };
  };

  return {
    web,
    cart,
    exited,
    checkout,
    async traffic() {
      await Promise.all([
        checkout(),
        checkout(),
        checkout(),
        checkout({ fail: true }),
      ]);
    },
    async stop() {
      // web first (it is cart's only caller); cart is stopped even when web fails to stop.
      const webFailure = await web.stop().then(
        () => undefined,
        (error: unknown) => error,
      );
      await cart.stop();
      if (webFailure) throw webFailure;
    },
  };
}
