// Every error, from every layer, is RFC 9457 application/problem+json with type, title,
// status, detail, code and instance (= X-Request-Id). One test per required case.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
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

const json = (token: string, extra: Record<string, string> = {}) =>
  authHeaders(token, { 'content-type': 'application/json', ...extra });

function allowSet(allow: string | undefined): Set<string> {
  return new Set((allow ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
}

describe('400 malformed JSON', () => {
  test('POST /api/v1/regions with a truncated JSON body → 400 malformed_json', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(server.token),
      body: '{"code":"410199","name":',
    });
    assertProblem(res, { status: 400, code: 'malformed_json' });
  });

  test('POST with invalid UTF-8 / garbage → 400 malformed_json', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(server.token),
      body: 'not json at all',
    });
    assertProblem(res, { status: 400, code: 'malformed_json' });
  });

  test('PATCH /api/v1/regions/{code} with malformed JSON → 400 malformed_json', async () => {
    const res = await request(server, '/api/v1/regions/410100', {
      method: 'PATCH',
      headers: json(server.token, { 'if-match': '"1"' }),
      body: '{"name": }',
    });
    assertProblem(res, { status: 400, code: 'malformed_json' });
  });
});

describe('415 wrong Content-Type', () => {
  test('POST /api/v1/regions with text/plain → 415', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: authHeaders(server.token, { 'content-type': 'text/plain' }),
      body: JSON.stringify({ code: '410199', name: '测试区', level: 'county', parent_code: '410100' }),
    });
    assertProblem(res, { status: 415 });
  });

  test('POST with application/x-www-form-urlencoded → 415', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: authHeaders(server.token, { 'content-type': 'application/x-www-form-urlencoded' }),
      body: 'code=410199&name=x',
    });
    assertProblem(res, { status: 415 });
  });

  test('POST without any Content-Type → 415', async () => {
    const body = JSON.stringify({ code: '410199', name: '测试区', level: 'county', parent_code: '410100' });
    const res = await rawRequest(
      server.port,
      requestHead('POST', '/api/v1/regions', {
        Authorization: `Bearer ${server.token}`,
        'Content-Length': Buffer.byteLength(body),
        Connection: 'close',
      }) + body,
    );
    assertProblem(res, { status: 415 });
  });

  test('PATCH with text/plain → 415', async () => {
    const res = await request(server, '/api/v1/regions/410100', {
      method: 'PATCH',
      headers: authHeaders(server.token, { 'content-type': 'text/plain', 'if-match': '"1"' }),
      body: '{"name":"郑州市"}',
    });
    assertProblem(res, { status: 415 });
  });
});

describe('404 unknown route', () => {
  for (const [method, p] of [
    ['GET', '/api/v1/nope'],
    ['GET', '/api/v2/regions'],
    ['GET', '/api/v1/regions/410100/children/extra'],
    ['POST', '/api/v1/nope'],
    ['DELETE', '/api/nothing'],
  ] as const) {
    test(`${method} ${p} → 404`, async () => {
      const res = await request(server, p, {
        method,
        headers: method === 'GET' ? {} : json(server.token),
        body: method === 'GET' ? undefined : '{}',
      });
      assertProblem(res, { status: 404 });
    });
  }

  test('GET /api/v1/regions/999999 (unknown region) → 404', async () => {
    assertProblem(await request(server, '/api/v1/regions/999999'), { status: 404 });
  });

  test('GET /api/v1/regions?parent=999999 (unknown parent) → 404', async () => {
    assertProblem(await request(server, '/api/v1/regions?parent=999999'), { status: 404 });
  });

  test('PATCH /api/v1/regions/999999 → 404', async () => {
    const res = await request(server, '/api/v1/regions/999999', {
      method: 'PATCH',
      headers: json(server.token, { 'if-match': '"1"' }),
      body: JSON.stringify({ name: '无' }),
    });
    assertProblem(res, { status: 404 });
  });
});

describe('405 wrong method, with Allow', () => {
  const cases: Array<[string, string, string[]]> = [
    ['DELETE', '/api/v1/regions', ['GET', 'POST']],
    ['PUT', '/api/v1/regions', ['GET', 'POST']],
    ['DELETE', '/api/v1/regions/410100', ['GET', 'PATCH']],
    ['POST', '/api/v1/regions/410100', ['GET', 'PATCH']],
    ['POST', '/api/v1/congresses', ['GET']],
    ['POST', '/healthz', ['GET']],
    ['DELETE', '/readyz', ['GET']],
    ['POST', '/metrics', ['GET']],
    ['PUT', '/api/openapi.json', ['GET']],
  ];
  for (const [method, p, allowed] of cases) {
    test(`${method} ${p} → 405, Allow has ${allowed.join(', ')} and HEAD`, async () => {
      const res = await request(server, p, {
        method,
        headers: json(server.token, { 'if-match': '"1"' }),
        body: '{}',
      });
      assertProblem(res, { status: 405 });
      const allow = allowSet(res.headers['allow']);
      for (const m of [...allowed, 'HEAD']) assert.ok(allow.has(m), `Allow "${res.headers['allow']}" lacks ${m}`);
      assert.ok(!allow.has(method), `Allow "${res.headers['allow']}" must not list ${method}`);
    });
  }
});

