/**
 * Every connection is bounded, on real sockets (127.0.0.1, port 0) with short
 * limits from the config `api` section: a socket that sends nothing, a partial
 * header, a body that never ends, an idle kept-alive connection and a client
 * that stops reading a stream are each closed when their limit passes (with
 * our JSON 408 where Node allows an answer), and connections over the cap are
 * refused without starving the ones that come later.
 */
import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import type { Engine, UnitRecords } from '../../../../engine/index.js';
import { parseRawResponse, rawExchange, testEngine, until, useServers } from './helpers.js';

const LIMITS = { headers_timeout_ms: 300, request_timeout_ms: 500, keep_alive_timeout_ms: 300, idle_timeout_ms: 1_000 };

function expect408(text: string): void {
  const res = parseRawResponse(text);
  expect(res.status, text.slice(0, 200)).to.equal(408);
  expect(res.headers['content-type']).to.match(/^application\/json/);
  expect(res.headers.connection).to.equal('close');
  expect(Number(res.headers['content-length'])).to.equal(Buffer.byteLength(res.body));
  const body = JSON.parse(res.body) as { error: { code: string; esdh_code: string; message: string } };
  expect(body.error).to.include({ code: 'request_timeout', esdh_code: 'ESDH_ERR_HTTP_TIMEOUT' });
  expect(body.error.message).to.contain('300 ms').and.contain('500 ms');
}

/** An engine whose `units` counts the units it generated. */
function countingEngine(engine: Engine): { engine: Engine; counter: { units: number; closed: boolean } } {
  const counter = { units: 0, closed: false };
  const units = async function* (options?: Parameters<Engine['units']>[0], entities?: readonly string[]): AsyncGenerator<UnitRecords> {
    try {
      for await (const unit of engine.units(options, entities)) {
        counter.units++;
        yield unit;
      }
    } finally {
      counter.closed = true;
    }
  };
  return { engine: Object.create(engine, { units: { value: units } }) as Engine, counter };
}

describe('HTTP connection limits (real sockets, short limits)', () => {
  const serve = useServers();
  const opened: Socket[] = [];
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.destroy();
  });

  it('a socket that sends nothing gets a JSON 408 and is closed after api.headers_timeout_ms (no key needed to be held open)', async () => {
    const server = await serve(await testEngine({ config: { api: LIMITS } }));
    const seen = await rawExchange(server.port, () => undefined, 5_000);
    expect(seen.closed, 'closed by the server within 5 s').to.equal(true);
    expect408(seen.text);
  });

  it('a partial header gets a JSON 408 and is closed', async () => {
    const server = await serve(await testEngine({ config: { api: LIMITS } }));
    const seen = await rawExchange(server.port, (socket) => void socket.write('POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-'), 5_000);
    expect(seen.closed).to.equal(true);
    expect408(seen.text);
  });

  it('a body that never completes gets a JSON 408 after api.request_timeout_ms and is closed', async () => {
    const server = await serve(await testEngine({ config: { api: LIMITS } }));
    const seen = await rawExchange(server.port, (socket) => {
      socket.write('POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"records":');
    }, 5_000);
    expect(seen.closed).to.equal(true);
    expect408(seen.text);
  });

  it('an idle kept-alive connection is closed after api.keep_alive_timeout_ms', async () => {
    const server = await serve(await testEngine({ config: { api: LIMITS } }));
    const seen = await rawExchange(server.port, (socket) => void socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), 3_000);
    expect(seen.closed, 'closed by the server within 3 s').to.equal(true);
    const res = parseRawResponse(seen.text);
    expect(res.status).to.equal(200);
    expect(res.headers.connection).to.equal('keep-alive');
  });

  it('a client that stops reading an NDJSON stream is disconnected after api.idle_timeout_ms, and generation stops', async () => {
    const { engine, counter } = countingEngine(await testEngine({ config: { api: LIMITS } }));
    const server = await serve(engine);
    let socket: Socket | undefined;
    const seen = rawExchange(server.port, (s) => {
      socket = s;
      const body = JSON.stringify({ records: 1_000_000, seed: 3 });
      s.write(`POST /generate/bundle HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/x-ndjson\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      s.pause(); // and never read
    }, 15_000);
    await until(() => counter.units > 0, 'the stream to start');
    await until(async () => (await new Promise<number>((r) => server.server.getConnections((_e, n) => r(n)))) === 0, 'the server to close the stalled connection', 10_000);
    await until(() => counter.closed, 'the generator to be closed');
    expect(counter.units).to.be.below(1_000_000);
    socket?.destroy();
    await seen;
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
  });

  it('a client that keeps reading a stream longer than every timeout gets all of it', async () => {
    const server = await serve(await testEngine({ config: { api: { headers_timeout_ms: 100, request_timeout_ms: 150, keep_alive_timeout_ms: 100, idle_timeout_ms: 300 } } }));
    // 20,000 bundles take far longer than the 150 ms request timeout to stream.
    const res = await fetch(`${server.url}/generate/bundle`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' }, body: JSON.stringify({ records: 20_000, seed: 2 }) });
    const text = await res.text();
    expect(res.status).to.equal(200);
    expect(text.split('\n').filter(Boolean)).to.have.length(60_000);
    expect(text).not.to.contain('"error"');
  });

  it('connections over api.max_connections are refused on arrival; once the idle ones time out, /healthz answers again', async () => {
    const server = await serve(await testEngine({ config: { api: { ...LIMITS, max_connections: 3 } } }));
    const idle = await Promise.all([0, 1, 2].map(() => new Promise<Socket>((resolve) => {
      const s = connect(server.port, '127.0.0.1', () => resolve(s));
      opened.push(s);
      s.on('error', () => undefined);
      s.resume(); // read, so the server's close is seen
    })));
    await until(async () => (await new Promise<number>((r) => server.server.getConnections((_e, n) => r(n)))) === 3, 'three connections');
    const refused = await rawExchange(server.port, (s) => void s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), 3_000);
    expect(refused.closed, 'the fourth connection is closed at once').to.equal(true);
    expect(refused.text).to.equal('');
    // The idle ones hold no slot for long: the headers timeout closes them.
    await until(() => idle.every((s) => s.destroyed || s.readableEnded), 'the idle connections to be closed', 5_000);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
  });

  it('server options override the config, and a headers timeout longer than the request timeout is refused', async () => {
    const server = await serve(await testEngine(), { headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const seen = await rawExchange(server.port, () => undefined, 5_000);
    expect(seen.closed).to.equal(true);
    expect(parseRawResponse(seen.text).status).to.equal(408);
    const { startServer } = await import('../../../../adapters/transports/http/server.js');
    let error: { code?: string; message?: string } | undefined;
    await startServer(await testEngine(), { host: '127.0.0.1', port: 0, headersTimeoutMs: 1_000, requestTimeoutMs: 500 }).catch((e: { code?: string }) => (error = e));
    expect(error?.code).to.equal('ESDH_ERR_CONFIG_INVALID');
    expect(error?.message).to.contain('api.headers_timeout_ms').and.contain('api.request_timeout_ms');
  });
});

