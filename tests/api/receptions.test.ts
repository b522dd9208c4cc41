// Reception days (接待日, docs/opinions.md "Reception days"): the public station page's
// next_receptions lists each coming reception day (the station's schedule) with the deputies
// on duty, taking turns in the order of their mandate ids, two per day (one when the station
// has one deputy), the same day always with the same deputies, so that over a year every
// deputy of a weekly station (40 deputies here, imported with the station's id) serves at
// least twice; a deputy's account lists its duty days (GET /api/v1/receptions/duties), and the
// sweep announces a duty 3 days ahead (reception_duty, once); the station keeper records a
// reception with its attendees and the number of people received, and opinions registered
// with its reception_id count in its opinion_count.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import { DEFAULT_COLUMNS, createStation, deputyRow, importDeputies, nextReceptionDays } from './registry-fixtures.ts';
import { addDays } from './suggestions-fixtures.ts';
import { Bureau, assertPointer, startOpinionsServer } from './opinions-fixtures.ts';

let server: ClockedServer;
let bureau: Bureau;
/** A weekly (Wednesday) station of the 金水区 congress with 40 deputies; a Friday station with one. */
let weekly: { id: string; name: string; address: string; mandates: string[]; persons: Map<string, string> };
let single: { id: string; mandate: string };

const GIVEN = '一二三四五六七八九十';

