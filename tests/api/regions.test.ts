// Regions (行政区划) and congresses on the demo data: Henan 410000 and its 18 city-level
// regions with their GB/T 2260 codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HENAN_CITIES,
  assertProblem,
  authHeaders,
  getJson,
  request,
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

const LEVELS = ['province', 'city', 'county', 'township'];

function assertRegion(r: any, where: string) {
  assert.equal(typeof r.code, 'string', `${where}: code is a string`);
  assert.match(r.code, /^(\d{6}|\d{9})$/, `${where}: code`);
  assert.equal(typeof r.name, 'string', `${where}: name`);
  assert.ok(LEVELS.includes(r.level), `${where}: level ${r.level}`);
  assert.equal(typeof r.has_children, 'boolean', `${where}: has_children`);
  assert.ok(Number.isInteger(r.version) && r.version >= 1, `${where}: version ${r.version}`);
  assert.ok(r.parent_code === null || r.parent_code === undefined || typeof r.parent_code === 'string', `${where}: parent_code`);
  for (const k of Object.keys(r)) assert.match(k, /^[a-z][a-z0-9_]*$/, `${where}: snake_case key ${k}`);
}

function assertList(j: any, where: string) {
  assert.ok(Array.isArray(j.items), `${where}: items`);
  assert.ok(Number.isInteger(j.total), `${where}: total`);
  assert.ok(Number.isInteger(j.page), `${where}: page`);
  assert.ok(Number.isInteger(j.page_size), `${where}: page_size`);
}

