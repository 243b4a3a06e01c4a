/*
 * cart: a plain Node.js HTTP service with no OpenTelemetry code. The test starts it under the
 * zero-code agent (NODE_OPTIONS=--require @opentelemetry/auto-instrumentations-node/register),
 * as the product instruments a Node.js workload.
 *
 *   GET /cart         200 with the cart's items
 *   GET /cart?fail=1  500, the cart store is "down"
 *
 * Both answers echo the W3C `traceparent` header that arrived, so the test can see the trace
 * context web's agent propagated over HTTP.
 */
'use strict';

const http = require('node:http');

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://cart');
  const received = { traceparent: req.headers.traceparent ?? null };
  const answer = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...received, ...body }));
  };
  if (req.method !== 'GET' || url.pathname !== '/cart') {
    answer(404, { error: `no route ${req.method} ${url.pathname}` });
  } else if (url.searchParams.get('fail') === '1') {
    answer(500, { error: 'cart store unavailable' });
  } else {
    answer(200, { items: [{ sku: 'green-tea', quantity: 2 }] });
  }
});

// Port 0: the system picks a free port; the test reads it from this line.
server.listen(0, '127.0.0.1', () => {
  console.log(`cart listening on port ${server.address().port}`);
});

// Stop accepting and let the agent flush its spans before the process exits.
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
