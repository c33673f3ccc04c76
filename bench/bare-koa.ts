/**
 * The ceiling of bench/http-bench.ts: a bare Koa app on 127.0.0.1 (a free
 * port) that answers every POST with the same fixed body, the bytes of a file
 * (what `esdh serve` returned for the benchmarked request), as
 * application/json. No router, no body parser, no generation: what Koa and
 * Node's HTTP server cost for an answer of that size on this machine.
 *
 *   node dist/bench/bare-koa.js <body-file>
 *
 * Prints `listening on http://127.0.0.1:<port>` on stdout once it listens;
 * stops on SIGTERM or SIGINT.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/bare-koa.js <body-file>\n');
  process.exit(2);
}
const body = readFileSync(file);

const app = new Koa();
app.use((ctx) => {
  if (ctx.method !== 'POST') {
    ctx.status = 405;
    return;
  }
  ctx.type = 'application/json';
  ctx.body = body;
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