describe('GET /api/v1/regions', () => {
  test('without parent → the roots: 河南省 410000', async () => {
    const { json } = await getJson(server, '/api/v1/regions');
    assertList(json, 'roots');
    assert.equal(json.total, 1);
    assert.equal(json.page, 1);
    assert.equal(json.page_size, 50, 'default page_size is 50');
    assert.equal(json.items.length, 1);
    const [henan] = json.items;
    assertRegion(henan, '410000');
    assert.equal(henan.code, '410000');
    assert.equal(henan.name, '河南省');
    assert.equal(henan.level, 'province');
    assert.ok(henan.parent_code == null, 'a root has no parent_code');
    assert.equal(henan.has_children, true);
  });

  test('?parent=410000 → the 18 city-level regions with their GB/T 2260 codes, in code order', async () => {
    const { json } = await getJson(server, '/api/v1/regions?parent=410000');
    assertList(json, 'cities');
    assert.equal(json.total, 18);
    assert.deepEqual(
      json.items.map((r: any) => [r.code, r.name]),
      HENAN_CITIES.map(([c, n]) => [c, n]),
    );
    for (const r of json.items) {
      assertRegion(r, r.code);
      assert.equal(r.level, 'city', `${r.code} ${r.name} is city-level`);
      assert.equal(r.parent_code, '410000');
    }
  });

  test('has_children agrees with the children actually listed', async () => {
    const { json } = await getJson(server, '/api/v1/regions?parent=410000');
    let withChildren = 0;
    for (const r of json.items) {
      const kids = await getJson(server, `/api/v1/regions?parent=${r.code}`);
      assert.equal(r.has_children, kids.json.total > 0, `${r.code} has_children=${r.has_children}, total=${kids.json.total}`);
      if (r.has_children) withChildren++;
    }
    const zz = json.items.find((r: any) => r.code === '410100');
    assert.equal(zz.has_children, true, '郑州市 has counties in the demo data');
    assert.ok(withChildren >= 1);
  });

  test('counties of 郑州市 are county-level children of 410100 with 4101xx codes', async () => {
    const { json } = await getJson(server, '/api/v1/regions?parent=410100');
    assert.ok(json.total >= 1);
    for (const r of json.items) {
      assertRegion(r, r.code);
      assert.equal(r.parent_code, '410100');
      assert.equal(r.level, 'county');
      assert.match(r.code, /^4101\d\d$/);
    }
    const codes = json.items.map((r: any) => r.code);
    assert.deepEqual(codes, [...codes].sort(), 'sorted by code');
  });

  test('pagination: page/page_size slice the list and report the total', async () => {
    const all = (await getJson(server, '/api/v1/regions?parent=410000&page_size=200')).json;
    assert.equal(all.page_size, 200);
    assert.equal(all.items.length, 18);
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const { json } = await getJson(server, `/api/v1/regions?parent=410000&page=${page}&page_size=5`);
      assert.equal(json.total, 18, 'total is the whole list, not the page');
      assert.equal(json.page, page);
      assert.equal(json.page_size, 5);
      assert.equal(json.items.length, page < 4 ? 5 : 3);
      seen.push(...json.items.map((r: any) => r.code));
    }
    assert.deepEqual(seen, all.items.map((r: any) => r.code), 'pages concatenate to the full list, no gaps or repeats');
  });

  test('a page past the end is empty but keeps the total', async () => {
    const { json } = await getJson(server, '/api/v1/regions?parent=410000&page=9&page_size=5');
    assert.deepEqual(json.items, []);
    assert.equal(json.total, 18);
    assert.equal(json.page, 9);
  });

  test('page_size bounds: 1 and 200 are accepted', async () => {
    const one = (await getJson(server, '/api/v1/regions?parent=410000&page_size=1&page=18')).json;
    assert.equal(one.items.length, 1);
    assert.equal(one.items[0].code, '419001');
    const max = (await getJson(server, '/api/v1/regions?parent=410000&page_size=200')).json;
    assert.equal(max.items.length, 18);
  });

  test('sort: code (default), -code, name, -name', async () => {
    const codes = (q: string) => getJson(server, `/api/v1/regions?parent=410000&page_size=200${q}`).then((r) => r.json.items);
    const byCode = await codes('&sort=code');
    assert.deepEqual(byCode.map((r: any) => r.code), HENAN_CITIES.map(([c]) => c));
    const desc = await codes('&sort=-code');
    assert.deepEqual(desc.map((r: any) => r.code), HENAN_CITIES.map(([c]) => c).reverse());
    const byName = (await codes('&sort=name')).map((r: any) => r.name);
    const byNameDesc = (await codes('&sort=-name')).map((r: any) => r.name);
    assert.equal(new Set(byName).size, 18);
    assert.deepEqual([...byNameDesc].reverse(), byName, '-name is the reverse of name');
    assert.notDeepEqual(byName, HENAN_CITIES.map(([, n]) => n), 'name order differs from code order');
    // Paging is stable under a sort: pages concatenate to the sorted list.
    const paged: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const { json } = await getJson(server, `/api/v1/regions?parent=410000&sort=-code&page=${page}&page_size=5`);
      paged.push(...json.items.map((r: any) => r.code));
    }
    assert.deepEqual(paged, desc.map((r: any) => r.code));
  });

  test('an unknown sort → 422 naming the parameter', async () => {
    const p = assertProblem(await request(server, '/api/v1/regions?sort=population'), { status: 422 });
    assert.ok(p.errors.some((e: any) => e.parameter === 'sort'), JSON.stringify(p));
  });

  test('a 9-digit parent code is well-formed (404 when unknown, not 422)', async () => {
    assertProblem(await request(server, '/api/v1/regions?parent=410102001'), { status: 404 });
  });

  test('a malformed parent → 422 naming the parameter', async () => {
    const p = assertProblem(await request(server, '/api/v1/regions?parent=4100'), { status: 422 });
    assert.ok(p.errors.some((e: any) => e.parameter === 'parent'));
  });
});

