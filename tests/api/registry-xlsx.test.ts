// Importing deputies from an .xlsx workbook (docs/registry.md "Importing deputies"): the
// first sheet, as Excel writes it — shared strings, typed-in dates as date cells, codes
// and mobiles as numbers — imports the same deputies as its CSV twin; errors carry
// spreadsheet row numbers; a file that is no workbook fails and writes nothing.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { congressOf, freshDay, startAccountsServer, type ClockedServer } from './accounts-fixtures.ts';
import { DEFAULT_COLUMNS, COLUMNS, csvText, deputyRow, publicDeputies, runImport, staffDeputies, type DeputyRow } from './registry-fixtures.ts';
import { xlsxBytes, type Cell } from './xlsx-fixture.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server: ClockedServer;
let zhongyuan: string;
before(async () => {
  server = await startAccountsServer();
  zhongyuan = await congressOf(server, '410102');
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});
beforeEach(() => freshDay(server));

/** The rows as Excel holds them: dates as date cells, region codes and mobiles as numbers. */
function sheet(rows: DeputyRow[], opts: { textDates?: boolean } = {}): Cell[][] {
  const header: Cell[] = DEFAULT_COLUMNS.map((c) => COLUMNS[c]);
  return [
    header,
    ...rows.map((r) =>
      DEFAULT_COLUMNS.map((c): Cell => {
        const v = r[c] ?? '';
        if (v === '') return null;
        if ((c === 'start_date' || c === 'birth_date') && !opts.textDates && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: v };
        if ((c === 'region_code' || c === 'mobile') && /^\d+$/.test(v)) return Number(v);
        return v;
      }),
    ),
  ];
}

const PEOPLE: DeputyRow[] = [
  { name: '端木晓岚', gender: '女', birth_date: '1978-06-15', start_date: '2021-12-01', ethnicity: '汉族', party: '中国共产党', occupation: '中原区妇幼保健院院长', deputy_group: '第一代表小组' },
  { name: '闻人志远', gender: '男', birth_date: '1969-02-28', start_date: '2022-01-10', ethnicity: '回族', party: '', occupation: '郑州某机械厂高级技师', deputy_group: '' },
  { name: '呼延桂芳', gender: '女', birth_date: '1985-12-31', start_date: '2021-12-01', ethnicity: '满族', party: '九三学社', occupation: '高校副教授', deputy_group: '第二代表小组' },
];
const FIELDS = ['name', 'gender', 'level', 'region_code', 'occupation', 'ethnicity', 'party', 'deputy_group', 'birth_year', 'status', 'start_date'];
const pick = (o: any) => Object.fromEntries(FIELDS.map((k) => [k, o[k]]));

describe('xlsx import', () => {
  test('a workbook imports the same deputies as its CSV twin (date cells, numeric codes and mobiles)', async () => {
    const csvRows = PEOPLE.map((p) => deputyRow(p));
    const xlsxRows = PEOPLE.map((p) => deputyRow(p));
    const before = await staffDeputies(server, zhongyuan);
    const a = await runImport(server, zhongyuan, csvText(csvRows));
    assert.equal(a.final.state, 'succeeded', JSON.stringify(a.final));
    const b = await runImport(server, zhongyuan, xlsxBytes(sheet(xlsxRows)), { contentType: XLSX });
    assert.deepEqual(b.final.errors, [], 'the workbook has no errors');
    assert.equal(b.final.state, 'succeeded');
    assert.equal(b.final.total_rows, PEOPLE.length);
    assert.equal(b.final.imported_rows, PEOPLE.length);
    const c = await runImport(server, zhongyuan, xlsxBytes(sheet(PEOPLE.map((p) => deputyRow(p)), { textDates: true })), { contentType: XLSX });
    assert.equal(c.final.state, 'succeeded', `dates as text cells work too: ${JSON.stringify(c.final.errors)}`);

    const after = await staffDeputies(server, zhongyuan);
    assert.equal(after.length, before.length + 3 * PEOPLE.length);
    for (const p of PEOPLE) {
      const mine = after.filter((d) => d.name === p.name);
      assert.equal(mine.length, 3, `${p.name}: from the CSV and both workbooks`);
      const want = { ...pick(mine[0]), start_date: p.start_date, birth_year: Number(p.birth_date!.slice(0, 4)), region_code: '410102' };
      for (const d of mine) assert.deepEqual(pick(d), want, `${p.name}: the same record whatever the file`);
      assert.equal((await publicDeputies(server, `q=${encodeURIComponent(p.name!)}`)).filter((d) => d.name === p.name).length, 3);
    }
    // A mobile typed as a number keeps every digit (the staff list masks it as 139****1234).
    for (let i = 0; i < PEOPLE.length; i++) {
      const m = xlsxRows[i].mobile!;
      const masks = after.filter((d) => d.name === PEOPLE[i].name).map((d) => d.mobile);
      assert.ok(masks.includes(`${m.slice(0, 3)}****${m.slice(-4)}`), `${PEOPLE[i].name}: mobile ${m} from a number cell, masked among ${JSON.stringify(masks)}`);
    }
  });

  test('errors carry spreadsheet rows; nothing is written', async () => {
    const rows = [
      /* row 2 */ deputyRow({ name: '公冶长' }),
      /* row 3 */ deputyRow({ name: '公冶短', region_code: '419999' }),
      /* row 4 */ deputyRow({ name: '' }),
      /* row 5 */ deputyRow({ name: '公冶中', start_date: '2021/12/01' }),
    ];
    const before = await staffDeputies(server, zhongyuan);
    for (const dryRun of [true, false]) {
      const { final } = await runImport(server, zhongyuan, xlsxBytes(sheet(rows)), { contentType: XLSX, dryRun });
      const where = (row: number, key: string) => final.errors.some((e: any) => e.row === row && (e.column === key || e.column === COLUMNS[key]));
      assert.ok(where(3, 'region_code'), `row 3 region: ${JSON.stringify(final.errors)}`);
      assert.ok(where(4, 'name'), `row 4 name: ${JSON.stringify(final.errors)}`);
      assert.ok(where(5, 'start_date'), `row 5 date: ${JSON.stringify(final.errors)}`);
      assert.ok(!final.errors.some((e: any) => e.row === 2), 'row 2 is fine');
      assert.equal(final.imported_rows, 0);
      if (!dryRun) assert.equal(final.state, 'failed');
    }
    assert.equal((await staffDeputies(server, zhongyuan)).length, before.length, 'nothing written');
  });

  test('a file that is not a workbook fails and writes nothing', async () => {
    const before = await staffDeputies(server, zhongyuan);
    const { final } = await runImport(server, zhongyuan, Buffer.from(csvText([deputyRow({ name: '假表格' })]), 'utf8'), { contentType: XLSX });
    assert.equal(final.state, 'failed', JSON.stringify(final));
    assert.ok(final.errors.length >= 1);
    assert.equal((await staffDeputies(server, zhongyuan)).length, before.length);
  });
});
