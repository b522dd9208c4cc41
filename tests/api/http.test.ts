// The HTTP edge: request ids, HEAD, health, metrics, the OpenAPI document, keep-alive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  RawConnection,
  getJson,
  rawRequest,
  repoRoot,
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

describe('X-Request-Id', () => {
  test('echoes the request id the caller sent', async () => {
    const res = await request(server, '/healthz', { headers: { 'x-request-id': 'abc-123_XYZ.7' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-request-id'], 'abc-123_XYZ.7');
  });

  test('generates a distinct id when none is sent', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await request(server, '/api/v1/regions');
      const id = res.headers['x-request-id'];
      assert.ok(id && id.length >= 8, `generated id "${id}" is present and not trivially short`);
      ids.add(id);
    }
    assert.equal(ids.size, 5, 'each request gets its own id');
  });

  test('every kind of response carries one: 200, 404, 405, 422, HEAD', async () => {
    for (const [method, p] of [
      ['GET', '/api/v1/regions'],
      ['GET', '/api/v1/nope'],
      ['DELETE', '/healthz'],
      ['GET', '/api/v1/regions?page=0'],
      ['HEAD', '/api/v1/regions'],
    ]) {
      const res = await request(server, p, { method });
      assert.ok(res.headers['x-request-id'], `${method} ${p} → ${res.status} has X-Request-Id`);
    }
  });

  test('the access log line of a request carries its id', async () => {
    const id = `log-probe-${Date.now()}`;
    await request(server, '/api/v1/regions?parent=410000', { headers: { 'x-request-id': id } });
    const line = await server.waitForLog((l) => l.raw.includes(id));
    assert.ok(line.json, `the log line is JSON: ${line.raw}`);
  });
});

describe('health', () => {
  test('GET /healthz → 200 {"status":"ok"}', async () => {
    const { json } = await getJson(server, '/healthz');
    assert.deepEqual(json, { status: 'ok' });
  });

  test('GET /readyz → 200 {"status":"ready"}', async () => {
    const { json } = await getJson(server, '/readyz');
    assert.deepEqual(json, { status: 'ready' });
  });
});

describe('HEAD works wherever GET does', () => {
  for (const p of [
    '/healthz',
    '/readyz',
    '/metrics',
    '/api/openapi.json',
    '/api/v1/regions',
    '/api/v1/regions?parent=410000',
    '/api/v1/regions/410100',
    '/api/v1/congresses?region=410000',
  ]) {
    test(`HEAD ${p}: same status and headers as GET, no body`, async () => {
      const get = await request(server, p);
      assert.equal(get.status, 200, `GET ${p}`);
      // Raw socket: fetch would hide a body wrongly sent after a HEAD response.
      const c = await RawConnection.connect(server.port);
      try {
        await c.write(requestHead('HEAD', p));
        const head = await c.readResponse({ head: true });
        assert.equal(head.status, 200);
        assert.equal(
          (head.headers['content-type'] ?? '').split(';')[0],
          (get.headers['content-type'] ?? '').split(';')[0],
          'same Content-Type',
        );
        if (head.headers['content-length'] !== undefined && !p.startsWith('/metrics')) {
          assert.equal(Number(head.headers['content-length']), get.bytes.length, 'Content-Length of the GET body');
        }
        if (get.headers['etag']) assert.equal(head.headers['etag'], get.headers['etag'], 'same ETag');
        // The connection stays usable and carries no stray body bytes: the next response parses.
        await c.write(requestHead('GET', '/healthz', { Connection: 'close' }));
        const next = await c.readResponse();
        assert.equal(next.status, 200, 'next response on the same connection');
        assert.deepEqual(JSON.parse(next.body), { status: 'ok' });
      } finally {
        c.close();
      }
    });
  }
});

describe('keep-alive and pipelining', () => {
  test('several requests on one connection, pipelined, answered in order', async () => {
    const c = await RawConnection.connect(server.port);
    try {
      const ids = ['pipe-1', 'pipe-2', 'pipe-3'];
      await c.write(
        requestHead('GET', '/healthz', { 'X-Request-Id': ids[0] }) +
          requestHead('GET', '/api/v1/regions/410100', { 'X-Request-Id': ids[1] }) +
          requestHead('GET', '/api/v1/regions?parent=410000', { 'X-Request-Id': ids[2], Connection: 'close' }),
      );
      for (const id of ids) {
        const r = await c.readResponse();
        assert.equal(r.status, 200);
        assert.equal(r.headers['x-request-id'], id, 'responses come back in request order');
      }
      await c.waitClosed();
    } finally {
      c.close();
    }
  });

  test('HTTP/1.0 without keep-alive gets an answer and a closed connection', async () => {
    const res = await rawRequest(server.port, 'GET /healthz HTTP/1.0\r\n\r\n');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { status: 'ok' });
  });

});