describe('GET /api/v1/regions/{code}', () => {
  test('a city: the item, its path and an ETag with the version', async () => {
    const { res, json } = await getJson(server, '/api/v1/regions/410100');
    assertRegion(json, '410100');
    assert.equal(json.code, '410100');
    assert.equal(json.name, '郑州市');
    assert.equal(json.level, 'city');
    assert.equal(json.parent_code, '410000');
    assert.deepEqual(json.path, [{ code: '410000', name: '河南省' }], 'path: the ancestors, root first');
    assert.equal(res.headers['etag'], `"${json.version}"`);
  });

  test('a county: path lists province then city', async () => {
    const kids = (await getJson(server, '/api/v1/regions?parent=410100')).json;
    const county = kids.items[0];
    const { json } = await getJson(server, `/api/v1/regions/${county.code}`);
    assert.equal(json.code, county.code);
    assert.deepEqual(json.path, [
      { code: '410000', name: '河南省' },
      { code: '410100', name: '郑州市' },
    ]);
  });

  test('the province: empty path', async () => {
    const { json } = await getJson(server, '/api/v1/regions/410000');
    assert.deepEqual(json.path, []);
  });

  test('济源市 419001 hangs directly under the province', async () => {
    const { json } = await getJson(server, '/api/v1/regions/419001');
    assert.equal(json.name, '济源市');
    assert.equal(json.parent_code, '410000');
  });

  test('unknown → 404; malformed → 404 or 422 (never 500)', async () => {
    assertProblem(await request(server, '/api/v1/regions/419999'), { status: 404 });
    const bad = await request(server, '/api/v1/regions/not-a-code');
    assert.ok([404, 422].includes(bad.status), `status ${bad.status}`);
    assertProblem(bad, { status: bad.status });
  });
});

describe('POST and PATCH /api/v1/regions', () => {
  const json = (extra: Record<string, string> = {}) =>
    authHeaders(server.token, { 'content-type': 'application/json', ...extra });

  test('create → 201 + Location; read back; the parent now has it; patch with If-Match → 200 and a new version', async () => {
    const before = (await getJson(server, '/api/v1/regions?parent=410200')).json;
    const created = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ code: '410299', name: '测试区', level: 'county', parent_code: '410200' }),
    });
    assert.equal(created.status, 201, created.body);
    assert.match(created.headers['content-type'] ?? '', /^application\/json\b/);
    assert.match(created.headers['location'] ?? '', /\/api\/v1\/regions\/410299$/);
    const body = JSON.parse(created.body);
    assert.equal(body.code, '410299');
    assert.equal(body.name, '测试区');
    assert.equal(body.level, 'county');
    assert.equal(body.parent_code, '410200');
    assert.equal(body.version, 1);

    const got = await getJson(server, new URL(created.headers['location'], server.url).pathname);
    assert.equal(got.json.name, '测试区');
    assert.deepEqual(got.json.path, [
      { code: '410000', name: '河南省' },
      { code: '410200', name: '开封市' },
    ]);
    assert.equal(got.res.headers['etag'], '"1"');

    const afterList = (await getJson(server, '/api/v1/regions?parent=410200')).json;
    assert.equal(afterList.total, before.total + 1);
    assert.ok(afterList.items.some((r: any) => r.code === '410299'));
    const parent = (await getJson(server, '/api/v1/regions/410200')).json;
    assert.equal(parent.has_children, true, 'the parent now has children');

    const patched = await request(server, '/api/v1/regions/410299', {
      method: 'PATCH',
      headers: json({ 'if-match': got.res.headers['etag'] }),
      body: JSON.stringify({ name: '测试新区' }),
    });
    assert.equal(patched.status, 200, patched.body);
    const pj = JSON.parse(patched.body);
    assert.equal(pj.name, '测试新区');
    assert.equal(pj.version, 2);
    assert.equal(patched.headers['etag'], '"2"');

    const again = await getJson(server, '/api/v1/regions/410299');
    assert.equal(again.json.name, '测试新区');
    assert.equal(again.json.version, 2);
    assert.equal(again.res.headers['etag'], '"2"');

    const stale = await request(server, '/api/v1/regions/410299', {
      method: 'PATCH',
      headers: json({ 'if-match': '"1"' }),
      body: JSON.stringify({ name: '旧版本' }),
    });
    assertProblem(stale, { status: 409, code: 'version_conflict' });
  });

  test('Content-Type with a charset parameter is JSON too', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: authHeaders(server.token, { 'content-type': 'application/json; charset=utf-8' }),
      body: JSON.stringify({ code: '410298', name: '字符集区', level: 'county', parent_code: '410200' }),
    });
    assert.equal(res.status, 201, res.body);
  });

  test('a renamed region shows its new name in its children’s paths', async () => {
    const cur = await getJson(server, '/api/v1/regions/410200');
    const res = await request(server, '/api/v1/regions/410200', {
      method: 'PATCH',
      headers: json({ 'if-match': cur.res.headers['etag'] }),
      body: JSON.stringify({ name: '开封' }),
    });
    assert.equal(res.status, 200, res.body);
    const child = (await getJson(server, '/api/v1/regions/410299')).json;
    assert.deepEqual(child.path[1], { code: '410200', name: '开封' });
    const back = await request(server, '/api/v1/regions/410200', {
      method: 'PATCH',
      headers: json({ 'if-match': res.headers['etag'] }),
      body: JSON.stringify({ name: '开封市' }),
    });
    assert.equal(back.status, 200, back.body);
  });

  test('a new root (no parent_code) joins the roots', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ code: '420000', name: '湖北省', level: 'province' }),
    });
    assert.equal(res.status, 201, res.body);
    assert.equal(JSON.parse(res.body).parent_code, null);
    const roots = (await getJson(server, '/api/v1/regions')).json;
    assert.equal(roots.total, 2);
    assert.deepEqual(roots.items.map((r: any) => r.code), ['410000', '420000']);
    const detail = (await getJson(server, '/api/v1/regions/420000')).json;
    assert.deepEqual(detail.path, []);
    assert.equal(detail.has_children, false);
  });

  test('the duplicate of a created region → 409 region_exists', async () => {
    const res = await request(server, '/api/v1/regions', {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ code: '410299', name: '重复', level: 'county', parent_code: '410200' }),
    });
    assertProblem(res, { status: 409, code: 'region_exists' });
  });
});

