/**
 * startServer: loopback by default, secure beyond it, a clear error for a
 * busy port, graceful close, and request bodies read with a limit on a real socket.
 */
import { expect } from 'chai';
import http from 'node:http';
import { isLoopback, startServer } from '../../../../adapters/transports/http/server.js';
import { expectEsdhError } from '../../../helpers/errors.js';
import { parseNdjson, testEngine, useServers } from './helpers.js';

describe('HTTP server (startServer)', () => {
  const serve = useServers();

  it('listens on 127.0.0.1 with a port of its own and answers /healthz', async () => {
    const server = await serve(await testEngine());
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).to.be.greaterThan(0);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(((await res.json()) as { status: string }).status).to.equal('ok');
  });

  it('refuses to listen beyond loopback without an API key (before binding anything)', async () => {
    const engine = await testEngine();
    for (const host of ['0.0.0.0', '192.168.1.20', '::']) {
      const error = await expectEsdhError(startServer(engine, { host, port: 0, apiKey: null }), 'ESDH_ERR_SERVER_API_KEY_REQUIRED');
      expect(error.message).to.contain(host).and.contain('ESDH_API_KEY');
    }
  });

  it('knows which addresses are loopback', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) expect(isLoopback(host), host).to.equal(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) expect(isLoopback(host), host).to.equal(false);
  });

  it('a busy port is ESDH_ERR_SERVER_PORT_IN_USE, naming what to do', async () => {
    const engine = await testEngine();
    const first = await serve(engine);
    const error = await expectEsdhError(startServer(engine, { host: '127.0.0.1', port: first.port }), 'ESDH_ERR_SERVER_PORT_IN_USE');
    expect(error.message).to.contain(String(first.port)).and.contain('DEMO_API_PORT');
  });

  it('close() lets a response in flight finish, then stops accepting', async () => {
    const engine = await testEngine();
    const server = await startServer(engine, { host: '127.0.0.1', port: 0 });
    let closed: Promise<void> | undefined;
    const text = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${server.url}/generate/bundle`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' } }, (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.once('data', () => (closed = server.close())); // close while the stream is running
        res.on('data', (chunk: string) => (out += chunk));
        res.on('end', () => resolve(out));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ records: 20_000, seed: 1 }));
    });
    expect(parseNdjson(text)).to.have.length(60_000);
    await closed;
    const refused = await fetch(`${server.url}/healthz`).then(() => 'answered', (e: { cause?: { code?: string } }) => e.cause?.code);
    expect(refused).to.equal('ECONNREFUSED');
  });

  it('a chunked body over the limit is refused while reading (413), and the connection is closed', async () => {
    const server = await serve(await testEngine({ config: { api: { body_limit_bytes: 1024 } } }));
    const { status, body, connection } = await new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = http.request(`${server.url}/generate/person`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        let out = '';
        res.on('data', (chunk: Buffer) => (out += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: out, connection: res.headers.connection }));
      });
      req.on('error', reject);
      // No Content-Length: Node sends it chunked, so the limit is enforced while reading.
      req.write('{"records": 1, "pad": "');
      req.write('z'.repeat(4096));
      req.end('"}');
    });
    expect(status).to.equal(413);
    expect(JSON.parse(body).error.esdh_code).to.equal('ESDH_ERR_REQUEST_TOO_LARGE');
    expect(connection).to.equal('close');
  });
});
