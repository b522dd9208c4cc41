// The working-day calendar (docs/suggestions.md "Working-day calendar", DOMAIN.md §6): the
// shipped years agree with the State Council's notices (holidays on weekdays, make-up
// working days on weekends); an unknown year is `known: false`, never a guess; PUT by an
// administrator replaces a year (staff → 403) and is audited; 422 with a pointer per bad day;
// `huying calendar import FILE.csv` and `huying calendar show YEAR`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertProblem, huying, repoRoot, tmpDir } from './harness.ts';
import { auditRows, expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import { Desk, OFFICIAL_CALENDAR, assertPointers, startSuggestionsServer, weekday } from './suggestions-fixtures.ts';

let server: ClockedServer;
let desk: Desk;
let dir: string;
before(async () => {
  server = await startSuggestionsServer();
  desk = await Desk.open(server);
  dir = tmpDir('huying-test-calendar-');
});
after(async () => {
  if (dir && process.env.HYTEST_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

async function year(y: number | string, who = 'deputy.henan'): Promise<any> {
  const res = await desk.call(who, 'GET', `/api/v1/calendar/${y}`);
  expectStatus(res, 200, `GET /api/v1/calendar/${y} as ${who}`);
  return res.json;
}

const isWeekend = (d: string) => weekday(d) === 0 || weekday(d) === 6;

/** The shipped year holds exactly the notice's weekday holidays and weekend workdays. */
function assertOfficial(cal: any, y: number): void {
  const official = OFFICIAL_CALENDAR[y];
  assert.equal(cal.year, y);
  assert.equal(cal.known, true);
  assert.ok(Array.isArray(cal.days));
  for (const d of cal.days) {
    assert.ok(d.date.startsWith(`${y}-`), `${d.date} lies in ${y}`);
    assert.ok(['holiday', 'workday'].includes(d.kind), `kind ${d.kind}`);
    assert.equal(typeof d.name, 'string');
    if (d.kind === 'workday') assert.ok(isWeekend(d.date), `a make-up working day is a weekend day: ${d.date}`);
  }
  const workdays = cal.days.filter((d: any) => d.kind === 'workday').map((d: any) => d.date).sort();
  assert.deepEqual(workdays, [...official.workdays].sort(), `${y}: the make-up working days`);
  const weekdayHolidays = cal.days.filter((d: any) => d.kind === 'holiday' && !isWeekend(d.date)).map((d: any) => d.date).sort();
  assert.deepEqual(weekdayHolidays, [...official.holidays].sort(), `${y}: the holidays that fall on weekdays`);
  const dates = cal.days.map((d: any) => d.date);
  assert.equal(new Set(dates).size, dates.length, 'no date twice');
  assert.deepEqual(dates, [...dates].sort(), 'in date order');
}

describe('GET /api/v1/calendar/{year}', () => {
  test('2025 lists the whole Spring Festival (01-28..02-04) and its make-up working days (01-26, 02-08)', async () => {
    const cal = await year(2025);
    assertOfficial(cal, 2025);
    assert.match(cal.source ?? '', /国办发明电〔2024〕12号/, `source: ${cal.source}`);
    assert.ok('imported_at' in cal, 'imported_at (null for a year shipped in the migration)');
    const byDate = new Map(cal.days.map((d: any) => [d.date, d]));
    for (const d of ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04']) {
      const day: any = byDate.get(d);
      assert.ok(day, `${d} is listed`);
      assert.equal(day.kind, 'holiday', `${d} is a holiday`);
      assert.match(day.name, /春节/, `${d} is named 春节`);
    }
    for (const d of ['2025-01-26', '2025-02-08']) {
      const day: any = byDate.get(d);
      assert.equal(day?.kind, 'workday', `${d} is a make-up working day`);
      assert.match(day.name, /春节/, `${d} belongs to 春节`);
    }
    assert.equal((byDate.get('2025-04-27') as any)?.kind, 'workday', 'Sunday 04-27 (劳动节) is worked');
  });

  test('2026 (the year the tests run in) agrees with the notice of 2025-11-04; 2024 is shipped too', async () => {
    assertOfficial(await year(2026), 2026);
    const y24 = await year(2024);
    assert.equal(y24.known, true);
    assert.ok(y24.days.length > 0);
  });

  test('an unknown year → known false, no days (never a weekends-only guess)', async () => {
    const cal = await year(2031);
    assert.equal(cal.year, 2031);
    assert.equal(cal.known, false);
    assert.deepEqual(cal.days, []);
  });

  test('signed in only', async () => {
    assertProblem(await desk.call(null, 'GET', '/api/v1/calendar/2025'), { status: 401 }, 'anonymous');
  });
});

describe('PUT /api/v1/calendar/{year}', () => {
  const first = {
    source: '测试通知（一）',
    days: [
      { date: '2030-01-01', kind: 'holiday', name: '元旦' },
      { date: '2030-02-02', kind: 'workday', name: '春节' }, // Saturday
      { date: '2030-02-04', kind: 'holiday', name: '春节' },
      { date: '2030-02-09', kind: 'holiday', name: '春节' }, // a Saturday inside the period
    ],
  };
  const second = {
    source: '测试通知（二）',
    days: [
      { date: '2030-05-01', kind: 'holiday', name: '劳动节' },
      { date: '2030-05-02', kind: 'holiday', name: '劳动节' },
      { date: '2030-04-28', kind: 'workday', name: '劳动节' }, // Sunday
    ],
  };

  test('an administrator replaces a year; weekend holidays are accepted; audited calendar.import', async () => {
    desk.day('2026-03-02');
    const put = await desk.call('admin', 'PUT', '/api/v1/calendar/2030', { body: first });
    expectStatus(put, 200, 'PUT 2030');
    let cal = await year(2030);
    assert.equal(cal.known, true);
    assert.equal(cal.source, '测试通知（一）');
    assert.equal(Date.parse(cal.imported_at), server.clock.now().getTime(), `imported_at is the time of the PUT: ${cal.imported_at}`);
    assert.deepEqual(cal.days.map((d: any) => [d.date, d.kind, d.name]), first.days.map((d) => [d.date, d.kind, d.name]).sort());
    const again = await desk.call('admin', 'PUT', '/api/v1/calendar/2030', { body: second });
    expectStatus(again, 200, 'PUT 2030 again');
    cal = await year(2030);
    assert.equal(cal.source, '测试通知（二）');
    assert.deepEqual(
      cal.days.map((d: any) => d.date),
      ['2030-04-28', '2030-05-01', '2030-05-02'],
      'the second PUT replaced the year: nothing of the first is left',
    );
    const rows = await auditRows(server, { action: 'calendar.import' });
    assert.ok(rows.length >= 2, `two calendar.import audit rows: ${JSON.stringify(rows).slice(0, 500)}`);
  });

  test('staff → 403, anonymous → 401; the year is unchanged', async () => {
    desk.day('2026-03-02');
    const before = await year(2030);
    assertProblem(await desk.call('staff.henan', 'PUT', '/api/v1/calendar/2030', { body: first }), { status: 403 }, 'staff');
    assertProblem(await desk.call('deputy.henan', 'PUT', '/api/v1/calendar/2030', { body: first }), { status: 403 }, 'a deputy');
    assertProblem(await desk.call(null, 'PUT', '/api/v1/calendar/2030', { body: first }), { status: 401 }, 'anonymous');
    assert.deepEqual(await year(2030), before);
  });

  test('422 with a pointer per bad day: a workday on a weekday, a date outside the year, a duplicate', async () => {
    const before = await year(2030);
    const res = await desk.call('admin', 'PUT', '/api/v1/calendar/2030', {
      body: {
        source: '有错误的通知',
        days: [
          { date: '2030-01-02', kind: 'workday', name: '元旦' }, // Wednesday
          { date: '2031-01-01', kind: 'holiday', name: '元旦' }, // another year
          { date: '2030-05-01', kind: 'holiday', name: '劳动节' }, // fine
          { date: '2030-05-01', kind: 'holiday', name: '劳动节' }, // twice
        ],
      },
    });
    const p = assertProblem(res, { status: 422 }, 'bad days');
    const pointers: string[] = p.errors.map((e: any) => e.pointer);
    for (const i of [0, 1, 3]) {
      assert.ok(pointers.some((q) => q === `/days/${i}` || q.startsWith(`/days/${i}/`)), `a pointer at /days/${i}: ${res.body}`);
    }
    assert.ok(!pointers.some((q) => q === '/days/2' || q.startsWith('/days/2/')), `the first 05-01 is fine: ${res.body}`);
    assert.deepEqual(await year(2030), before, 'nothing changed');
  });

  test('422 with a pointer per bad day, all at once: the rule errors beside an unknown kind and an impossible date', async () => {
    const before = await year(2030);
    const res = await desk.call('admin', 'PUT', '/api/v1/calendar/2030', {
      body: {
        source: '有错误的通知',
        days: [
          { date: '2030-01-02', kind: 'workday', name: '元旦' }, // Wednesday
          { date: '2031-01-01', kind: 'holiday', name: '元旦' }, // another year
          { date: '2030-05-01', kind: 'holiday', name: '劳动节' }, // fine
          { date: '2030-05-01', kind: 'holiday', name: '劳动节' }, // twice
          { date: '2030-06-03', kind: 'vacation', name: '端午节' }, // unknown kind
          { date: '2030-02-30', kind: 'holiday', name: '春节' }, // no such day
        ],
      },
    });
    const p = assertProblem(res, { status: 422 }, 'bad days');
    assert.ok(Array.isArray(p.errors), `errors: ${res.body}`);
    const pointers: string[] = p.errors.map((e: any) => e.pointer);
    for (const i of [0, 1, 3, 4, 5]) {
      assert.ok(pointers.some((q) => q === `/days/${i}` || q.startsWith(`/days/${i}/`)), `a pointer at /days/${i}: ${res.body}`);
    }
    assert.ok(!pointers.some((q) => q === '/days/2' || q.startsWith('/days/2/')), `the first 05-01 is fine: ${res.body}`);
    assert.deepEqual(await year(2030), before, 'nothing changed');
  });

  test('a bad year in the path → 4xx, not 500', async () => {
    for (const y of ['abc', '0', '99999']) {
      const res = await desk.call('deputy.henan', 'GET', `/api/v1/calendar/${y}`);
      assert.ok([400, 404, 422].includes(res.status), `GET /calendar/${y}: ${res.status} ${res.body.slice(0, 200)}`);
    }
    assertPointers(await desk.call('admin', 'PUT', '/api/v1/calendar/2030', { body: { source: 'x' } }), ['/days'], 'no days at all');
  });
});

describe('huying calendar import / show', () => {
  const cli = (args: string[]) => huying(['calendar', ...args, '--database', server.dbUrl]);

  test('import docs/calendar/2025.csv restores the year as shipped', async () => {
    // Spoil 2025 first, so that the import has something to do.
    const spoil = await desk.call('admin', 'PUT', '/api/v1/calendar/2025', { body: { source: '临时', days: [{ date: '2025-01-01', kind: 'holiday', name: '元旦' }] } });
    expectStatus(spoil, 200, 'PUT 2025');
    assert.equal((await year(2025)).days.length, 1);
    const r = await cli(['import', path.join(repoRoot, 'docs', 'calendar', '2025.csv')]);
    assert.equal(r.code, 0, `huying calendar import: ${r.stdout}\n${r.stderr}`);
    assertOfficial(await year(2025), 2025);
    const show = await cli(['show', '2025']);
    assert.equal(show.code, 0, `huying calendar show: ${show.stderr}`);
    assert.match(show.stdout, /2025-01-28/);
    assert.match(show.stdout, /春节/);
    assert.match(show.stdout, /2025-02-08/);
  });

  test('import a CSV written here (header date,kind,name); a bad file exits non-zero and changes nothing', async () => {
    const good = path.join(dir, '2032.csv');
    writeFileSync(good, 'date,kind,name\n2032-01-01,holiday,元旦\n2032-02-07,workday,春节\n');
    const r = await cli(['import', good]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const cal = await year(2032);
    assert.equal(cal.known, true);
    assert.deepEqual(cal.days.map((d: any) => [d.date, d.kind, d.name]), [['2032-01-01', 'holiday', '元旦'], ['2032-02-07', 'workday', '春节']]);

    const bad = path.join(dir, '2033.csv');
    writeFileSync(bad, 'date,kind,name\n2033-01-03,workday,元旦\n'); // a Monday
    const b = await cli(['import', bad]);
    assert.notEqual(b.code, 0, `a workday on a Monday is refused: ${b.stdout}\n${b.stderr}`);
    assert.match(b.stderr + b.stdout, /2033-01-03|workday|row|line/i, 'the error names the bad row');
    assert.equal((await year(2033)).known, false, 'nothing was imported');
  });
});
