// The public deputy search (docs/registry.md "Public API"): a query matches the start of the
// name, of the full pinyin (spaces and case ignored) or of the initials; region filters
// include sub-regions by code prefix; level, term and station filters; pinyin order.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem } from './harness.ts';
import { congressOf, freshDay, ok, startAccountsServer, type ClockedServer } from './accounts-fixtures.ts';
import { allPages, deputyRow, importDeputies, publicDeputies } from './registry-fixtures.ts';

let server: ClockedServer;
let zhangWei: any; // 张伟, 中原区 (county, 410102, term 17)
let zhangWeiCity: any; // another 张伟, 郑州市 (city, elected in 410105, term 16)
let zhangXiao: any; // 张晓, 中原区
let zhouWen: any; // 周文, 中原区: initials zw too
let wangWei: any; // 王伟, 中原区
before(async () => {
  server = await startAccountsServer();
  const zhongyuan = await congressOf(server, '410102');
  const zhengzhou = await congressOf(server, '410100');
  [zhangWei, zhangXiao, zhouWen, wangWei] = await importDeputies(server, zhongyuan, [
    deputyRow({ name: '张伟', gender: '男' }),
    deputyRow({ name: '张晓', gender: '女' }),
    deputyRow({ name: '周文', gender: '男' }),
    deputyRow({ name: '王伟', gender: '男' }),
  ]);
  [zhangWeiCity] = await importDeputies(server, zhengzhou, [deputyRow({ name: '张伟', gender: '男', region_code: '410105' })]);
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});
beforeEach(() => freshDay(server));

async function ids(query: string): Promise<Set<string>> {
  return new Set((await publicDeputies(server, query)).map((d) => d.id));
}

function q(s: string) {
  return `q=${encodeURIComponent(s)}`;
}

