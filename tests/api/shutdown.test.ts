// Graceful shutdown: on SIGTERM/SIGINT the server stops accepting, finishes in-flight
// requests (bounded wait), closes idle connections and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RawConnection,
  requestHead,
  startServer,
  tail,
  tryConnect,
  type TestServer,
} from './harness.ts';

/**
 * Resolves once the server has acted on the signal: it logged something about stopping,
 * or its listener refuses connections. Never sleeps; each probe waits on a socket event.
 */
async function shutdownStarted(server: TestServer, timeoutMs = 10000): Promise<string> {
  let done = false;
  const from = server.logs.length; // only lines logged after the signal count
  const byLog = server
    .waitForLog((l) => server.logs.indexOf(l) >= from && /shut|stopp|signal|drain|terminat/i.test(l.raw), timeoutMs)
    .then(() => 'log');
  const byRefusal = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!done && Date.now() < deadline) {
      const r = await tryConnect(server.port);
      if (r === 'ECONNREFUSED') return 'refused';
    }
    throw new Error('listener still accepting');
  })();
  try {
    return await Promise.any([byLog, byRefusal]);
  } catch {
    throw new Error(`the server did not begin shutting down within ${timeoutMs} ms\n${tail(server.logs)}`);
  } finally {
    done = true;
  }
}

/** One round trip on a fresh connection: lets the server's event loop catch up with us. */
async function roundTrip(port: number) {
  const c = await RawConnection.connect(port);
  try {
    await c.write(requestHead('GET', '/healthz', { Connection: 'close' }));
    assert.equal((await c.readResponse()).status, 200);
  } finally {
    c.close();
  }
}

test('SIGTERM during a slow request: the request is still answered in full, then exit 0 and no new connections', async () => {
  const server = await startServer({ args: ['--shutdown-grace-ms', '10000'] });
  try {
    await slowRequestScenario(server);
  } finally {
    if (!server.exitInfo()) await server.stop({ signal: 'SIGKILL' }).catch(() => {});
  }
});

async function slowRequestScenario(server: TestServer) {
  const c = await RawConnection.connect(server.port);
  try {
    // The connection is established and served.
    await c.write(requestHead('GET', '/healthz'));
    assert.equal((await c.readResponse()).status, 200);

    const body = Buffer.from(
      JSON.stringify({ code: '410195', name: '慢请求区', level: 'county', parent_code: '410100' }),
      'utf8',
    );
    const half = Math.floor(body.length / 2);
    await c.write(
      requestHead('POST', '/api/v1/regions', {
        Authorization: `Bearer ${server.token}`,
        'Content-Type': 'application/json',
        'Content-Length': body.length,
        'X-Request-Id': 'slow-post-1',
      }),
    );
    await c.write(body.subarray(0, half));
    await roundTrip(server.port);

    server.proc.kill('SIGTERM');
    await shutdownStarted(server);
    assert.equal(server.exitInfo(), undefined, 'the server waits for the in-flight request');

    await c.write(body.subarray(half));
    const res = await c.readResponse({ timeoutMs: 15000 });
    assert.ok([201, 422].includes(res.status), `status ${res.status}: ${res.body}`);
    assert.equal(res.headers['x-request-id'], 'slow-post-1');
    const parsed = JSON.parse(res.body); // complete, well-formed body
    if (res.status === 201) assert.equal(parsed.code, '410195');
    await c.waitClosed(15000);
  } finally {
    c.close();
  }

  const exit = await server.waitExit(15000).catch(async (e) => {
    await server.stop({ signal: 'SIGKILL', keepDatabase: true });
    throw e;
  });
  assert.deepEqual(exit, { code: 0, signal: null }, 'exit code 0');
  assert.equal(await tryConnect(server.port), 'ECONNREFUSED', 'a new connection after shutdown is refused');

  // The answered write was committed.
  const name = await server.db.sql("SELECT name FROM regions WHERE code = '410195'");
  assert.equal(name, '慢请求区');
  await server.db.drop();
}

test('SIGTERM with only idle keep-alive connections: closes them and exits 0 promptly (well inside the grace)', async () => {
  const server = await startServer({ args: ['--shutdown-grace-ms', '60000'] });
  const idle: RawConnection[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const c = await RawConnection.connect(server.port);
      await c.write(requestHead('GET', '/api/v1/regions'));
      assert.equal((await c.readResponse()).status, 200);
      idle.push(c);
    }
    // stop() fails if the process is still alive after 8 s, far below the 60 s grace.
    const exit = await server.stop({ timeoutMs: 8000 });
    assert.deepEqual(exit, { code: 0, signal: null });
    for (const c of idle) await c.waitClosed(2000);
  } finally {
    idle.forEach((c) => c.close());
    if (!server.exitInfo()) await server.stop({ signal: 'SIGKILL' }).catch(() => {});
  }
});

test('SIGINT also shuts down cleanly with exit 0', async () => {
  const server = await startServer();
  const res = await server.fetch('/healthz');
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  const exit = await server.stop({ signal: 'SIGINT' });
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.equal(await tryConnect(server.port), 'ECONNREFUSED');
});

test('a request that never completes does not hold shutdown past the grace period', async () => {
  const server = await startServer({ args: ['--shutdown-grace-ms', '500'] });
  const c = await RawConnection.connect(server.port);
  try {
    await c.write(
      requestHead('POST', '/api/v1/regions', {
        Authorization: `Bearer ${server.token}`,
        'Content-Type': 'application/json',
        'Content-Length': 1000,
      }) + '{"code":',
    );
    await roundTrip(server.port);
    const exit = await server.stop({ timeoutMs: 8000 });
    assert.deepEqual(exit, { code: 0, signal: null });
  } finally {
    c.close();
    if (!server.exitInfo()) await server.stop({ signal: 'SIGKILL' }).catch(() => {});
  }
});
