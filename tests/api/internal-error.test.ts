// An unexpected exception becomes an opaque 500 problem, logged with the request id.
// Provoked by renaming the regions table out from under the running server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, request, startServer, type TestServer } from './harness.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

const LEAKS = [
  /regions_gone/i,
  /\bregions\b/i, // the table name (the request path is not part of an opaque body either)
  /no such table/i,
  /\brelation\b/i,
  /\bselect\b/i,
  /\bfrom\b/i,
  /sqlite/i,
  /postgres/i,
  /\bsoci\b/i,
  /std::/,
  /\.cpp\b/,
  /\.hpp\b/,
  /0x[0-9a-f]{6,}/i,
  /stack|backtrace/i,
];

test('an unexpected database failure → 500 problem without SQL, table names or stack; logged with the request id; recovers', async () => {
  const ok = await request(server, '/api/v1/regions');
  assert.equal(ok.status, 200);

  await server.db.sql('ALTER TABLE regions RENAME TO regions_gone');
  try {
    const rid = `boom-${Date.now()}`;
    const res = await request(server, '/api/v1/regions', { headers: { 'x-request-id': rid } });
    const p = assertProblem(res, { status: 500 });
    assert.equal(p.instance, rid);
    assert.ok(!('errors' in p) || p.errors === undefined, 'no field errors on a 500');
    for (const re of LEAKS) assert.doesNotMatch(res.body, re, `the 500 body leaks ${re}: ${res.body}`);
    const allowedKeys = new Set(['type', 'title', 'status', 'detail', 'instance', 'code']);
    for (const k of Object.keys(p)) assert.ok(allowedKeys.has(k), `unexpected member "${k}" in a 500 problem`);

    // The error (not just the access line) is logged with the request id, at error level,
    // and that log keeps the cause for the operator.
    const line = await server.waitForLog((l) => {
      if (!l.raw.includes(rid) || !l.json) return false;
      const level = String(l.json.level ?? l.json.lvl ?? l.json.severity ?? '').toLowerCase();
      return /err|crit|fatal/.test(level);
    });
    assert.match(line.raw, /regions|no such table|relation|does not exist/i, `the error log line keeps the cause: ${line.raw}`);

    // HEAD on the same route is just as opaque.
    const head = await request(server, '/api/v1/regions', { method: 'HEAD' });
    assert.equal(head.status, 500);
  } finally {
    await server.db.sql('ALTER TABLE regions_gone RENAME TO regions');
  }

  const again = await request(server, '/api/v1/regions');
  assert.equal(again.status, 200, `the server recovers once the table is back: ${again.body}`);
  assert.equal(JSON.parse(again.body).items[0].code, '410000');
  const health = await request(server, '/healthz');
  assert.equal(health.status, 200);
});