describe('422 validation', () => {
  test('bad fields → 422 with one pointer per bad field', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(server.token),
      body: JSON.stringify({ code: '41x', name: '', level: 'galaxy', parent_code: '410100' }),
    });
    const p = assertProblem(res, { status: 422 });
    assert.ok(Array.isArray(p.errors), 'errors is an array');
    for (const e of p.errors) {
      assert.equal(typeof e.pointer, 'string', `error item has a pointer: ${JSON.stringify(e)}`);
      assert.equal(typeof e.detail, 'string', `error item has a detail: ${JSON.stringify(e)}`);
      assert.ok(e.detail.length > 0);
    }
    const pointers = new Set(p.errors.map((e: any) => e.pointer));
    for (const ptr of ['/code', '/name', '/level']) assert.ok(pointers.has(ptr), `errors lack ${ptr}: ${res.body}`);
    assert.ok(!pointers.has('/parent_code'), 'a valid parent_code is not reported');
  });

  for (const [field, value] of [
    ['code', '41x'],
    ['code', '4101999'],
    ['level', 'galaxy'],
    ['level', 'province'], // a province cannot sit under a city
    ['name', ''],
    ['name', '名'.repeat(101)],
  ] as const) {
    test(`${field} = ${JSON.stringify(value).slice(0, 20)} → 422 at /${field}`, async () => {
      const body: Record<string, string> = { code: '410193', name: '测试区', level: 'county', parent_code: '410100' };
      body[field] = value;
      const res = await request(server, '/api/v1/regions', { method: 'POST', headers: json(server.token), body: JSON.stringify(body) });
      const p = assertProblem(res, { status: 422 });
      assert.ok(p.errors.some((e: any) => e.pointer === `/${field}`), res.body);
    });
  }

  test('missing fields → 422 naming each', async () => {
    const res = await request(server, '/api/v1/regions', { method: 'POST', headers: json(server.token), body: '{}' });
    const p = assertProblem(res, { status: 422 });
    const pointers = new Set(p.errors.map((e: any) => e.pointer));
    for (const ptr of ['/code', '/name', '/level']) assert.ok(pointers.has(ptr), `errors lack ${ptr}: ${res.body}`);
  });

  test('wrong JSON types → 422 with pointers', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(server.token),
      body: JSON.stringify({ code: 410199, name: ['x'], level: 'county', parent_code: '410100' }),
    });
    const p = assertProblem(res, { status: 422 });
    const pointers = new Set(p.errors.map((e: any) => e.pointer));
    for (const ptr of ['/code', '/name']) assert.ok(pointers.has(ptr), `errors lack ${ptr}: ${res.body}`);
  });

  test('a JSON body that is not an object → 400 or 422, never 500', async () => {
    const res = await request(server, '/api/v1/regions', { method: 'POST', headers: json(server.token), body: '[1,2]' });
    assert.ok([400, 422].includes(res.status), `status ${res.status}`);
    assertProblem(res, { status: res.status });
  });

  test('unknown parent_code → 422 at /parent_code', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(server.token),
      body: JSON.stringify({ code: '429901', name: '无此市辖区', level: 'county', parent_code: '429900' }),
    });
    const p = assertProblem(res, { status: 422 });
    assert.ok(p.errors.some((e: any) => e.pointer === '/parent_code'), res.body);
  });

  test('an unknown body field → 422 at its pointer', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(server.token),
      body: JSON.stringify({ code: '410194', name: '测试区', level: 'county', parent_code: '410100', population: 5 }),
    });
    const p = assertProblem(res, { status: 422 });
    assert.ok(p.errors.some((e: any) => e.pointer === '/population'), res.body);
  });

  test('PATCH with an empty name → 422 at /name', async () => {
    const res = await request(server, '/api/v1/regions/410200', {
      method: 'PATCH',
      headers: json(server.token, { 'if-match': '"1"' }),
      body: JSON.stringify({ name: '' }),
    });
    const p = assertProblem(res, { status: 422 });
    assert.ok(p.errors.some((e: any) => e.pointer === '/name'), res.body);
  });

  for (const q of ['parent=41', 'parent=abcdef', 'parent=4101001', 'parent=']) {
    test(`GET /api/v1/regions?${q} → 422 naming the parameter parent`, async () => {
      const res = await request(server, `/api/v1/regions?${q}`);
      const p = assertProblem(res, { status: 422 });
      assert.ok(Array.isArray(p.errors), 'errors is an array');
      assert.ok(p.errors.some((e: any) => e.parameter === 'parent' && typeof e.detail === 'string'), res.body);
    });
  }

  for (const [q, param] of [
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['page_size=0', 'page_size'],
    ['page_size=201', 'page_size'],
    ['page_size=1.5', 'page_size'],
  ] as const) {
    test(`GET /api/v1/regions?${q} → 422 naming ${param}`, async () => {
      const res = await request(server, `/api/v1/regions?${q}`);
      const p = assertProblem(res, { status: 422 });
      assert.ok(p.errors.some((e: any) => e.parameter === param), res.body);
    });
  }

  test('GET /api/v1/congresses?page_size=1000 → 422 naming page_size', async () => {
    const res = await request(server, '/api/v1/congresses?page_size=1000');
    const p = assertProblem(res, { status: 422 });
    assert.ok(p.errors.some((e: any) => e.parameter === 'page_size'), res.body);
  });
});