describe('GET /api/v1/congresses', () => {
  function assertCongress(c: any) {
    assert.equal(typeof c.id, 'string', 'id is a string');
    assert.match(c.region_code, /^\d{6}(\d{3})?$/);
    assert.ok(['national', 'provincial', 'city', 'county', 'township'].includes(c.level), `level ${c.level}`);
    assert.equal(typeof c.name, 'string');
    assert.ok(Array.isArray(c.terms), 'terms');
    for (const t of c.terms) {
      assert.ok(Number.isInteger(t.number) && t.number > 0, `term number ${t.number}`);
      assert.equal(typeof t.name, 'string');
      assert.match(t.start_date, /^\d{4}-\d{2}-\d{2}$/);
      // end_date is null while the term runs.
      if (t.end_date !== null) {
        assert.match(t.end_date, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(t.start_date < t.end_date, `${t.start_date} < ${t.end_date}`);
      }
    }
  }

  test('?region=410000 → 河南省人民代表大会, provincial, with terms', async () => {
    const { json } = await getJson(server, '/api/v1/congresses?region=410000');
    assertList(json, 'congresses');
    assert.equal(json.total, 1);
    const [c] = json.items;
    assertCongress(c);
    assert.equal(c.region_code, '410000');
    assert.equal(c.level, 'provincial');
    assert.equal(c.name, '河南省人民代表大会');
    assert.ok(c.terms.length >= 1, 'has terms');
    const t14 = c.terms.find((t: any) => t.number === 14);
    assert.ok(t14, 'the 14th term (第十四届) is there');
    assert.equal(t14.name, '第十四届');
  });

  test('?region=410100 → the city-level congress of 郑州市', async () => {
    const { json } = await getJson(server, '/api/v1/congresses?region=410100');
    assert.equal(json.total, 1);
    assertCongress(json.items[0]);
    assert.equal(json.items[0].level, 'city');
    assert.equal(json.items[0].name, '郑州市人民代表大会');
  });

  test('without region → all congresses, paginated, each well-formed', async () => {
    const { json } = await getJson(server, '/api/v1/congresses?page_size=200');
    assertList(json, 'all congresses');
    assert.ok(json.total >= 2);
    assert.equal(json.items.length, Math.min(json.total, 200));
    json.items.forEach(assertCongress);
    const ids = json.items.map((c: any) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    const page = (await getJson(server, '/api/v1/congresses?page=1&page_size=1')).json;
    assert.equal(page.items.length, 1);
    assert.equal(page.total, json.total);
  });

  test('a malformed region → 422 naming the parameter', async () => {
    const p = assertProblem(await request(server, '/api/v1/congresses?region=41'), { status: 422 });
    assert.ok(p.errors.some((e: any) => e.parameter === 'region'), JSON.stringify(p));
  });
});
