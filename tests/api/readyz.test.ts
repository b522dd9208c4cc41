// /readyz: 200 while the database is reachable, 503 problem+json once it is gone.
// A dedicated server, since this test destroys its database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { assertProblem, getJson, psql, request, startServer, type TestServer } from './harness.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM even with its database gone');
});

test('/readyz → 200 ready, then 503 problem+json when the database is gone; /healthz stays 200', async () => {
  const { json } = await getJson(server, '/readyz');
  assert.deepEqual(json, { status: 'ready' });
  // Warm the pool, so the server holds open connections to what is about to vanish.
  assert.equal((await request(server, '/api/v1/regions?parent=410000')).status, 200);

  if (server.engine === 'sqlite') {
    const f = server.db.file!;
    for (const p of [f, `${f}-wal`, `${f}-shm`, `${f}-journal`]) rmSync(p, { force: true });
  } else {
    await psql(server.db.adminUrl!, `DROP DATABASE ${server.db.name} WITH (FORCE)`);
  }

  const res = await request(server, '/readyz', { headers: { 'x-request-id': 'ready-probe-1' } });
  const p = assertProblem(res, { status: 503 });
  assert.equal(p.instance, 'ready-probe-1');
  const again = await request(server, '/readyz');
  assertProblem(again, { status: 503 });

  const head = await request(server, '/readyz', { method: 'HEAD' });
  assert.equal(head.status, 503, 'HEAD /readyz agrees');

  const health = await getJson(server, '/healthz');
  assert.deepEqual(health.json, { status: 'ok' }, 'liveness does not depend on the database');
});