before(async () => {
  server = await startOpinionsServer();
  bureau = await Bureau.open(server);
  const st = await createStation(server, { name: '金水区丰产路代表联络站（周三接待）', congress_id: bureau.congress, region_code: '410105', address: '河南省郑州市金水区丰产路1号', latitude: 34.77, longitude: 113.68, reception_schedule: 'weekly:3' });
  const rows = Array.from({ length: 40 }, (_, i) => deputyRow({ name: `接待${GIVEN[Math.floor(i / 10)]}${GIVEN[i % 10]}`, region_code: '410105', station_id: String(st.id) }));
  const imported = await importDeputies(server, bureau.congress, rows, { columns: [...DEFAULT_COLUMNS, 'station_id'] });
  weekly = {
    id: String(st.id),
    name: st.name,
    address: st.address,
    mandates: imported.map((d) => String(d.id)).sort((a, b) => Number(a) - Number(b)),
    persons: new Map(imported.map((d) => [String(d.id), String(d.person_id)])),
  };
  const one = await createStation(server, { name: '金水区花园路代表之家（周五接待）', congress_id: bureau.congress, region_code: '410105', address: '河南省郑州市金水区花园路2号', latitude: 34.78, longitude: 113.67, reception_schedule: 'weekly:5' });
  const [d] = await importDeputies(server, bureau.congress, [deputyRow({ name: '独守站', region_code: '410105', station_id: String(one.id) })], { columns: [...DEFAULT_COLUMNS, 'station_id'] });
  single = { id: String(one.id), mandate: String(d.id) };
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

async function stationPage(id: string): Promise<any> {
  const res = await bureau.call(null, 'GET', `/api/v1/public/stations/${id}`);
  expectStatus(res, 200, `GET /api/v1/public/stations/${id}`);
  assert.ok(Array.isArray(res.json.next_receptions), `next_receptions: ${res.body.slice(0, 400)}`);
  for (const r of res.json.next_receptions) {
    assert.match(r.date, /^\d{4}-\d{2}-\d{2}$/, `a date: ${JSON.stringify(r)}`);
    assert.ok(Array.isArray(r.deputies), `deputies of ${r.date}`);
    for (const d of r.deputies) assert.ok(d.id && typeof d.name === 'string' && d.name.length > 0, `deputy {id, name}: ${JSON.stringify(d)}`);
  }
  return res.json;
}

/** The ids of the day's deputies, checked: two different deputies of the station. */
function pair(r: any, mandates: string[], what: string): string[] {
  const ids = r.deputies.map((d: any) => String(d.id));
  assert.equal(ids.length, 2, `${what}: two deputies on ${r.date}: ${JSON.stringify(r.deputies)}`);
  assert.notEqual(ids[0], ids[1], `${what}: two different deputies on ${r.date}`);
  for (const id of ids) assert.ok(mandates.includes(id), `${what}: ${id} is a deputy of the station`);
  return ids;
}

/** Consecutive duties follow the mandate-id order cyclically. */
function assertRotation(days: any[], mandates: string[], what: string): void {
  const seq = days.flatMap((r) => [...r.deputies.map((d: any) => String(d.id))].sort((a, b) => {
    // Within a day, the pair is in rotation order (the second follows the first, wrapping).
    const ia = mandates.indexOf(a);
    const ib = mandates.indexOf(b);
    return (ib - ia + mandates.length) % mandates.length === 1 ? -1 : 1;
  }));
  for (let i = 1; i < seq.length; i++) {
    const prev = mandates.indexOf(seq[i - 1]);
    const cur = mandates.indexOf(seq[i]);
    assert.equal(cur, (prev + 1) % mandates.length, `${what}: ${seq[i]} follows ${seq[i - 1]} in mandate-id order (sequence ${seq.join(',')})`);
  }
}

describe('duty rotation on the public station page', () => {
  test('station 1 (monthly:9,19): next_receptions are its next reception days, each with two of its deputies', async () => {
    bureau.day('2026-03-02');
    const page = await stationPage(bureau.station.id);
    const mandates = page.deputies.map((d: any) => String(d.id));
    assert.ok(page.next_receptions.length >= 1, 'at least one coming reception day');
    const expected = nextReceptionDays(page.reception_schedule, '2026-03-02', page.next_receptions.length);
    assert.deepEqual(page.next_receptions.map((r: any) => r.date), expected, 'the schedule from today');
    for (const r of page.next_receptions) pair(r, mandates, 'station 1');
  });

  test('a weekly station: two deputies per Wednesday taking turns in mandate-id order, the rotation carrying over from day to day', async () => {
    bureau.day('2026-03-10');
    const page = await stationPage(weekly.id);
    assert.ok(page.next_receptions.length >= 2, `several coming days: ${JSON.stringify(page.next_receptions)}`);
    assert.deepEqual(page.next_receptions.map((r: any) => r.date), nextReceptionDays('weekly:3', '2026-03-10', page.next_receptions.length));
    for (const r of page.next_receptions) pair(r, weekly.mandates, 'weekly station');
    assertRotation(page.next_receptions, weekly.mandates, 'weekly station');
  });

  test('a station with one deputy: that deputy alone each reception day', async () => {
    const page = await stationPage(single.id);
    assert.ok(page.next_receptions.length >= 1);
    for (const r of page.next_receptions) assert.deepEqual(r.deputies.map((d: any) => String(d.id)), [single.mandate], `one deputy on ${r.date}`);
  });

  test('over a year of reception days every deputy of the weekly station serves at least twice, each day always with the same deputies', async () => {
    const start = '2026-03-10';
    const end = addDays(start, 365);
    const seen = new Map<string, string[]>();
    bureau.day(start);
    for (let i = 0; i < 200; i++) {
      const page = await stationPage(weekly.id);
      assert.ok(page.next_receptions.length > 0, `reception days from ${bureau.today()}`);
      for (const r of page.next_receptions) {
        const ids = pair(r, weekly.mandates, `weekly station on ${r.date}`).sort();
        const known = seen.get(r.date);
        if (known) assert.deepEqual(ids, known, `${r.date} has the same deputies seen from ${bureau.today()}`);
        else if (r.date < end) seen.set(r.date, ids);
      }
      const last = page.next_receptions.at(-1).date;
      if (last >= end) break;
      // The next window starts on the last day seen, so windows overlap by one day.
      bureau.day(last > bureau.today() ? last : addDays(last, 1));
    }
    const days = [...seen.keys()].sort();
    assert.deepEqual(days, nextReceptionDays('weekly:3', start, days.length), 'every Wednesday of the year');
    assert.ok(days.length >= 52, `a year of Wednesdays: ${days.length}`);
    const counts = new Map(weekly.mandates.map((m) => [m, 0]));
    for (const ids of seen.values()) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const few = [...counts].filter(([, n]) => n < 2);
    assert.deepEqual(few, [], `deputies serving fewer than twice in ${days.length} reception days`);
    const ns = [...counts.values()];
    assert.ok(Math.max(...ns) - Math.min(...ns) <= 1, `turns are fair: ${Math.min(...ns)}..${Math.max(...ns)}`);
  });
});

describe('duty days of a deputy', () => {
  let deputyKey = '';
  let mandate = '';
  let duties: string[] = [];

  test('GET /api/v1/receptions/duties?from=&to= lists the signed-in deputy\'s duty days with the station, the same days as the station page', async () => {
    bureau.day('2026-03-10');
    const page = await stationPage(weekly.id);
    // A deputy on duty on the second listed day, so that the announcement test has room before it.
    mandate = String(page.next_receptions[1].deputies[0].id);
    deputyKey = 'deputy.weekly';
    await bureau.makeUser(deputyKey, { congress_id: bureau.congress, person_id: weekly.persons.get(mandate)!, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: bureau.congress }] });
    const from = '2026-03-10';
    const to = addDays(from, 180);
    const res = await bureau.call(deputyKey, 'GET', `/api/v1/receptions/duties?from=${from}&to=${to}`);
    expectStatus(res, 200, 'GET /api/v1/receptions/duties');
    const items: any[] = Array.isArray(res.json) ? res.json : res.json.items;
    assert.ok(Array.isArray(items), `a list of duties: ${res.body.slice(0, 300)}`);
    for (const it of items) {
      assert.equal(String(it.station?.id), weekly.id, `the station: ${JSON.stringify(it)}`);
      assert.equal(it.station.name, weekly.name);
      assert.equal(it.station.address, weekly.address);
    }
    duties = items.map((it) => it.date);
    assert.ok(duties.includes(page.next_receptions[1].date), `the day seen on the station page: ${duties}`);
    assert.deepEqual([...duties].sort(), duties, 'in date order');
    // Cross-check with the station page over the same half year.
    const expected: string[] = [];
    bureau.day(from);
    for (let i = 0; i < 100; i++) {
      const p = await stationPage(weekly.id);
      for (const r of p.next_receptions) {
        if (r.date <= to && r.deputies.some((d: any) => String(d.id) === mandate) && !expected.includes(r.date)) expected.push(r.date);
      }
      const last = p.next_receptions.at(-1).date;
      if (last >= to) break;
      bureau.day(last > bureau.today() ? last : addDays(last, 1));
    }
    assert.deepEqual(duties, expected.sort(), 'the duty days are the days the station page shows the deputy');
    assert.ok(duties.length >= 2, 'at least two duties in half a year');
  });

  test('a user without a deputy grant → 403 on /receptions/duties; anonymous → 401', async () => {
    assertProblem(await bureau.call('staff.jinshui', 'GET', '/api/v1/receptions/duties?from=2026-03-10&to=2026-04-10'), { status: 403 }, 'staff');
    assertProblem(await bureau.call(null, 'GET', '/api/v1/receptions/duties?from=2026-03-10&to=2026-04-10'), { status: 401 }, 'anonymous');
  });

  test('the sweep announces a duty 3 days ahead (reception_duty), once however often it runs; not 4 days ahead', async () => {
    const duty = duties.find((d) => d >= '2026-03-14');
    assert.ok(duty, `a duty day after 03-14: ${duties}`);
    const mine = async () => {
      const res = await bureau.call(deputyKey, 'GET', '/api/v1/notifications?page_size=100');
      expectStatus(res, 200, 'notifications');
      return res.json.items.filter((n: any) => n.kind === 'reception_duty');
    };
    const sweep = async () => expectStatus(await bureau.call('admin', 'POST', '/api/v1/scheduler/run', { body: {} }), 200, 'POST /api/v1/scheduler/run');
    bureau.day(addDays(duty, -4), '08:00');
    await sweep();
    assert.equal((await mine()).length, 0, '4 days ahead: not yet');
    bureau.day(addDays(duty, -3), '08:00');
    await sweep();
    assert.equal((await mine()).length, 1, '3 days ahead: announced');
    await sweep();
    bureau.day(addDays(duty, -2), '08:00');
    await sweep();
    const n = await mine();
    assert.equal(n.length, 1, `announced once: ${JSON.stringify(n)}`);
    assert.ok(typeof n[0].title === 'string' && n[0].title.length > 0, `a titled announcement: ${JSON.stringify(n[0])}`);
  });
});

