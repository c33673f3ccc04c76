/**
 * Requests only a raw socket can send (127.0.0.1, port 0): what Node itself
 * refuses (a bad Content-Length, headers too large, an Expect it cannot meet)
 * is answered with our JSON error shape and the connection closed; and a
 * client still writing a 10 MB body receives the 413 (the rest of the body is
 * read and thrown away, not left to reset the connection).
 */
import { expect } from 'chai';
import { parseRawResponse, rawExchange, testEngine, useServers, writeAll } from './helpers.js';

const TEN_MB = 10 * 1024 * 1024;

/** The answer is a complete HTTP/1.1 response whose body is our JSON error with this status and code. */
function expectJsonError(text: string, status: number, esdhCode: string, code: string): { message: string } {
  const res = parseRawResponse(text);
  expect(res.status, text.slice(0, 300)).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/json/);
  expect(Number(res.headers['content-length'])).to.equal(Buffer.byteLength(res.body));
  const body = JSON.parse(res.body) as { error: { code: string; esdh_code: string; message: string } };
  expect(Object.keys(body)).to.deep.equal(['error']);
  expect(body.error).to.include({ code, esdh_code: esdhCode });
  expect(body.error.message.length).to.be.greaterThan(10);
  return body.error;
}

describe('HTTP requests Node refuses, and large bodies (raw sockets)', () => {
  const serve = useServers();

  const MALFORMED: Array<{ name: string; request: string }> = [
    { name: 'a Content-Length that is not a number', request: 'POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}' },
    { name: 'two different Content-Lengths', request: 'POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}' },
    { name: 'Content-Length and Transfer-Encoding together', request: 'POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' },
    { name: 'a broken request line', request: 'GET /healthz HTTP/9.x\r\nHost: 127.0.0.1\r\n\r\n' },
    { name: 'a bad chunk size', request: 'POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n' },
  ];
  for (const { name, request } of MALFORMED) {
    it(`${name} → 400 ESDH_ERR_HTTP_MALFORMED as JSON, connection closed`, async () => {
      const server = await serve(await testEngine());
      const seen = await rawExchange(server.port, (socket) => void socket.write(request));
      expect(seen.closed).to.equal(true);
      const error = expectJsonError(seen.text, 400, 'ESDH_ERR_HTTP_MALFORMED', 'invalid_request');
      expect(error.message).to.match(/HPE_[A-Z_]+/);
    });
  }

  it('headers over 16 KiB → 431 ESDH_ERR_HTTP_HEADERS_TOO_LARGE as JSON', async () => {
    const server = await serve(await testEngine());
    const seen = await rawExchange(server.port, (socket) => void socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(seen.closed).to.equal(true);
    const error = expectJsonError(seen.text, 431, 'ESDH_ERR_HTTP_HEADERS_TOO_LARGE', 'request_header_fields_too_large');
    expect(error.message).to.contain('16384');
  });

  it('Expect: other than 100-continue → 417 ESDH_ERR_HTTP_EXPECTATION_FAILED as JSON; 100-continue still works', async () => {
    const server = await serve(await testEngine());
    const seen = await rawExchange(server.port, (socket) => void socket.write('POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: teapot\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'));
    const error = expectJsonError(seen.text, 417, 'ESDH_ERR_HTTP_EXPECTATION_FAILED', 'expectation_failed');
    expect(error.message).to.contain('teapot');
    const body = '{"records":1}';
    const ok = await rawExchange(server.port, (socket) => {
      socket.write(`POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.once('data', () => socket.write(body)); // after "100 Continue"
    });
    expect(ok.text).to.match(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
  });

  for (const framing of ['Content-Length', 'chunked'] as const) {
    it(`a client writing a 10 MB body (${framing}) receives the 413 JSON answer, not a reset`, async () => {
      const server = await serve(await testEngine());
      const seen = await rawExchange(server.port, async (socket) => {
        const head = framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${TEN_MB}`;
        socket.write(`POST /generate/bundle HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${head}\r\n\r\n`);
        if (framing === 'chunked') socket.write(`${TEN_MB.toString(16)}\r\n`);
        await writeAll(socket, TEN_MB);
        if (framing === 'chunked') socket.write('\r\n0\r\n\r\n');
      }, 20_000);
      expect(seen.error, 'the client got no socket error').to.equal(undefined);
      expect(seen.closed).to.equal(true);
      const res = parseRawResponse(seen.text);
      expect(res.headers.connection).to.equal('close');
      expectJsonError(seen.text, 413, 'ESDH_ERR_REQUEST_TOO_LARGE', 'payload_too_large');
    });
  }

  it('a keyed server answers 401 to a client writing a 10 MB body, and the client receives it', async () => {
    const server = await serve(await testEngine(), { apiKey: 'k3y' });
    const seen = await rawExchange(server.port, async (socket) => {
      socket.write(`POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${TEN_MB}\r\n\r\n`);
      await writeAll(socket, TEN_MB);
    }, 20_000);
    expect(seen.error).to.equal(undefined);
    expectJsonError(seen.text, 401, 'ESDH_ERR_REQUEST_UNAUTHORIZED', 'unauthorized');
  });

  it('past the discard limit the upload is cut (the answer was sent first)', async () => {
    const { createApp } = await import('../../../../adapters/transports/http/app.js');
    const { createServer } = await import('node:http');
    const engine = await testEngine();
    const http = createServer(createApp(engine, { discardLimitBytes: 256 * 1024 }).callback());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const port = (http.address() as { port: number }).port;
      const claimed = 64 * 1024 * 1024;
      let written = 0;
      const seen = await rawExchange(port, async (socket) => {
        socket.write(`POST /generate/person HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${claimed}\r\n\r\n`);
        const piece = Buffer.alloc(64 * 1024, 'x');
        while (written < claimed && socket.writable) {
          written += piece.length;
          if (!socket.write(piece)) await new Promise((r) => { socket.once('drain', r); socket.once('close', r); });
        }
      }, 20_000);
      expect(seen.closed).to.equal(true);
      expect(written, 'the server stopped reading long before 64 MB').to.be.below(claimed);
      expect(seen.text).to.match(/^HTTP\/1\.1 413 /);
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
