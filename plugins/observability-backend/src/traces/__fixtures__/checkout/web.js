/*
 * web: a plain Node.js HTTP service with no OpenTelemetry code that calls cart over HTTP. The
 * test starts it under the zero-code agent, which makes the server span of each request, the
 * client span of the call to cart, and injects the W3C `traceparent` header into that call.
 *
 *   GET /checkout         calls GET <CART_URL>/cart, 200 with cart's answer
 *   GET /checkout?fail=1  forwards the query, so cart fails: 502 with cart's answer
 */
'use strict';

const http = require('node:http');

const cartUrl = process.env.CART_URL;
if (!cartUrl) throw new Error('CART_URL is not set');

function getCart(search) {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(`/cart${search}`, cartUrl), res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
      .on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://web');
  const answer = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'GET' || url.pathname !== '/checkout') {
    answer(404, { error: `no route ${req.method} ${url.pathname}` });
    return;
  }
  try {
    const cart = await getCart(url.search);
    answer(cart.status === 200 ? 200 : 502, { cart: JSON.parse(cart.body) });
  } catch (error) {
    answer(502, { error: `cart unreachable: ${error.message}` });
  }
});

// Port 0: the system picks a free port; the test reads it from this line.
server.listen(0, '127.0.0.1', () => {
  console.log(`web listening on port ${server.address().port}`);
});

// Stop accepting and let the agent flush its spans before the process exits.
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