describe('/metrics', () => {
  async function metricsText(): Promise<string> {
    const res = await request(server, '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/plain\b/, 'Prometheus text format');
    return res.body;
  }

  // Prometheus sample lines: name{labels} value
  function samples(text: string) {
    const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (!m) continue;
      const labels: Record<string, string> = {};
      if (m[2]) for (const lm of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
      out.push({ name: m[1], labels, value: Number(m[3]) });
    }
    return out;
  }

  const statusOf = (l: Record<string, string>) => l.status ?? l.code ?? l.status_code;

  test('counts requests by route and status', async () => {
    for (let i = 0; i < 3; i++) await request(server, '/api/v1/regions?parent=410000');
    await request(server, '/api/v1/regions/410100');
    await request(server, '/api/v1/regions/999999');
    const s = samples(await metricsText());
    const counters = s.filter((x) => /request/.test(x.name) && /_total$/.test(x.name) && x.labels.route !== undefined);
    assert.ok(counters.length > 0, 'a *request*_total counter with a route label');
    const list200 = counters.find((x) => x.labels.route === '/api/v1/regions' && statusOf(x.labels) === '200');
    assert.ok(list200 && list200.value >= 3, `/api/v1/regions 200 counted ≥ 3: ${JSON.stringify(list200)}`);
    const item = counters.filter((x) => x.labels.route === '/api/v1/regions/{code}');
    assert.ok(item.some((x) => statusOf(x.labels) === '200'), 'route label is the pattern /api/v1/regions/{code} (200)');
    assert.ok(item.some((x) => statusOf(x.labels) === '404'), 'the 404 of an unknown region is counted under its route');
    assert.ok(
      !counters.some((x) => x.labels.route === '/api/v1/regions/410100'),
      'raw paths never become label values (cardinality)',
    );
  });

  test('has a latency histogram with buckets, sum and count', async () => {
    const s = samples(await metricsText());
    const buckets = s.filter((x) => x.name.endsWith('_bucket') && x.labels.le !== undefined);
    assert.ok(buckets.length > 0, 'histogram buckets');
    const base = buckets[0].name.replace(/_bucket$/, '');
    assert.match(base, /duration|latency/, `histogram name ${base}`);
    assert.ok(buckets.some((x) => x.labels.le === '+Inf'), '+Inf bucket');
    assert.ok(s.some((x) => x.name === `${base}_sum`), `${base}_sum`);
    assert.ok(s.some((x) => x.name === `${base}_count` && x.value > 0), `${base}_count > 0`);
  });

  test('reports requests in flight and the database pool', async () => {
    const text = await metricsText();
    assert.match(text, /^[a-z_:]*in_?flight[a-z_]*(\{.*\})? /m, 'an in-flight gauge');
    assert.match(text, /^[a-z_:]*(db|database)[a-z_]*pool[a-z_]*(\{.*\})? /m, 'a database pool metric');
  });
});

describe('/api/openapi.json', () => {
  test('is OpenAPI 3.1 JSON listing every route of the contract with its methods', async () => {
    const { json } = await getJson(server, '/api/openapi.json');
    assert.match(String(json.openapi), /^3\.1\./);
    assert.ok(json.info?.title, 'info.title');
    const expected: Record<string, string[]> = {
      '/healthz': ['get'],
      '/readyz': ['get'],
      '/metrics': ['get'],
      '/api/openapi.json': ['get'],
      '/api/v1/regions': ['get', 'post'],
      '/api/v1/regions/{code}': ['get', 'patch'],
      '/api/v1/congresses': ['get'],
    };
    for (const [p, methods] of Object.entries(expected)) {
      assert.ok(json.paths?.[p], `paths has ${p}`);
      for (const m of methods) assert.ok(json.paths[p][m], `${p} has ${m}`);
    }
    const schemes = Object.values(json.components?.securitySchemes ?? {}) as any[];
    assert.ok(schemes.some((x) => x.type === 'http' && x.scheme === 'bearer'), 'a bearer security scheme');
    for (const name of ['Region', 'Congress', 'Term', 'Problem']) {
      assert.ok(json.components?.schemas?.[name], `components.schemas.${name}`);
    }
    // Quoted YAML scalars stay strings in the JSON (codes are strings, not numbers).
    assert.equal(typeof json.paths['/api/v1/regions'].get.responses['200'].content['application/json'].example.items[0].code, 'string');
  });

  test('is the document in docs/openapi.yaml (same paths)', async () => {
    const { json } = await getJson(server, '/api/openapi.json');
    const yaml = readFileSync(path.join(repoRoot, 'docs', 'openapi.yaml'), 'utf8');
    const yamlPaths = [...yaml.matchAll(/^  (\/[^:\s]*):\s*$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(Object.keys(json.paths).sort(), yamlPaths);
  });
});
