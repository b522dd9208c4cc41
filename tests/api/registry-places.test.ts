// Lists of units and stations (docs/registry.md): filtered by name, region (with its
// sub-regions), kind and state, and exported to Excel with the same filters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem } from './harness.ts';
import { expectStatus, startAccountsServer, type ClockedServer } from './accounts-fixtures.ts';

let server: ClockedServer;
before(async () => {
  server = await startAccountsServer();
});
after(async () => {
  if (server) await server.stop();
});
const admin = () => ({ token: server.token });

describe('units and stations lists', () => {
  test('a region filter keeps the region and its sub-regions only', async () => {
    const res = await api(server, 'GET', '/api/v1/stations?region=410100&page_size=200', admin());
    expectStatus(res, 200, 'stations of 郑州市');
    assert.ok(res.json.total > 0, 'the demo has stations in 郑州市');
    for (const s of res.json.items) assert.ok(s.region_code.startsWith('4101'), `${s.name} lies in 郑州市`);
    const kaifeng = await api(server, 'GET', '/api/v1/stations?region=410200&page_size=200', admin());
    for (const s of kaifeng.json.items) assert.ok(s.region_code.startsWith('4102'), `${s.name} lies in 开封市`);
    assert.ok(!kaifeng.json.items.some((s: any) => res.json.items.some((z: any) => z.id === s.id)), 'no overlap');
  });

  test('name, kind and state filters', async () => {
    const units = await api(server, 'GET', `/api/v1/units?q=${encodeURIComponent('教育厅')}`, admin());
    expectStatus(units, 200, 'units by name');
    assert.ok(units.json.items.some((u: any) => u.name === '河南省教育厅'));
    for (const u of units.json.items) assert.ok(u.name.includes('教育厅'));
    const online = await api(server, 'GET', '/api/v1/stations?kind=online&page_size=200', admin());
    for (const s of online.json.items) assert.equal(s.kind, 'online');
    const inactive = await api(server, 'GET', '/api/v1/stations?active=false', admin());
    for (const s of inactive.json.items) assert.equal(s.active, false);
    assertProblem(await api(server, 'GET', '/api/v1/stations?kind=bank', admin()), { status: 422 }, 'unknown kind');
    assertProblem(await api(server, 'GET', '/api/v1/units?region=41', admin()), { status: 422 }, 'malformed region');
  });

  test('exports are real workbooks of the filtered rows', async () => {
    for (const path of ['/api/v1/units/export?q=%E6%95%99%E8%82%B2', '/api/v1/stations/export?region=410105']) {
      const res = await fetch(server.url + path, { headers: { Authorization: `Bearer ${server.token}` } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(bytes.subarray(0, 2).toString(), 'PK', `${path} is a zip`);
    }
    const anonymous = await fetch(server.url + '/api/v1/units/export');
    assert.equal(anonymous.status, 401);
  });
});
