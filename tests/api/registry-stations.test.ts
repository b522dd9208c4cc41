// Liaison stations in the public directory (docs/registry.md "Public API"): the nearest
// stations to a point, nearest first, with distances checked against the haversine
// formula computed here — over stations made at known coordinates (including a ring of
// grid cells that a naive search would stop at) and over every station there is; `limit`;
// validation of `near`; a station page's deputies and its next reception days, computed
// from its schedule in Asia/Shanghai by the server's (injected) clock.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem } from './harness.ts';
import { congressOf, ok, startAccountsServer, type ClockedServer } from './accounts-fixtures.ts';
import {
  DEFAULT_COLUMNS,
  allPages,
  createStation,
  csvText,
  deputyRow,
  haversineM,
  importDeputies,
  nextReceptionDays,
  offsetPoint,
  publicDeputies,
  runImport,
  shanghaiDate,
} from './registry-fixtures.ts';

let server: ClockedServer;
let zhongyuan: string;

// A place of its own, outside Henan, where only this test's stations stand: the grid trap.
// Cells are 0.1°: the anchor sits in cell (lat 32.7–32.8, lng 109.6–109.7). TRAP_RING1 is in
// the next ring of cells (diagonal corner), ~21 km away; TRAP_RING2 is two cells east along
// the anchor's latitude, ~14.7 km away — nearer, though in an outer ring.
const TRAP = { lat: 32.75, lng: 109.65 };
const TRAP_RING1 = { lat: 32.899, lng: 109.799 };
const TRAP_RING2 = { lat: 32.75, lng: 109.81 };
let ring1: any;
let ring2: any;

// Known offsets around a centre of their own, outside Henan (~200 km from the grid trap and
// farther from any demo station), so that nothing else stands among them.
const CENTRE = { lat: 31.2, lng: 108.4 };
// The centre of Zhengzhou, among the demo stations.
const ZHENGZHOU = { lat: 34.7466, lng: 113.6254 };
const OFFSETS: Array<[string, number, number]> = [
  ['原点站', 0, 0],
  ['北150米站', 150, 0],
  ['东800米站', 800, 90],
  ['南2.5公里站', 2500, 180],
  ['西7公里站', 7000, 270],
  ['东北11.5公里站', 11500, 45],
  ['西南40公里站', 40000, 225],
];
const made: Record<string, any> = {};

before(async () => {
  server = await startAccountsServer();
  zhongyuan = await congressOf(server, '410102');
});

/** Makes the stations at known coordinates once, for the tests that need them. */
let placing: Promise<void> | undefined;
function placeStations(): Promise<void> {
  placing ??= (async () => {
    for (const [name, metres, bearing] of OFFSETS) {
      const [lat, lng] = offsetPoint(CENTRE.lat, CENTRE.lng, metres, bearing);
      made[name] = await createStation(server, { name: `中原区${name}`, congress_id: zhongyuan, latitude: lat, longitude: lng, address: `测试地址${name}` });
    }
    ring1 = await createStation(server, { name: '网格外环站', congress_id: zhongyuan, latitude: TRAP_RING1.lat, longitude: TRAP_RING1.lng });
    ring2 = await createStation(server, { name: '网格二环站', congress_id: zhongyuan, latitude: TRAP_RING2.lat, longitude: TRAP_RING2.lng });
  })();
  return placing;
}
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

/** Every station with coordinates, through the public list. */
async function everyPlacedStation(): Promise<any[]> {
  return (await allPages(server, '/api/v1/public/stations', undefined, 200)).filter((s) => typeof s.latitude === 'number' && typeof s.longitude === 'number');
}

async function near(lat: number, lng: number, extra = ''): Promise<any[]> {
  const j = await ok(api(server, 'GET', `/api/v1/public/stations?near=${lat},${lng}${extra}`), `near ${lat},${lng}${extra}`);
  assert.ok(Array.isArray(j.items), 'items');
  return j.items;
}

