/**
 * NDJSON over real sockets (127.0.0.1, port 0): records stream with
 * backpressure. A client that stops reading stops generation (the count of
 * generated units stays bounded), one that goes away ends it, and an error
 * mid-stream ends the stream with an error line.
 */
import { expect } from 'chai';
import http from 'node:http';
import supertest from 'supertest';
import type { Engine, UnitRecords } from '../../../../engine/index.js';
import { createApp } from '../../../../adapters/transports/http/app.js';
import { memoryLogger } from '../../../../adapters/transports/http/logger.js';
import { parseNdjson, testEngine, useServers } from './helpers.js';

/** An engine whose `units` counts what it generated and notes when its generator was closed. */
function countingEngine(engine: Engine, failAfter?: number): { engine: Engine; counter: { units: number; closed: boolean } } {
  const counter = { units: 0, closed: false };
  const units = async function* (options?: Parameters<Engine['units']>[0], entities?: readonly string[]): AsyncGenerator<UnitRecords> {
    try {
      for await (const unit of engine.units(options, entities)) {
        if (failAfter !== undefined && counter.units >= failAfter) throw new Error('generator broke');
        counter.units++;
        yield unit;
      }
    } finally {
      counter.closed = true;
    }
  };
  return { engine: Object.create(engine, { units: { value: units } }) as Engine, counter };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Wait (polling) until `condition` holds; fails after `ms`. */
async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The number of units once it stops changing between two looks 150 ms apart. */
async function settledCount(counter: { units: number }): Promise<number> {
  let previous = -1;
  for (let i = 0; i < 100; i++) {
    if (counter.units === previous) return previous;
    previous = counter.units;
    await sleep(150);
  }
  throw new Error(`generation never paused (${counter.units} units)`);
}

function ndjsonRequest(url: string, body: unknown, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
  const req = http.request(`${url}/generate/bundle`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' } }, onResponse);
  req.on('error', () => undefined);
  req.end(JSON.stringify(body));
  return req;
}

describe('HTTP NDJSON streaming (real server on 127.0.0.1:0)', () => {
  const serve = useServers();

  it('@demo streams 2,000 bundles over a socket: 6,000 lines, the records of engine.generate', async () => {
    const engine = await testEngine();
    const server = await serve(engine);
    const text = await new Promise<string>((resolve, reject) => {
      ndjsonRequest(server.url, { records: 2000, seed: 11 }, (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (out += chunk));
        res.on('end', () => resolve(out));
        res.on('error', reject);
      });
    });
    const lines = parseNdjson(text) as Array<{ entity: string; record: Record<string, unknown> }>;
    expect(lines).to.have.length(6000);
    const bundle = (await engine.generate('bundle', { records: 2000, seed: 11 })) as Record<string, unknown[]>;
    expect(lines.filter((l) => l.entity === 'vehicle').map((l) => l.record)).to.deep.equal(JSON.parse(JSON.stringify(bundle.vehicles)));
  });

  it('a client that stops reading pauses generation (bounded units), reading again resumes it, going away stops it', async () => {
    const { engine, counter } = countingEngine(await testEngine());
    const server = await serve(engine);
    let response: http.IncomingMessage | undefined;
    // Ask for the maximum and never read: without backpressure the server would generate all of it into memory.
    const req = ndjsonRequest(server.url, { records: 1_000_000, seed: 5 }, (res) => {
      response = res; // not read: no 'data' listener, so the stream stays paused
    });
    await until(() => response !== undefined && counter.units > 0, 'the first units');
    const paused = await settledCount(counter);
    expect(paused, 'units generated while the client reads nothing').to.be.below(50_000);
    expect(counter.closed).to.equal(false);

    response!.resume(); // read (and discard) again
    await until(() => counter.units > paused + 20_000, 'generation to resume');

    req.destroy(); // the client goes away
    await until(() => counter.closed, 'the generator to be closed');
    const stopped = counter.units;
    await sleep(300);
    expect(counter.units, 'no unit generated after the client left').to.equal(stopped);
    expect(stopped).to.be.below(1_000_000);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
  });

  it('an error after the stream started ends it with an {"error"} line and no internals', async () => {
    const logger = memoryLogger();
    const { engine } = countingEngine(await testEngine(), 1500);
    const res = await supertest(createApp(engine, { logger }).callback())
      .post('/generate/bundle').set('Content-Type', 'application/json').set('Accept', 'application/x-ndjson').send({ records: 5000 })
      .buffer(true).parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk));
        r.on('end', () => done(null, text));
      });
    expect(res.status).to.equal(200);
    const lines = parseNdjson(res.body as string) as Array<Record<string, { esdh_code?: string; code?: string }>>;
    expect(lines).to.have.length(1500 * 3 + 1);
    expect(lines.at(-1)!.error).to.include({ code: 'internal_error', esdh_code: 'ESDH_ERR_HTTP_INTERNAL' });
    expect(res.body as string).not.to.contain('generator broke');
    expect(JSON.stringify(logger.entries)).to.contain('generator broke');
  });
});