describe('409 conflict', () => {
  test('creating a region whose code exists → 409 region_exists', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(server.token),
      body: JSON.stringify({ code: '410100', name: '郑州市', level: 'city', parent_code: '410000' }),
    });
    assertProblem(res, { status: 409, code: 'region_exists' });
  });

  test('PATCH with a stale If-Match → 409 version_conflict', async () => {
    const cur = await request(server, '/api/v1/regions/410300');
    assert.equal(cur.status, 200);
    const etag = cur.headers['etag'];
    assert.ok(etag, 'ETag present');
    const ok = await request(server, '/api/v1/regions/410300', {
      method: 'PATCH',
      headers: json(server.token, { 'if-match': etag }),
      body: JSON.stringify({ name: '洛阳市' }),
    });
    assert.equal(ok.status, 200, ok.body);
    const stale = await request(server, '/api/v1/regions/410300', {
      method: 'PATCH',
      headers: json(server.token, { 'if-match': etag }),
      body: JSON.stringify({ name: '洛阳' }),
    });
    assertProblem(stale, { status: 409, code: 'version_conflict' });
    const after = JSON.parse((await request(server, '/api/v1/regions/410300')).body);
    assert.equal(after.name, '洛阳市', 'the stale write changed nothing');
  });
});

describe('428 missing If-Match', () => {
  test('PATCH without If-Match → 428', async () => {
    const res = await request(server, '/api/v1/regions/410400', {
      method: 'PATCH',
      headers: json(server.token),
      body: JSON.stringify({ name: '平顶山市' }),
    });
    assertProblem(res, { status: 428 });
  });
});

describe('400 malformed If-Match', () => {
  test('PATCH with If-Match that is not an ETag → 400 malformed_if_match', async () => {
    const res = await request(server, '/api/v1/regions/410400', {
      method: 'PATCH',
      headers: json(server.token, { 'if-match': 'yesterday' }),
      body: JSON.stringify({ name: '平顶山市' }),
    });
    assertProblem(res, { status: 400, code: 'malformed_if_match' });
  });
});

describe('401 missing or invalid token', () => {
  const body = JSON.stringify({ code: '410196', name: '测试区', level: 'county', parent_code: '410100' });
  const cases: Array<[string, Record<string, string>]> = [
    ['no Authorization', {}],
    ['an unknown bearer token', { authorization: 'Bearer huying_not_a_real_token_0000000000' }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['Basic credentials', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
  ];
  for (const [what, auth] of cases) {
    test(`POST /api/v1/regions with ${what} → 401 with WWW-Authenticate: Bearer`, async () => {
      const res = await request(server, '/api/v1/regions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body,
      });
      assertProblem(res, { status: 401 });
      assert.match(res.headers['www-authenticate'] ?? '', /^Bearer\b/i, 'WWW-Authenticate names the Bearer scheme');
    });
  }

  test('PATCH /api/v1/regions/{code} without a token → 401', async () => {
    const res = await request(server, '/api/v1/regions/410500', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ name: '安阳' }),
    });
    assertProblem(res, { status: 401 });
    const still = JSON.parse((await request(server, '/api/v1/regions/410500')).body);
    assert.equal(still.name, '安阳市');
  });

  test('nothing was created by the refused requests', async () => {
    assertProblem(await request(server, '/api/v1/regions/410196'), { status: 404 });
  });
});

describe('problem details on every error path', () => {
  test('a problem echoes the caller’s X-Request-Id as instance', async () => {
    const res = await request(server, '/api/v1/nope', { headers: { 'x-request-id': 'err-trace-0001' } });
    const p = assertProblem(res, { status: 404 });
    assert.equal(p.instance, 'err-trace-0001');
  });

  test('HEAD on an unknown route → 404 without a body', async () => {
    const res = await rawRequest(server.port, requestHead('HEAD', '/api/v1/nope', { Connection: 'close' }), { head: true });
    assert.equal(res.status, 404);
    assert.equal(res.bytes.length, 0);
    assert.ok(res.headers['x-request-id']);
  });
});