describe('pinyin and initials search', () => {
  for (const query of ['zhangwei', 'zhang wei', 'ZhangWei', 'ZHANGWEI', 'zw', 'ZW', '张', '张伟', 'zhang', 'zh', 'z']) {
    test(`张伟 is found by "${query}"`, async () => {
      const found = await ids(`${q(query)}&region=410102`);
      assert.ok(found.has(zhangWei.id), `"${query}" finds 张伟`);
    });
  }

  for (const query of ['zhangx', 'zhangweii', 'wei', 'zx', '伟', '张晓', 'wangwei', 'zwx', 'weizhang']) {
    test(`张伟 is not found by "${query}"`, async () => {
      const found = await ids(`${q(query)}&region=410102`);
      assert.ok(!found.has(zhangWei.id), `"${query}" does not find 张伟`);
    });
  }

  test('the query tells people apart: zhangx → 张晓, zw → 张伟 and 周文, wangwei → 王伟', async () => {
    const zhangx = await ids(`${q('zhangx')}&region=410102`);
    assert.ok(zhangx.has(zhangXiao.id) && !zhangx.has(zhangWei.id));
    const zw = await ids(`${q('zw')}&region=410102`);
    assert.ok(zw.has(zhangWei.id) && zw.has(zhouWen.id), '张伟 and 周文 share the initials zw');
    assert.ok(!zw.has(zhangXiao.id) && !zw.has(wangWei.id));
    const ww = await ids(`${q('wangwei')}&region=410102`);
    assert.ok(ww.has(wangWei.id) && !ww.has(zhangWei.id));
    const zhou = await ids(`${q('zhouw')}&region=410102`);
    assert.ok(zhou.has(zhouWen.id) && !zhou.has(zhangWei.id), 'zhouw');
  });

  test('the public item: fields of the contract, no person private fields', async () => {
    const [item] = (await publicDeputies(server, `${q('zhangwei')}&region=410102`)).filter((d) => d.id === zhangWei.id);
    for (const k of ['id', 'person_id', 'name', 'gender', 'level', 'congress_id', 'congress_name', 'term_number', 'region_code', 'region_name', 'delegation', 'occupation', 'photo_url']) {
      assert.ok(k in item, `item has ${k}: ${JSON.stringify(item)}`);
    }
    assert.equal(item.name, '张伟');
    assert.equal(item.gender, 'male');
    assert.equal(item.level, 'county');
    assert.equal(item.congress_name, '中原区人民代表大会');
    assert.equal(item.region_name, '中原区');
    assert.equal(item.term_number, 17);
  });

  test('results are ordered by pinyin, then id', async () => {
    const items = await publicDeputies(server, `${q('z')}&region=410102`);
    assert.ok(items.length >= 3);
    if ('pinyin' in items[0]) {
      for (let i = 1; i < items.length; i++) {
        const a = items[i - 1];
        const b = items[i];
        const ordered = a.pinyin < b.pinyin || (a.pinyin === b.pinyin && BigInt(a.id) < BigInt(b.id));
        assert.ok(ordered, `order: ${a.pinyin}/${a.id} before ${b.pinyin}/${b.id}`);
      }
    }
    const pos = (id: string) => items.findIndex((d) => d.id === id);
    assert.ok(pos(zhangWei.id) < pos(zhangXiao.id), 'zhangwei before zhangxiao');
    assert.ok(pos(zhangXiao.id) < pos(zhouWen.id), 'zhangxiao before zhouwen');
  });

  test('paging: page_size and page walk the results in order without overlap', async () => {
    const all = await publicDeputies(server, `${q('zh')}&region=410102`);
    assert.ok(all.length >= 3);
    const seen: string[] = [];
    const pages = Math.min(Math.ceil(all.length / 2), 15);
    for (let page = 1; page <= pages; page++) {
      const j = await ok(api(server, 'GET', `/api/v1/public/deputies?${q('zh')}&region=410102&page=${page}&page_size=2`), `page ${page}`);
      assert.equal(j.total, all.length, 'total');
      assert.equal(j.page, page);
      assert.equal(j.page_size, 2);
      seen.push(...j.items.map((d: any) => d.id));
    }
    assert.deepEqual(seen, all.slice(0, seen.length).map((d) => d.id), 'pages of two in the same order');
    const past = await ok(api(server, 'GET', `/api/v1/public/deputies?${q('zh')}&region=410102&page=${all.length + 1}&page_size=1`), 'past the end');
    assert.deepEqual(past.items, []);
  });
});

describe('region filter includes sub-regions', () => {
  test('410102 deputy: found under 410102, 410100 and 410000; not under 410200 or 410105', async () => {
    for (const region of ['410102', '410100', '410000']) assert.ok((await ids(`${q('zhangwei')}&region=${region}`)).has(zhangWei.id), `region=${region} includes 张伟 of 410102`);
    for (const region of ['410200', '410105', '410103']) assert.ok(!(await ids(`${q('zhangwei')}&region=${region}`)).has(zhangWei.id), `region=${region} excludes 张伟 of 410102`);
    // The city congress's 张伟 sits in 410105: under 410100, not under 410102.
    assert.ok((await ids(`${q('zhangwei')}&region=410100`)).has(zhangWeiCity.id));
    assert.ok(!(await ids(`${q('zhangwei')}&region=410102`)).has(zhangWeiCity.id));
    assert.ok((await ids(`${q('zhangwei')}&region=410105`)).has(zhangWeiCity.id));
  });

  test('every item under a region has a region code with its prefix', async () => {
    for (const [region, prefix] of [['410100', '4101'], ['410102', '410102'], ['410000', '41']]) {
      for (const d of await publicDeputies(server, `${q('z')}&region=${region}`)) {
        assert.ok(d.region_code.startsWith(prefix), `region=${region}: ${d.name} sits in ${d.region_code}`);
      }
    }
  });

  test('a township deputy is found under its township, county and city', async () => {
    const towns = await ok(api(server, 'GET', '/api/v1/regions?parent=410102&page_size=200', { token: server.token }), 'townships of 中原区');
    let town = towns.items.find((r: any) => /^\d{9}$/.test(r.code));
    if (!town) {
      const res = await api(server, 'POST', '/api/v1/regions', { token: server.token, body: { code: '410102901', name: '测试街道', level: 'township', parent_code: '410102' } });
      assert.equal(res.status, 201, `a township of 中原区: ${res.body}`);
      town = res.json;
    }
    const zhongyuan = await congressOf(server, '410102');
    const [d] = await importDeputies(server, zhongyuan, [deputyRow({ name: '张伟', region_code: town.code })]);
    for (const region of [town.code, '410102', '410100']) assert.ok((await ids(`${q('zw')}&region=${region}`)).has(d.id), `region=${region} includes the ${town.code} deputy`);
    assert.ok(!(await ids(`${q('zw')}&region=410103`)).has(d.id));
  });
});

