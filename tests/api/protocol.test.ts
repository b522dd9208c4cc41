// The HTTP/1.1 parser's limits and hostile input: oversized bodies (413) and headers (431),
// malformed requests. Each answer is a problem+json and the server keeps serving.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RawConnection,
  assertProblem,
  authHeaders,
  rawRequest,
  request,
  requestHead,
  startServer,
  type TestServer,
} from './harness.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

async function roundTrip() {
  const c = await RawConnection.connect(server.port);
  try {
    await c.write(requestHead('GET', '/healthz', { Connection: 'close' }));
    await c.readResponse();
  } finally {
    c.close();
  }
}

const json = (token: string, extra: Record<string, string> = {}) =>
  authHeaders(token, { 'content-type': 'application/json', ...extra });

describe('413 body too large', () => {
  const limit = 1024 * 1024;

  // Streams `chunks` after the head, stopping once an answer has arrived.
  async function sendOversized(headers: Record<string, string | number>, chunks: Buffer[]) {
    const c = await RawConnection.connect(server.port);
    try {
      await c.write(requestHead('POST', '/api/v1/regions', headers));
      const reading = c.readResponse({ timeoutMs: 15000 });
      let answered = false;
      reading.then(
        () => (answered = true),
        () => (answered = true),
      );
      for (const chunk of chunks) {
        if (answered || c.isClosed || c.hasData) break;
        if (!(await c.write(chunk))) break;
      }
      return await reading;
    } finally {
      c.close();
    }
  }

  const oversizedHead = (length: number) => ({
    Authorization: `Bearer ${server.token}`,
    'Content-Type': 'application/json',
    'Content-Length': length,
  });

  test('Content-Length over 1 MiB → 413 from the head alone, before any body byte', async () => {
    const res = await sendOversized(oversizedHead(limit + 1), []);
    assertProblem(res, { status: 413 });
    assert.equal((await request(server, '/healthz')).status, 200, 'server still serves');
  });

  test('a client that sends the whole oversized body at once still gets the 413 (no reset)', async () => {
    // What curl, fetch and browsers do: the head and the body in one go, without waiting.
    // The server must read (discard) what is in flight before closing, or the client's
    // TCP stack receives a reset and loses the 413.
    const total = limit + 64 * 1024;
    const c = await RawConnection.connect(server.port);
    try {
      const reading = c.readResponse({ timeoutMs: 15000 });
      await c.write(Buffer.concat([Buffer.from(requestHead('POST', '/api/v1/regions', oversizedHead(total))), Buffer.alloc(total, 0x20)]));
      assertProblem(await reading, { status: 413 });
    } finally {
      c.close();
    }
  });

  test('fetch() posting a 4 MiB body gets the 413 every time, never a reset (the server drains before closing)', async () => {
    // Browsers and fetch send the whole body without waiting for an early answer. A server
    // that answers 413 and closes with unread bytes makes the kernel send a reset, and the
    // client sees EPIPE/ECONNRESET instead of the problem. Ten tries make a race visible.
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        const res = await request(server, '/api/v1/regions', {
          method: 'POST',
          headers: json(server.token),
          body: ' '.repeat(4 * limit),
        });
        outcomes.push(String(res.status));
      } catch (e) {
        outcomes.push((e as any).cause?.code ?? (e as Error).message);
      }
    }
    assert.deepEqual(outcomes, Array(10).fill('413'), `outcomes: ${outcomes.join(', ')}`);
  });

  test('chunked body growing past 1 MiB → 413', async () => {
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const chunk = Buffer.concat([Buffer.from(piece.length.toString(16) + '\r\n'), piece, Buffer.from('\r\n')]);
    const chunks = Array.from({ length: 17 }, () => chunk); // just over 1 MiB, never terminated
    const res = await sendOversized(
      {
        Authorization: `Bearer ${server.token}`,
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      },
      chunks,
    );
    assertProblem(res, { status: 413 });
  });

  test('a body just under the limit is parsed (not 413)', async () => {
    const doc = JSON.stringify({ code: '410197', name: '测试区', level: 'county', parent_code: '410100' });
    const body = doc + ' '.repeat(limit - 4096 - Buffer.byteLength(doc));
    const res = await request(server, '/api/v1/regions', { method: 'POST', headers: json(server.token), body });
    assert.equal(res.status, 201, `status ${res.status}: ${res.body.slice(0, 300)}`);
  });
});

describe('431 request headers too large', () => {
  test('one 17 KiB header → 431', async () => {
    const res = await rawRequest(
      server.port,
      requestHead('GET', '/api/v1/regions', { 'X-Padding': 'a'.repeat(17 * 1024), Connection: 'close' }),
    );
    assertProblem(res, { status: 431 });
    assert.equal((await request(server, '/healthz')).status, 200, 'server still serves');
  });

  test('many headers adding up to over 16 KiB → 431', async () => {
    const headers: Record<string, string> = { Connection: 'close' };
    for (let i = 0; i < 40; i++) headers[`X-Pad-${i}`] = 'b'.repeat(500);
    const res = await rawRequest(server.port, requestHead('GET', '/api/v1/regions', headers));
    assertProblem(res, { status: 431 });
  });

  test('12 KiB of headers is still accepted', async () => {
    const res = await rawRequest(
      server.port,
      requestHead('GET', '/api/v1/regions', { 'X-Padding': 'c'.repeat(12 * 1024), Connection: 'close' }),
    );
    assert.equal(res.status, 200);
  });
});

describe('malformed requests', () => {
  test('a garbage request line → 400 (and no crash)', async () => {
    const c = await RawConnection.connect(server.port);
    try {
      await c.write('THIS IS NOT HTTP\r\n\r\n');
      // The server may answer 400 or just close; it must not hang or die.
      let res;
      try {
        res = await c.readResponse();
      } catch {
        res = undefined; // closed without an answer: acceptable for non-HTTP bytes
      }
      if (res) assertProblem(res, { status: 400 });
    } finally {
      c.close();
    }
    const res = await request(server, '/healthz');
    assert.equal(res.status, 200, 'server still serves');
  });

  test('a request line with an invalid target → 400 problem (and no crash)', async () => {
    const res = await rawRequest(server.port, 'GET /api/v1/regions?parent=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assertProblem(res, { status: 400 });
    assert.equal((await request(server, '/healthz')).status, 200, 'server still serves');
  });
});
