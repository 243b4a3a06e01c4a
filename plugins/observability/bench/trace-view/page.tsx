/* eslint-disable no-console */ // a benchmark reports on the console
/*
 * The benchmark page: receives a trace response body as text (as the browser would from the
 * backend), parses and validates it as the TracesClient does (parseTraceResponse), renders TraceView, and reports
 * when the first frame with rows has been painted.
 */
import {
  parseTraceResponse,
  toWireTrace,
} from '@internal/plugin-observability-common';
import { createTheme, ThemeProvider } from '@material-ui/core';
import { useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { TraceView } from '../../src/components/traces/TraceView';
import { generateTrace } from './generateTrace';

declare global {
  interface Window {
    bench: {
      spans: number;
      bodyBytes: number;
      parseMs: number;
      firstPaintMs: number;
    };
    benchReady: Promise<void>;
  }
}

const spanCount = Number(
  new URLSearchParams(window.location.search).get('spans') ?? 100_000,
);

window.benchReady = (async () => {
  // What the backend sends (see createTracesRouter).
  const body = JSON.stringify({ trace: toWireTrace(generateTrace(spanCount)) });
  await new Promise(resolve => setTimeout(resolve, 50));

  // Data arrives: the response text is in hand.
  const arrived = performance.now();
  const json = JSON.parse(body);
  const jsonParsed = performance.now();
  const response = parseTraceResponse(json);
  const parsed = performance.now();
  console.log(
    `JSON.parse ${Math.round(jsonParsed - arrived)} ms, validate ${Math.round(
      parsed - jsonParsed,
    )} ms`,
  );
  const root = createRoot(document.getElementById('root')!);
  let committed = 0;
  const Committed = () => {
    useLayoutEffect(() => {
      committed = performance.now();
    }, []);
    return null;
  };
  root.render(
    <ThemeProvider theme={createTheme()}>
      <TraceView trace={response.trace} height={window.innerHeight - 260} />
      <Committed />
    </ThemeProvider>,
  );
  // Rows are in the DOM when this frame starts, so the paint that ends it shows them; the
  // task queued here runs right after that paint.
  await new Promise<void>(resolve => {
    const check = () => {
      if (document.querySelector('[role="row"]')) setTimeout(resolve, 0);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  console.log(
    `render+commit ${Math.round(
      committed - parsed,
    )} ms, commit to painted ${Math.round(performance.now() - committed)} ms`,
  );
  window.bench = {
    spans: response.trace.spans.length,
    bodyBytes: body.length,
    parseMs: parsed - arrived,
    firstPaintMs: performance.now() - arrived,
  };
})();

/**
 * Scrolls the waterfall `frames` times by `step` pixels, one step per animation frame, and
 * returns the main-thread time of each frame: from the frame's start (scroll applied, React
 * re-renders the window of rows) until the task after its paint.
 */
const scriptMs: number[] = [];
export async function measureScroll(
  frames: number,
  step: number,
): Promise<number[]> {
  scriptMs.length = 0;
  const scroller = document.querySelector<HTMLElement>(
    '[data-testid="trace-waterfall"]',
  )!;
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    times.push(
      await new Promise<number>(resolve => {
        requestAnimationFrame(() => {
          const start = performance.now();
          scroller.scrollTop += step;
          scroller.dispatchEvent(new Event('scroll'));
          scriptMs.push(performance.now() - start);
          setTimeout(() => resolve(performance.now() - start), 0);
        });
      }),
    );
  }
  const sorted = [...scriptMs].sort((a, b) => a - b);
  console.log(
    `scroll: script (scroll handler + React render) median ${sorted[
      Math.floor(sorted.length / 2)
    ].toFixed(1)} ms`,
  );
  return times;
}
(window as unknown as { measureScroll: typeof measureScroll }).measureScroll =
  measureScroll;
