// Importing deputies from CSV (docs/registry.md "Importing deputies"): the dry run reports
// every bad row with its row (header = row 1), column and reason and writes nothing; a
// clean import goes in whole and its deputies are found publicly; one bad row keeps the
// whole file out; progress is polled to a final state; a person known by ID number gets
// the new mandate on the existing person; staff lists mask private fields.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem } from './harness.ts';
import {
  DEMO_PASSWORD,
  congressOf,
  expectStatus,
  freshDay,
  ok,
  startAccountsServer,
  type ClockedServer,
} from './accounts-fixtures.ts';
import { login } from './harness.ts';
import {
  COLUMNS,
  DEFAULT_COLUMNS,
  csvText,
  deputyRow,
  importRows,
  isValidIdNumber,
  newIdNumber,
  assertProgress,
  postImport,
  publicDeputies,
  runImport,
  staffDeputies,
  withBadCheckChar,
  type DeputyRow,
} from './registry-fixtures.ts';

let server: ClockedServer;
let zhongyuan: string; // 中原区人民代表大会 (county, 410102)
let zhengzhou: string; // 郑州市人民代表大会 (city, 410100)
before(async () => {
  server = await startAccountsServer();
  zhongyuan = await congressOf(server, '410102');
  zhengzhou = await congressOf(server, '410100');
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});
beforeEach(() => freshDay(server));

/** A name no other test of this file uses: a compound surname and three characters from a counter. */
const GIVEN = '德明华建国志强秀兰丽娟海燕晓东红梅玉芳桂';
let nameCounter = 0;
function uniqueName(surname = '司马'): string {
  const n = nameCounter++;
  const g = GIVEN.length;
  return surname + GIVEN[n % g] + GIVEN[Math.floor(n / g) % g] + GIVEN[Math.floor(n / g / g) % g];
}

/** The column of an error may be reported by its English key or the header as written. */
function columnIs(e: any, key: string): boolean {
  return e.column === key || e.column === COLUMNS[key];
}

function errorsOf(final: any, row: number): any[] {
  return final.errors.filter((e: any) => e.row === row);
}

function assertError(final: any, row: number, key: string, what: string, reason?: RegExp) {
  const hit = errorsOf(final, row).find((e: any) => columnIs(e, key));
  assert.ok(hit, `${what}: an error at row ${row}, column ${key} (${COLUMNS[key]}); errors: ${JSON.stringify(final.errors)}`);
  if (reason) assert.match(hit.reason, reason, `${what}: reason`);
}

