// Public responses contain no private field (docs/registry.md: person_private never appears
// in a public response): the JSON of every public endpoint — the deputy search under many
// filters, profiles, the station list, the nearest stations, station pages — is walked for
// the keys id_number, mobile, home_address, birth_date and for any private value the test
// imported (ID numbers, mobiles, home addresses, birth dates), and for anything shaped like
// an ID number.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './harness.ts';
import { congressOf, startAccountsServer, type ClockedServer } from './accounts-fixtures.ts';
import { DEFAULT_COLUMNS, assertNoPrivate, deputyRow, importDeputies, type DeputyRow } from './registry-fixtures.ts';

let server: ClockedServer;
let deputies: any[] = [];
let privateValues: string[] = [];
let station: string;
before(async () => {
  server = await startAccountsServer();
  const zhongyuan = await congressOf(server, '410102');
  const zhengzhou = await congressOf(server, '410100');
  // Two of them keep a station, so that its page and the station filter show them too.
  const st = await api(server, 'GET', '/api/v1/public/stations?region=410102&page_size=1');
  assert.equal(st.status, 200);
  station = st.json.items[0]?.id;
  assert.ok(station, 'the demo data has a station in 中原区');
  const rows: DeputyRow[] = [
    deputyRow({ name: '张伟', gender: '男', station_id: station }),
    deputyRow({ name: '刘洋', gender: '女', station_id: station }),
    deputyRow({ name: '陈静', gender: '女', region_code: '410102' }),
    deputyRow({ name: '杨帆', gender: '男' }),
  ];
  deputies = await importDeputies(server, zhongyuan, rows, { columns: [...DEFAULT_COLUMNS, 'station_id'] });
  // The first person also serves in the city congress: their profile lists another mandate.
  deputies.push(...(await importDeputies(server, zhengzhou, [{ ...deputies[0].row, region_code: '410102' }])));
  privateValues = rows.flatMap((r) => [r.id_number!, r.mobile!, r.home_address!, r.birth_date!]);
  // Also the ID numbers' birth-date part and the mobiles without their prefix would be leaks.
  privateValues.push(...rows.map((r) => r.id_number!.slice(0, 17)));
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

const ID_SHAPE = /(?<!\d)\d{17}[\dXx](?!\d)/;
const MOBILE_SHAPE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

/** GETs a public URL without credentials and checks its whole JSON. */
async function check(p: string): Promise<any> {
  const res = await api(server, 'GET', p);
  assert.equal(res.status, 200, `GET ${p}: ${res.status} ${res.body.slice(0, 300)}`);
  assertNoPrivate(res.body, privateValues, `GET ${p}`);
  assert.doesNotMatch(res.body, ID_SHAPE, `GET ${p}: nothing shaped like an ID number`);
  // A deputy item never holds a mobile number (a station's public phone may).
  const walk = (node: any) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ('person_id' in node) {
        for (const [k, v] of Object.entries(node)) if (typeof v === 'string') assert.doesNotMatch(v, MOBILE_SHAPE, `GET ${p}: deputy ${node.name} field ${k}`);
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(res.json);
  checked++;
  return res.json;
}
let checked = 0;

describe('public responses contain no private field', () => {
  test('the deputy search under every filter', async () => {
    for (const query of [
      '',
      'page_size=200',
      'q=zhangwei',
      'q=zw',
      'q=zhang%20wei',
      `q=${encodeURIComponent('张')}`,
      `q=${encodeURIComponent('刘洋')}`,
      'q=l',
      'region=410102&page_size=200',
      'region=410100&page_size=200',
      'region=410000&q=z',
      'level=county&page_size=200',
      'level=city&q=zw',
      'term=17&page_size=200',
      'term=16&region=410100',
      `station=${station}`,
      `station=${station}&q=zw`,
      'region=410102&level=county&term=17&q=c',
    ]) {
      const j = await check(`/api/v1/public/deputies${query ? '?' + query : ''}`);
      assert.ok(Array.isArray(j.items), query);
    }
    // The imported deputies are in the answers checked: the check saw their items.
    const mine = await check('/api/v1/public/deputies?region=410102&page_size=200&q=' + encodeURIComponent('张伟'));
    assert.ok(mine.items.some((d: any) => d.id === deputies[0].id), 'the imported 张伟 was in a checked answer');
    const byStation = await check(`/api/v1/public/deputies?station=${station}&page_size=200`);
    assert.ok(byStation.items.some((d: any) => d.id === deputies[1].id), 'the imported 刘洋 was in the station filter’s answer');
  });

  test('every profile, including other mandates', async () => {
    for (const d of deputies) {
      const p = await check(`/api/v1/public/deputies/${d.id}`);
      assert.equal(p.id, d.id);
      assert.ok(Array.isArray(p.stations) && Array.isArray(p.other_mandates));
    }
    const p = await check(`/api/v1/public/deputies/${deputies[0].id}`);
    assert.equal(p.other_mandates.length, 1, 'the person’s city mandate is listed');
  });

  test('the station list, the nearest stations and every station page', async () => {
    const pages: string[] = [];
    for (const query of ['', 'page_size=200', 'region=410000&page_size=200', 'region=410100', 'kind=station', 'kind=online', 'kind=home', 'kind=hub']) {
      const j = await check(`/api/v1/public/stations${query ? '?' + query : ''}`);
      pages.push(...j.items.map((s: any) => s.id));
    }
    for (const near of ['34.7466,113.6254', '34.7466,113.6254&limit=50', '34.75,113.62&limit=1', '32.13,114.07&limit=50', '0,0&limit=3']) {
      const j = await check(`/api/v1/public/stations?near=${near}`);
      pages.push(...j.items.map((s: any) => s.id));
    }
    const unique = [station, ...new Set(pages)].slice(0, 60);
    const page = await check(`/api/v1/public/stations/${station}`);
    assert.ok(page.deputies.some((d: any) => d.id === deputies[0].id), 'the imported 张伟 is on the checked station page');
    assert.ok(unique.length > 0, 'the demo data has stations');
    for (const id of unique) {
      const page = await check(`/api/v1/public/stations/${id}`);
      for (const d of page.deputies.slice(0, 5)) await check(`/api/v1/public/deputies/${d.id}`);
    }
  });

  test('public problems hold no private value either', async () => {
    for (const p of ['/api/v1/public/deputies/999999999', '/api/v1/public/stations/999999999', `/api/v1/public/deputies?q=${deputies[0].row.id_number}`]) {
      const res = await api(server, 'GET', p);
      assert.ok(!res.body.includes(deputies[0].row.mobile), p);
      assert.ok(!res.body.includes(deputies[0].row.home_address), p);
    }
    // Searching by an ID number or a mobile finds nobody: private fields are not searchable publicly.
    for (const v of [deputies[0].row.id_number, deputies[0].row.mobile, deputies[0].row.id_number.slice(0, 10)]) {
      const res = await api(server, 'GET', `/api/v1/public/deputies?q=${encodeURIComponent(v)}`);
      if (res.status === 200) assert.deepEqual(res.json.items, [], `q=${v} finds nobody`);
      else assert.equal(res.status, 422, `q=${v}: ${res.status}`);
    }
    assert.ok(checked > 20, `walked ${checked} public answers`);
  });
});
