/* eslint-disable no-console */ // a benchmark reports on the console
/*
 * `yarn bench:trace-view`: bundles the trace view with esbuild into a static page, opens it in
 * Debian's headless Chromium with a generated 100,000-span trace, and measures first paint
 * after the data arrives, scroll frame times and JS heap. Last line:
 *   spans=<n> first_paint_ms=<n> scroll_frame_ms_p95=<n> heap_mb=<n>
 */
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SPANS = Number(process.env.BENCH_SPANS ?? 100_000);
const SCROLL_FRAMES = 300;
const SCROLL_STEP_PX = 120;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function bundle(dir: string): Promise<string> {
  await build({
    entryPoints: [path.join(__dirname, 'page.tsx')],
    outfile: path.join(dir, 'page.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const html = path.join(dir, 'index.html');
  fs.writeFileSync(
    html,
    '<!doctype html><html><head><meta charset="utf-8"><title>trace view bench</title></head>' +
      '<body style="margin:0"><div id="root"></div><script src="page.js"></script></body></html>',
  );
  return html;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-view-bench-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const bundleStart = Date.now();
    const html = await bundle(dir);
    console.log(
      `bundled in ${Date.now() - bundleStart} ms (${Math.round(
        fs.statSync(path.join(dir, 'page.js')).size / 1024,
      )} KB)`,
    );

    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    page.on('console', message => console.log(`page: ${message.text()}`));
    page.on('crash', () => console.log('page crashed'));
    await page.goto(`${pathToFileURL(html).href}?spans=${SPANS}`);
    await page.evaluate(() => window.benchReady);
    const result = await page.evaluate(() => window.bench);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    console.log(
      `response body ${(result.bodyBytes / 1024 / 1024).toFixed(
        1,
      )} MB, parse+validate ${Math.round(
        result.parseMs,
      )} ms, first paint ${Math.round(result.firstPaintMs)} ms`,
    );

    type ScrollWindow = {
      measureScroll(frames: number, step: number): Promise<number[]>;
    };
    await page.evaluate(() =>
      (window as unknown as ScrollWindow).measureScroll(30, 120),
    ); // warm-up
    const frames = await page.evaluate(
      ([count, step]) =>
        (window as unknown as ScrollWindow).measureScroll(count, step),
      [SCROLL_FRAMES, SCROLL_STEP_PX] as const,
    );
    const rendered = await page.locator('[role="row"]').count();
    console.log(
      `scroll: ${SCROLL_FRAMES} frames of ${SCROLL_STEP_PX} px, median ${percentile(
        frames,
        50,
      ).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(
        1,
      )} ms, max ${Math.max(...frames).toFixed(
        1,
      )} ms; ${rendered} rows in the DOM`,
    );

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    await page.screenshot({ path: path.join(dir, 'trace-view.png') });
    console.log(`screenshot ${path.join(dir, 'trace-view.png')}`);

    console.log(
      `spans=${result.spans} first_paint_ms=${Math.round(
        result.firstPaintMs,
      )} scroll_frame_ms_p95=${percentile(frames, 95).toFixed(
        1,
      )} heap_mb=${Math.round(heap.usedSize / 1024 / 1024)}`,
    );
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