// ---------------------------------------------------------------------------------------
describe('import dry run: every bad row is reported with row, column and reason, nothing written', () => {
  test('bad dates, unknown region, missing required fields, duplicate ID numbers (in the file and already in the term)', async () => {
    // A deputy already serving in this congress and term.
    const holder = deputyRow({ name: uniqueName('欧阳') });
    await importRows(server, zhongyuan, [holder]);

    const dupInFile = newIdNumber().id;
    const rows: DeputyRow[] = [
      /* row 2 */ deputyRow({ name: uniqueName() }), // fine
      /* row 3 */ deputyRow({ name: uniqueName(), start_date: '2021/12/01' }), // bad date (format)
      /* row 4 */ deputyRow({ name: uniqueName(), start_date: '2021-02-30' }), // bad date (no such day)
      /* row 5 */ deputyRow({ name: uniqueName(), region_code: '419999' }), // unknown region code
      /* row 6 */ deputyRow({ name: '' }), // missing required field: name
      /* row 7 */ deputyRow({ name: uniqueName(), id_number: dupInFile }),
      /* row 8 */ deputyRow({ name: uniqueName(), id_number: dupInFile }), // the same ID number again
      /* row 9 */ deputyRow({ name: uniqueName(), id_number: holder.id_number }), // already holds a mandate here
      /* row 10 */ deputyRow({ name: uniqueName(), birth_date: '1975-13-01' }), // bad optional date
      /* row 11 */ deputyRow({ name: uniqueName(), id_number: withBadCheckChar(newIdNumber().id) }), // bad check digit
      /* row 12 */ deputyRow({ name: uniqueName(), region_code: '410200' }), // a real region outside the congress's
      /* row 13 */ deputyRow({ name: uniqueName(), start_date: '' }), // missing required field: start_date
      /* row 14 */ deputyRow({ name: uniqueName(), gender: '未知' }), // bad gender
    ];
    const before = await staffDeputies(server, zhongyuan);

    for (const header of ['en', 'zh'] as const) {
      const { final, snapshots } = await runImport(server, zhongyuan, csvText(rows, { header }), { dryRun: true });
      const what = `dry run (${header} header)`;
      assert.equal(final.total_rows, rows.length, `${what}: total_rows counts data rows`);
      assert.equal(final.imported_rows, 0, `${what}: a dry run imports nothing`);
      assert.equal(snapshots.at(-1).processed_rows, rows.length, `${what}: every row processed`);
      assert.deepEqual(errorsOf(final, 2), [], `${what}: the good row has no error`);
      assertError(final, 3, 'start_date', `${what}: 2021/12/01`);
      assertError(final, 4, 'start_date', `${what}: 2021-02-30`);
      assertError(final, 5, 'region_code', `${what}: unknown region 419999`);
      assertError(final, 6, 'name', `${what}: missing name`);
      // The first occurrence of an ID number is not the duplicate; the second is.
      assertError(final, 8, 'id_number', `${what}: ID number twice in the file`);
      assertError(final, 9, 'id_number', `${what}: ID number already holding a mandate in this term`);
      assertError(final, 10, 'birth_date', `${what}: 1975-13-01`);
      assertError(final, 11, 'id_number', `${what}: wrong check digit`);
      assertError(final, 12, 'region_code', `${what}: region outside the congress`);
      assertError(final, 13, 'start_date', `${what}: missing start_date`);
      assertError(final, 14, 'gender', `${what}: gender 未知`);
      for (const e of final.errors) assert.ok(e.row >= 2 && e.row <= rows.length + 1, `${what}: error rows are data rows: ${JSON.stringify(e)}`);
      // Every error is ordered by row (a report a person reads top to bottom).
      const rowsSeen = final.errors.map((e: any) => e.row);
      assert.deepEqual(rowsSeen, [...rowsSeen].sort((a: number, b: number) => a - b), `${what}: errors in row order`);
    }

    const after = await staffDeputies(server, zhongyuan);
    assert.deepEqual(after.map((d) => d.id).sort(), before.map((d) => d.id).sort(), 'the dry run wrote nothing');
    assert.equal((await publicDeputies(server, `q=${encodeURIComponent(rows[0].name!)}`)).length, 0, 'not even the good row');
  });

  test('a clean dry run reports no error and writes nothing', async () => {
    const rows = [deputyRow({ name: uniqueName() }), deputyRow({ name: uniqueName() })];
    const before = await staffDeputies(server, zhongyuan);
    const { final } = await runImport(server, zhongyuan, csvText(rows), { dryRun: true });
    assert.deepEqual(final.errors, []);
    assert.equal(final.state, 'succeeded', 'a clean dry run succeeds');
    assert.equal(final.total_rows, 2);
    const after = await staffDeputies(server, zhongyuan);
    assert.equal(after.length, before.length, 'nothing written');
    // ... so the same file imports afterwards.
    await importRows(server, zhongyuan, rows);
  });

  test('an unknown column is an error of the header row; a missing required column too', async () => {
    const rows = [deputyRow({ name: uniqueName() })];
    const extra = await runImport(server, zhongyuan, csvText(rows, { columns: [...DEFAULT_COLUMNS, '星座'] }), { dryRun: true });
    assert.ok(extra.final.errors.some((e: any) => e.row === 1 && e.column === '星座'), `unknown column 星座 at row 1: ${JSON.stringify(extra.final.errors)}`);

    const missing = await runImport(server, zhongyuan, csvText(rows, { columns: DEFAULT_COLUMNS.filter((c) => c !== 'id_number') }), { dryRun: true });
    assert.ok(missing.final.errors.some((e: any) => e.row === 1 && columnIs(e, 'id_number')), `missing 身份证号 column at row 1: ${JSON.stringify(missing.final.errors)}`);
  });
});