describe('recording a reception', () => {
  test('the keeper records a reception (attendees, people received, note) → 201; opinions registered with its reception_id count in opinion_count', async () => {
    bureau.day('2026-03-19', '16:00'); // a reception day of station 1 (monthly:9,19)
    const [a, b] = bureau.stationDeputies.map((d: any) => String(d.id));
    const res = await bureau.call('keeper.jinshui', 'POST', `/api/v1/stations/${bureau.station.id}/receptions`, {
      body: { date: '2026-03-19', attendees: [a, b], people_received: 12, note: '群众反映停车难、路灯不亮等问题' },
    });
    expectStatus(res, 201, 'POST /api/v1/stations/1/receptions');
    const r = res.json;
    assert.equal(String(r.station_id), bureau.station.id);
    assert.equal(r.date, '2026-03-19');
    assert.deepEqual(r.attendees.map((x: any) => String(x.id)).sort(), [a, b].sort());
    for (const x of r.attendees) assert.ok(typeof x.name === 'string' && x.name.length > 0, 'attendee names');
    assert.equal(r.people_received, 12);
    assert.equal(r.note, '群众反映停车难、路灯不亮等问题');
    assert.equal(r.opinion_count, 0);

    for (let i = 0; i < 3; i++) await bureau.register('keeper.jinshui', { channel: 'reception', reception_id: String(r.id) });
    await bureau.register('keeper.jinshui', { channel: 'phone' });
    const list = await bureau.call('keeper.jinshui', 'GET', `/api/v1/stations/${bureau.station.id}/receptions?page=1`);
    expectStatus(list, 200, 'GET /api/v1/stations/1/receptions');
    const got = list.json.items.find((x: any) => String(x.id) === String(r.id));
    assert.ok(got, `the reception is listed: ${list.body.slice(0, 400)}`);
    assert.equal(got.opinion_count, 3, 'the three opinions registered at it');
    assert.equal(got.people_received, 12);
    const staff = await bureau.call('staff.jinshui', 'GET', `/api/v1/stations/${bureau.station.id}/receptions`);
    expectStatus(staff, 200, 'staff list the receptions');
    assert.ok(staff.json.items.some((x: any) => String(x.id) === String(r.id)));
  });

  test('staff of the congress record a reception too; the keeper of another station → 404; an attendee who is not a deputy of the station → 422', async () => {
    const [a] = bureau.stationDeputies.map((d: any) => String(d.id));
    expectStatus(
      await bureau.call('staff.jinshui', 'POST', `/api/v1/stations/${bureau.station.id}/receptions`, { body: { date: '2026-03-19', attendees: [a], people_received: 3, note: '' } }),
      201,
      'staff record a reception',
    );
    assertProblem(
      await bureau.call('keeper.other', 'POST', `/api/v1/stations/${bureau.station.id}/receptions`, { body: { date: '2026-03-19', attendees: [a], people_received: 3, note: '' } }),
      { status: 404 },
      'the keeper of another station',
    );
    assertPointer(
      await bureau.call('keeper.jinshui', 'POST', `/api/v1/stations/${bureau.station.id}/receptions`, { body: { date: '2026-03-19', attendees: [weekly.mandates[0]], people_received: 3, note: '' } }),
      ['/attendees/0', '/attendees'],
      'an attendee of another station',
    );
  });

  test('an opinion registered with the reception of another station → 422 /reception_id', async () => {
    const res = await bureau.call('staff.jinshui', 'POST', `/api/v1/stations/${weekly.id}/receptions`, { body: { date: '2026-03-18', attendees: [weekly.mandates[0]], people_received: 1, note: '' } });
    expectStatus(res, 201, 'a reception at the weekly station');
    assertPointer(await bureau.registerRes('keeper.jinshui', bureau.body({ channel: 'reception', reception_id: String(res.json.id) })), '/reception_id', 'foreign reception');
  });
});