/** The contract bounds no search radius (this server looks 40 cells out, ≥ 355 km at Henan's latitudes); within this, every station must be found. Whatever is returned beyond must still be the true nearest. */
const EXACT_WITHIN_M = 300_000;

/**
 * The server's nearest `limit` against a full sort of every placed station by haversine:
 * the same distances in the same order (±1 m: the server rounds to whole metres), the same
 * stations apart from the order of ties, and none missing that is within EXACT_WITHIN_M.
 */
function assertNearest(got: any[], all: any[], lat: number, lng: number, limit: number, what: string) {
  const expected = all
    .map((s) => ({ s, d: haversineM(lat, lng, s.latitude, s.longitude) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, limit);
  const required = expected.filter((e) => e.d <= EXACT_WITHIN_M).length;
  assert.ok(got.length <= limit, `${what}: at most ${limit} stations, got ${got.length}`);
  assert.ok(got.length >= required, `${what}: ${required} stations within ${EXACT_WITHIN_M / 1000} km (limit ${limit}, ${all.length} placed), got ${got.length}: ${JSON.stringify(got.map((s) => [s.name, s.distance_m]))}`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i];
    assert.ok(Number.isInteger(g.distance_m), `${what}: distance_m is whole metres: ${g.distance_m}`);
    const own = haversineM(lat, lng, g.latitude, g.longitude);
    assert.ok(Math.abs(g.distance_m - own) <= 1, `${what}: ${g.name} distance_m ${g.distance_m} vs haversine ${own.toFixed(1)}`);
    assert.ok(Math.abs(g.distance_m - expected[i].d) <= 1, `${what}: #${i + 1} is ${g.name} at ${g.distance_m} m; expected ${expected[i].s.name} at ${expected[i].d.toFixed(1)} m`);
    if (i > 0) assert.ok(g.distance_m >= got[i - 1].distance_m, `${what}: nearest first`);
  }
  // Same stations, except where distances tie at the cut.
  const cut = expected[got.length - 1]?.d ?? 0;
  const strict = new Set(expected.slice(0, got.length).filter((e) => e.d < cut - 1).map((e) => e.s.id));
  const ids = new Set(got.map((s) => s.id));
  for (const id of strict) assert.ok(ids.has(id), `${what}: station ${id} is among the nearest`);
}

describe('nearest stations against known coordinates', () => {
  test('stations made at known offsets: distances and order', async () => {
    await placeStations();
    const items = await near(CENTRE.lat, CENTRE.lng, '&limit=50');
    const mine = items.filter((s) => Object.values(made).some((m) => m.id === s.id));
    assert.equal(mine.length, OFFSETS.length, `every station made near the centre is within the nearest 50: ${JSON.stringify(items.map((s) => s.name))}`);
    assert.deepEqual(items.slice(0, OFFSETS.length).map((s) => s.id), mine.map((s) => s.id), 'nothing else stands among them');
    for (const [name, metres] of OFFSETS) {
      const s = items.find((x) => x.id === made[name].id);
      assert.ok(s, `${name} listed`);
      assert.ok(Math.abs(s.distance_m - metres) <= 1, `${name}: distance_m ${s.distance_m}, made ${metres} m away`);
    }
    const order = mine.map((s) => s.name);
    assert.deepEqual(order, OFFSETS.map(([n]) => `中原区${n}`), 'ordered by distance');
    const first = items[0];
    assert.equal(first.id, made['原点站'].id, 'the station at the point itself is first');
    assert.equal(first.distance_m, 0);
    for (const k of ['id', 'name', 'kind', 'region_code', 'region_name', 'address', 'latitude', 'longitude', 'opening_hours', 'phone', 'reception_schedule', 'distance_m']) {
      assert.ok(k in first, `near item has ${k}: ${JSON.stringify(first)}`);
    }
  });

  test('the grid does not stop at the first ring with a station', async () => {
    await placeStations();
    const [one] = await near(TRAP.lat, TRAP.lng, '&limit=1');
    assert.equal(one?.id, ring2.id, `the nearer station two cells east (${haversineM(TRAP.lat, TRAP.lng, TRAP_RING2.lat, TRAP_RING2.lng).toFixed(0)} m) beats the one in the first ring (${haversineM(TRAP.lat, TRAP.lng, TRAP_RING1.lat, TRAP_RING1.lng).toFixed(0)} m): got ${JSON.stringify(one)}`);
    const two = await near(TRAP.lat, TRAP.lng, '&limit=2');
    assert.deepEqual(two.map((s) => s.id), [ring2.id, ring1.id]);
    // Just north of a cell line: the station in the point's own cell (~11 km) is farther
    // than the one across the line (~5.6 km).
    const [edge] = await near(32.8002, 109.81, '&limit=1');
    assert.equal(edge.id, ring2.id, 'the nearer station across the cell line');
  });

  test('against a full sort of every placed station, from many points', async () => {
    await placeStations();
    const all = await everyPlacedStation();
    assert.ok(all.length >= OFFSETS.length + 2);
    const points: Array<[number, number]> = [
      [CENTRE.lat, CENTRE.lng],
      [ZHENGZHOU.lat, ZHENGZHOU.lng],
      [34.8, 113.7], // on a cell corner
      [34.7999999, 113.6000001],
      [34.62, 113.55],
      [34.9, 113.4],
      [33.0, 110.0],
      [TRAP.lat, TRAP.lng],
      [32.13, 114.07], // 信阳
      [35.75, 114.3], // 鹤壁
      [34.26, 117.19], // 徐州, outside Henan
      [-33.86, 151.21], // the other side of the world
    ];
    for (const [lat, lng] of points) {
      for (const limit of [1, 3, 10, 50]) {
        assertNearest(await near(lat, lng, `&limit=${limit}`), all, lat, lng, Math.min(limit, all.length), `near ${lat},${lng} limit ${limit}`);
      }
    }
    // The default limit: the contract's example is 10.
    const def = await near(ZHENGZHOU.lat, ZHENGZHOU.lng);
    assert.ok(def.length >= 1 && def.length <= 50, `default limit: ${def.length}`);
    assertNearest(def, all, ZHENGZHOU.lat, ZHENGZHOU.lng, Math.min(def.length, all.length), 'near without limit');
  });

  test('near with kind and region filters', async () => {
    await placeStations();
    const all = await everyPlacedStation();
    for (const kind of ['station', 'home', 'hub', 'online']) {
      const got = await near(ZHENGZHOU.lat, ZHENGZHOU.lng, `&kind=${kind}&limit=20`);
      for (const s of got) assert.equal(s.kind, kind, `kind=${kind}`);
      assertNearest(got, all.filter((s) => s.kind === kind), ZHENGZHOU.lat, ZHENGZHOU.lng, Math.min(20, all.filter((s) => s.kind === kind).length), `near kind=${kind}`);
    }
    const got = await near(ZHENGZHOU.lat, ZHENGZHOU.lng, '&region=410102&limit=20');
    for (const s of got) assert.ok(s.region_code.startsWith('410102'), `region=410102: ${s.region_code}`);
    assertNearest(got, all.filter((s) => s.region_code.startsWith('410102')), ZHENGZHOU.lat, ZHENGZHOU.lng, Math.min(20, all.filter((s) => s.region_code.startsWith('410102')).length), 'near region=410102');
  });

  test('limit is 1..50', async () => {
    for (const limit of [1, 2, 7, 50]) {
      const got = await near(ZHENGZHOU.lat, ZHENGZHOU.lng, `&limit=${limit}`);
      assert.ok(got.length <= limit, `limit=${limit}: ${got.length}`);
      assert.equal(got.length, Math.min(limit, (await everyPlacedStation()).length), `limit=${limit}`);
    }
    for (const limit of ['0', '51', '-1', 'abc', '1.5', '', '10x']) {
      const res = await api(server, 'GET', `/api/v1/public/stations?near=34.7466,113.6254&limit=${limit}`);
      const p = assertProblem(res, { status: 422 }, `limit=${limit}`);
      assert.ok(JSON.stringify(p).includes('limit'), `limit=${limit}: the problem names limit: ${res.body}`);
    }
  });

  test('a bad near → 422 naming near', async () => {
    for (const value of ['abc', '34.7', '34.7,', ',113.6', '91,113', '-90.5,113', '34,181', '34,-180.5', '34.7;113.6', '34.7,113.6,5', 'nan,113', '34.7,nan', 'inf,113', '1e999,1', '', '34.7 113.6', '0x22,113']) {
      const res = await api(server, 'GET', `/api/v1/public/stations?near=${encodeURIComponent(value)}`);
      const p = assertProblem(res, { status: 422 }, `near=${JSON.stringify(value)}`);
      assert.ok(JSON.stringify(p).includes('near'), `near=${value}: the problem names near: ${res.body}`);
    }
    // The poles and the antimeridian are valid points.
    for (const value of ['90,0', '-90,180', '0,-180', '-0.0,0']) {
      const res = await api(server, 'GET', `/api/v1/public/stations?near=${value}&limit=1`);
      assert.equal(res.status, 200, `near=${value}: ${res.status} ${res.body}`);
    }
  });

  test('stations without coordinates are never among the nearest', async () => {
    const bare = await createStation(server, { name: '无坐标站', congress_id: zhongyuan });
    assert.equal(bare.latitude, null);
    assert.equal(bare.longitude, null);
    for (const [lat, lng] of [[0, 0], [CENTRE.lat, CENTRE.lng], [ZHENGZHOU.lat, ZHENGZHOU.lng]]) {
      assert.ok(!(await near(lat, lng, '&limit=50')).some((s) => s.id === bare.id), 'not by near');
    }
  });

  test('station creation validates coordinates, kind, region and schedule (422)', async () => {
    for (const [body, field] of [
      [{ latitude: 91, longitude: 113 }, 'latitude'],
      [{ latitude: 34, longitude: 200 }, 'longitude'],
      [{ latitude: 34 }, 'longitude'],
      [{ kind: 'office' }, 'kind'],
      [{ region_code: '419999' }, 'region_code'],
      [{ region_code: '410200' }, 'region_code'],
      [{ reception_schedule: 'weekly:8' }, 'reception_schedule'],
      [{ reception_schedule: 'monthly:0' }, 'reception_schedule'],
      [{ reception_schedule: 'monthly:32' }, 'reception_schedule'],
      [{ reception_schedule: 'daily' }, 'reception_schedule'],
    ] as Array<[Record<string, unknown>, string]>) {
      const res = await api(server, 'POST', '/api/v1/stations', { token: server.token, body: { name: '校验站', congress_id: zhongyuan, region_code: '410102', ...body } });
      const p = assertProblem(res, { status: 422 }, JSON.stringify(body));
      assert.ok(JSON.stringify(p).includes(field), `${JSON.stringify(body)}: the problem names ${field}: ${res.body}`);
    }
  });
});

// ---------------------------------------------------------------------------------------
describe('station page', () => {
  test('deputies assigned through the import are on the page, in the station filter and in their profiles', async () => {
    const st = await createStation(server, { name: '中原区建设路代表联络站', congress_id: zhongyuan, latitude: 34.75, longitude: 113.61, reception_schedule: 'weekly:3' });
    const rows = [deputyRow({ name: '韩梅梅', station_id: st.id }), deputyRow({ name: '李雷', station_id: st.id }), deputyRow({ name: '王芳' })];
    const [a, b, c] = await importDeputies(server, zhongyuan, rows, { columns: [...DEFAULT_COLUMNS, 'station_id'] });
    const page = await ok(api(server, 'GET', `/api/v1/public/stations/${st.id}`), 'station page');
    assert.deepEqual(page.deputies.map((d: any) => d.id).sort(), [a.id, b.id].sort(), 'the two assigned deputies');
    assert.deepEqual((await publicDeputies(server, `station=${st.id}`)).map((d) => d.id).sort(), [a.id, b.id].sort(), 'station filter');
    const profile = await ok(api(server, 'GET', `/api/v1/public/deputies/${a.id}`), 'profile');
    assert.deepEqual(profile.stations.map((s: any) => [s.id, s.name, s.kind]), [[st.id, '中原区建设路代表联络站', 'station']]);
    const other = await ok(api(server, 'GET', `/api/v1/public/deputies/${c.id}`), 'profile');
    assert.deepEqual(other.stations, []);
    // An unknown station in the file is an error of that row and column.
    const { final } = await runImport(server, zhongyuan, csvText([deputyRow({ name: '赵敏', station_id: '999999999' })], { columns: [...DEFAULT_COLUMNS, 'station_id'] }), { dryRun: true });
    assert.ok(final.errors.some((e: any) => e.row === 2 && (e.column === 'station_id' || e.column === '联络站编号')), `unknown station: ${JSON.stringify(final.errors)}`);
  });

  test('unknown station → 404', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/public/stations/999999999'), { status: 404 });
  });

  // Instants in Beijing time and what "today" is there.
  const INSTANTS = [
    '2026-03-02T09:00:00+08:00', // a Monday morning
    '2026-03-02T00:30:00+08:00', // Monday just after midnight in Beijing, still Sunday in UTC
    '2026-03-02T23:59:59+08:00', // the last second of Monday
    '2026-03-03T00:00:00+08:00', // Tuesday
    '2026-03-09T12:00:00+08:00', // a 9th: monthly:9,19 includes today
    '2026-03-31T10:00:00+08:00', // the 31st, before April without one
    '2028-02-28T10:00:00+08:00', // a leap year
    '2026-12-29T10:00:00+08:00', // across the new year
  ];
  const SCHEDULES = ['weekly:1', 'weekly:1,4', 'weekly:7', 'weekly:1,2,3,4,5,6,7', 'monthly:9,19', 'monthly:31', 'monthly:29,30', 'monthly:1', ''];

  test('next_reception_days follow the schedule from the server clock (Asia/Shanghai)', async () => {
    const stations: any[] = [];
    for (const schedule of SCHEDULES) {
      stations.push(await createStation(server, { name: `接待日${schedule || '无'}站`, congress_id: zhongyuan, reception_schedule: schedule }));
    }
    for (const s of stations) assert.equal(s.reception_schedule, SCHEDULES[stations.indexOf(s)], 'the schedule as written');
    try {
      for (const instant of INSTANTS) {
        server.clock.set(instant);
        const today = shanghaiDate(new Date(instant));
        for (const s of stations) {
          const page = await ok(api(server, 'GET', `/api/v1/public/stations/${s.id}`), `station ${s.name}`);
          const expected = s.reception_schedule ? nextReceptionDays(s.reception_schedule, today, 5) : [];
          assert.deepEqual(page.next_reception_days, expected, `${s.reception_schedule || '(none)'} at ${instant} (today ${today} in Beijing)`);
        }
      }
    } finally {
      server.clock.set('2026-03-02T09:00:00+08:00');
    }
  });

  test('every station there is: its page’s reception days match its schedule', async () => {
    server.clock.set('2026-05-01T08:00:00+08:00');
    try {
      const all = await allPages(server, '/api/v1/public/stations', undefined, 200);
      let checked = 0;
      for (const s of all.slice(0, 100)) {
        const page = await ok(api(server, 'GET', `/api/v1/public/stations/${s.id}`), `station ${s.id}`);
        assert.equal(page.reception_schedule, s.reception_schedule);
        const expected = s.reception_schedule ? nextReceptionDays(s.reception_schedule, '2026-05-01', 5) : [];
        assert.deepEqual(page.next_reception_days, expected, `${s.name}: ${s.reception_schedule}`);
        checked++;
      }
      assert.ok(checked > 0);
    } finally {
      server.clock.set('2026-03-02T09:00:00+08:00');
    }
  });
});