// ---------------------------------------------------------------------------------------
describe('import commit', () => {
  test('a clean import succeeds with imported_rows = N and the deputies are found publicly', async () => {
    const rows = Array.from({ length: 25 }, () => deputyRow({ name: uniqueName('诸葛') }));
    rows[3].occupation = '郑州市中原区"向阳"社区, 主任'; // quotes and a comma survive CSV quoting
    const before = await staffDeputies(server, zhongyuan);
    const { final, snapshots } = await runImport(server, zhongyuan, csvText(rows));
    assert.deepEqual(final.errors, []);
    assert.equal(final.state, 'succeeded');
    assert.equal(final.total_rows, 25);
    assert.equal(final.processed_rows, 25);
    assert.equal(final.imported_rows, 25);
    assert.equal(final.encoding, 'utf-8', 'auto detects UTF-8');
    for (const s of snapshots) assert.ok(s.imported_rows <= s.total_rows);

    const after = await staffDeputies(server, zhongyuan);
    assert.equal(after.length, before.length + 25, 'staff list grew by 25');
    for (const r of rows) {
      const found = await publicDeputies(server, `q=${encodeURIComponent(r.name!)}`);
      const mine = found.filter((d) => d.name === r.name);
      assert.equal(mine.length, 1, `${r.name} found publicly: ${JSON.stringify(found)}`);
      assert.equal(mine[0].congress_id, zhongyuan);
      assert.equal(mine[0].level, 'county');
      assert.equal(mine[0].region_code, '410102');
      assert.equal(mine[0].gender, 'female');
      assert.equal(mine[0].occupation, r.occupation);
      assert.equal(mine[0].term_number, 17, 'the current term by default');
    }
  });

  test('all or nothing: one bad row among many keeps the whole file out', async () => {
    const rows = Array.from({ length: 30 }, () => deputyRow({ name: uniqueName('上官') }));
    rows[29].start_date = '2021-13-01';
    const before = await staffDeputies(server, zhongyuan);
    const { final } = await runImport(server, zhongyuan, csvText(rows));
    assert.equal(final.state, 'failed', `a file with a bad row fails: ${JSON.stringify(final)}`);
    assert.equal(final.imported_rows, 0);
    assert.equal(final.errors.length, 1, JSON.stringify(final.errors));
    assertError(final, 31, 'start_date', 'the bad last row');
    const after = await staffDeputies(server, zhongyuan);
    assert.equal(after.length, before.length, 'nothing written');
    assert.equal((await publicDeputies(server, `q=${encodeURIComponent(rows[0].name!)}`)).filter((d) => d.name === rows[0].name).length, 0);
  });

  test('progress: total_rows known, processed_rows climbs to total, the state ends final', async () => {
    const rows = Array.from({ length: 3000 }, () => deputyRow({ name: uniqueName('慕容') }));
    const { final, snapshots, started } = await runImport(server, zhongyuan, csvText(rows));
    assert.ok(['running', 'succeeded'].includes(started.state), `202 answers with the state: ${JSON.stringify(started)}`);
    assert.equal(final.state, 'succeeded');
    assert.equal(final.total_rows, 3000);
    assert.equal(final.processed_rows, 3000);
    assert.equal(final.imported_rows, 3000);
    assert.ok(snapshots.some((s) => s.state === 'running' && s.processed_rows > 0), `the import was seen running with rows processed (${snapshots.length} polls)`);
    assertProgress(snapshots);
  });

  test('a person known by ID number gets the new mandate on the existing person', async () => {
    const row = deputyRow({ name: uniqueName('东方') });
    await importRows(server, zhongyuan, [row]);
    await importRows(server, zhengzhou, [row]); // the same person, elected to the city congress
    const found = (await publicDeputies(server, `q=${encodeURIComponent(row.name!)}`)).filter((d) => d.name === row.name);
    assert.equal(found.length, 2, `two mandates: ${JSON.stringify(found)}`);
    assert.equal(found[0].person_id, found[1].person_id, 'one person');
    assert.deepEqual(found.map((d) => d.level).sort(), ['city', 'county']);
    const county = found.find((d) => d.level === 'county');
    const profile = await ok(api(server, 'GET', `/api/v1/public/deputies/${county.id}`), 'profile');
    assert.deepEqual(
      profile.other_mandates.map((m: any) => [m.level, m.congress_name]),
      [['city', '郑州市人民代表大会']],
      `other_mandates: ${JSON.stringify(profile.other_mandates)}`,
    );
  });

  test('staff lists mask the ID number and mobile', async () => {
    const row = deputyRow({ name: uniqueName('公孙') });
    await importRows(server, zhongyuan, [row]);
    const [d] = (await staffDeputies(server, zhongyuan, `&q=${encodeURIComponent(row.name!)}`)).filter((x) => x.name === row.name);
    assert.ok(d, 'in the staff list');
    assert.ok(isValidIdNumber(row.id_number!));
    assert.notEqual(d.id_number, row.id_number, 'ID number masked');
    assert.ok(!String(d.id_number).includes(row.id_number!.slice(6, 14)), `the birth date part is hidden: ${d.id_number}`);
    assert.notEqual(d.mobile, row.mobile, 'mobile masked');
    assert.match(d.mobile, /^\d{3}\*{4}\d{4}$/, `mobile masked as 138****1234: ${d.mobile}`);
    assert.ok(!('home_address' in d) || d.home_address !== row.home_address, 'home address not in clear');
    const one = await api(server, 'GET', `/api/v1/deputies/${d.id}`, { token: server.token });
    expectStatus(one, 200, 'staff read');
    assert.ok(!one.body.includes(row.id_number!) && !one.body.includes(row.mobile!) && !one.body.includes(row.home_address!), `no private value in clear: ${one.body}`);
  });
});