describe('level, term and station filters', () => {
  test('level', async () => {
    const county = await ids(`${q('zhangwei')}&level=county`);
    const city = await ids(`${q('zhangwei')}&level=city`);
    assert.ok(county.has(zhangWei.id) && !county.has(zhangWeiCity.id), 'level=county');
    assert.ok(city.has(zhangWeiCity.id) && !city.has(zhangWei.id), 'level=city');
    for (const d of await publicDeputies(server, `${q('z')}&level=county&region=4101` + '00')) assert.equal(d.level, 'county');
  });

  test('term', async () => {
    const t17 = await ids(`${q('zhangwei')}&term=17`);
    const t16 = await ids(`${q('zhangwei')}&term=16`);
    assert.ok(t17.has(zhangWei.id) && !t17.has(zhangWeiCity.id), 'term=17');
    assert.ok(t16.has(zhangWeiCity.id) && !t16.has(zhangWei.id), 'term=16');
    const both = await ids(`${q('zhangwei')}&term=17&level=city`);
    assert.ok(!both.has(zhangWei.id) && !both.has(zhangWeiCity.id), 'filters combine');
  });

  test('station: the deputies filtered by a station are those on its page', async () => {
    const stations = await allPages(server, '/api/v1/public/stations?region=410000', undefined, 20);
    let checked = 0;
    for (const s of stations.slice(0, 200)) {
      const page = await ok(api(server, 'GET', `/api/v1/public/stations/${s.id}`), `station ${s.id}`);
      if (page.deputies.length === 0) continue;
      const byFilter = await publicDeputies(server, `station=${s.id}`);
      assert.deepEqual(
        byFilter.map((d) => d.id).sort(),
        page.deputies.map((d: any) => d.id).sort(),
        `station=${s.id} lists the deputies on its page`,
      );
      for (const d of page.deputies) {
        const profile = await ok(api(server, 'GET', `/api/v1/public/deputies/${d.id}`), `profile ${d.id}`);
        assert.ok(profile.stations.some((x: any) => x.id === s.id), `the profile of ${d.name} lists station ${s.name}`);
      }
      if (++checked >= 3) break;
    }
    assert.ok(checked > 0, `the demo data has a station with deputies (looked at ${stations.length} stations)`);
    assert.equal((await publicDeputies(server, 'station=999999999')).length, 0, 'an unknown station: none');
  });

  test('bad filters → 422 with the parameter named', async () => {
    for (const [query, param] of [
      ['region=4101', 'region'],
      ['region=abc', 'region'],
      ['level=village', 'level'],
      ['term=abc', 'term'],
      ['station=x', 'station'],
      ['delegation=-1', 'delegation'],
      [q('z'.repeat(51)), 'q'],
      ['page_size=201', 'page_size'],
      ['page=0', 'page'],
    ]) {
      const res = await api(server, 'GET', `/api/v1/public/deputies?${query}`);
      const p = assertProblem(res, { status: 422 }, query);
      assert.ok(JSON.stringify(p).includes(param), `${query}: the problem names ${param}: ${res.body}`);
    }
  });

  test('an unknown or non-numeric id → 404', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/public/deputies/999999999'), { status: 404 });
    const res = await api(server, 'GET', '/api/v1/public/deputies/abc');
    assert.ok([400, 404].includes(res.status), `/public/deputies/abc: ${res.status}`);
  });
});