// ---------------------------------------------------------------------------------------
describe('import requests', () => {
  test('validation: unknown congress 404, bad term/encoding 422, not CSV 415, no sign-in 401', async () => {
    const body = csvText([deputyRow({ name: uniqueName() })]);
    assertProblem(await postImport(server, '999999', body), { status: 404 }, 'unknown congress');
    assertProblem(await postImport(server, zhongyuan, body, { encoding: 'latin1' as any }), { status: 422 }, 'encoding=latin1');
    assertProblem(await postImport(server, zhongyuan, body, { term: 99 }), { status: 422 }, 'a term the congress does not have');
    assertProblem(await postImport(server, zhongyuan, body, { contentType: 'application/json' }), { status: 415 }, 'not text/csv');
    assertProblem(await postImport(server, zhongyuan, body, { auth: {} }), { status: 401 }, 'no sign-in');
    assertProblem(await api(server, 'GET', '/api/v1/imports/999999', { token: server.token }), { status: 404 }, 'unknown import');
    assertProblem(await api(server, 'GET', '/api/v1/imports/1'), { status: 401 }, 'import without sign-in');
  });

  test('staff of the congress import; staff of another congress do not see it (404)', async () => {
    const staff = await login(server, 'staff.zhongyuan', DEMO_PASSWORD);
    const other = await login(server, 'staff.jinshui', DEMO_PASSWORD);
    const row = deputyRow({ name: uniqueName('夏侯') });
    const { final, started } = await runImport(server, zhongyuan, csvText([row]), { auth: { session: staff } });
    assert.equal(final.state, 'succeeded', JSON.stringify(final));
    assertProblem(await postImport(server, zhongyuan, csvText([deputyRow({ name: uniqueName() })]), { auth: { session: other } }), { status: 404 }, 'another congress’s staff import');
    assertProblem(await api(server, 'GET', `/api/v1/imports/${started.id}`, { session: other }), { status: 404 }, 'another congress’s staff read the import');
  });

  test('a file with the header only imports zero rows', async () => {
    const header = csvText([]);
    const { final } = await runImport(server, zhongyuan, header);
    assert.equal(final.total_rows, 0);
    assert.equal(final.imported_rows, 0);
  });
});
