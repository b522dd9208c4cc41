// Import encodings (docs/registry.md "Importing deputies"): a GB18030 file — what Excel in
// China writes — imports identically to its UTF-8 twin, detected (`encoding=auto`) or
// chosen (`encoding=gb18030`); a UTF-8 file with a BOM imports too.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { congressOf, freshDay, startAccountsServer, type ClockedServer } from './accounts-fixtures.ts';
import {
  csvText,
  deputyRow,
  gb18030,
  isValidUtf8,
  publicDeputies,
  runImport,
  staffDeputies,
  utf8,
  type DeputyRow,
} from './registry-fixtures.ts';

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

/**
 * The text fields of the file: GB2312 characters, GBK-only ones (喆 堃 犇 淼), the middle
 * dot of minority names, and a character GB18030 encodes in four bytes (𠮷, U+20BB7).
 */
const PEOPLE: DeputyRow[] = [
  { name: '欧阳喆堃', birth_date: '1971-05-04', gender: '男', ethnicity: '汉族', party: '中国共产党', occupation: '郑州市中原区林山寨街道办事处主任', delegation: '', deputy_group: '第一代表小组' },
  { name: '买买提·艾力', birth_date: '1966-10-01', gender: 'male', ethnicity: '维吾尔族', party: '无党派人士', occupation: '𠮷祥果蔬专业合作社理事长', delegation: '', deputy_group: '第二代表小组' },
  { name: '司徒犇淼', birth_date: '1980-02-29', gender: '女', ethnicity: '回族', party: '中国民主同盟', occupation: '河南省“巾帼建功”标兵，某小学教师', delegation: '', deputy_group: '' },
  { name: '乌兰托娅', birth_date: '1990-12-31', gender: 'female', ethnicity: '蒙古族', party: '', occupation: '社区卫生服务中心医生（副主任医师）', delegation: '', deputy_group: '第二代表小组' },
];

/** The same people with fresh ID numbers, mobiles and addresses (ASCII and private). */
function twinRows(): DeputyRow[] {
  return PEOPLE.map((p) => deputyRow(p));
}

const PUBLIC_FIELDS = ['name', 'gender', 'level', 'congress_id', 'term_number', 'region_code', 'delegation', 'occupation'];
const STAFF_FIELDS = [...PUBLIC_FIELDS, 'ethnicity', 'party', 'deputy_group', 'birth_year', 'status', 'start_date'];

function pick(o: any, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

describe('GB18030 imports identically to its UTF-8 twin', () => {
  test('UTF-8, UTF-8 with BOM, GB18030 detected and GB18030 chosen give the same deputies', async () => {
    const variants: Array<{ what: string; bytes: Buffer; encoding?: 'auto' | 'utf-8' | 'gb18030'; expect: string }> = [];
    const mk = (what: string, enc: (t: string) => Buffer, encoding: 'auto' | 'utf-8' | 'gb18030' | undefined, expect: string) => {
      variants.push({ what, bytes: enc(csvText(twinRows())), encoding, expect });
    };
    mk('UTF-8, auto', (t) => utf8(t), undefined, 'utf-8');
    mk('UTF-8, encoding=auto', (t) => utf8(t), 'auto', 'utf-8');
    mk('UTF-8 with BOM, auto', (t) => utf8(t, true), undefined, 'utf-8');
    mk('UTF-8 with BOM, encoding=utf-8', (t) => utf8(t, true), 'utf-8', 'utf-8');
    mk('GB18030, auto', gb18030, undefined, 'gb18030');
    mk('GB18030, encoding=gb18030', gb18030, 'gb18030', 'gb18030');
    const gb = variants.find((v) => v.what.startsWith('GB18030'))!.bytes;
    assert.ok(!isValidUtf8(gb), 'the GB18030 file is not valid UTF-8');
    assert.ok(gb.includes(Buffer.from([0x95, 0x34])), 'the GB18030 file holds a four-byte sequence (𠮷)');

    const before = await staffDeputies(server, zhongyuan);
    for (const v of variants) {
      const { final } = await runImport(server, zhongyuan, v.bytes, { encoding: v.encoding });
      assert.deepEqual(final.errors, [], `${v.what}: no errors`);
      assert.equal(final.state, 'succeeded', `${v.what}: ${JSON.stringify(final)}`);
      assert.equal(final.imported_rows, PEOPLE.length, `${v.what}: imported_rows`);
      assert.equal(final.encoding, v.expect, `${v.what}: the encoding reported`);
    }
    const after = await staffDeputies(server, zhongyuan);
    assert.equal(after.length, before.length + variants.length * PEOPLE.length, 'every variant imported every row');

    for (const p of PEOPLE) {
      const staff = after.filter((d) => d.name === p.name);
      assert.equal(staff.length, variants.length, `${p.name}: one mandate per variant, found ${JSON.stringify(staff.map((d) => d.name))} among ${JSON.stringify(after.slice(-30).map((d) => d.name))}`);
      const first = pick(staff[0], STAFF_FIELDS);
      assert.equal(first.occupation, p.occupation, `${p.name}: occupation decoded`);
      assert.equal(first.ethnicity, p.ethnicity, `${p.name}: ethnicity decoded`);
      assert.equal(first.party, p.party, `${p.name}: party decoded`);
      assert.equal(first.deputy_group, p.deputy_group, `${p.name}: deputy group decoded`);
      for (const d of staff) assert.deepEqual(pick(d, STAFF_FIELDS), first, `${p.name}: every variant's record is the same`);

      const pub = (await publicDeputies(server, `q=${encodeURIComponent(p.name!)}`)).filter((d) => d.name === p.name);
      assert.equal(pub.length, variants.length, `${p.name}: found publicly once per variant`);
      for (const d of pub) assert.deepEqual(pick(d, PUBLIC_FIELDS), pick(pub[0], PUBLIC_FIELDS), `${p.name}: the same public item`);
      // Names with GBK-only characters are searchable by pinyin too, whichever encoding they came in.
      if (p.name === '欧阳喆堃') {
        const byPinyin = (await publicDeputies(server, 'q=ouyangzhekun')).filter((d) => d.name === p.name);
        assert.equal(byPinyin.length, variants.length, '欧阳喆堃 by "ouyangzhekun"');
      }
    }
  });

  test('a GB18030 file read as UTF-8 is refused and writes nothing', async () => {
    const rows = twinRows();
    const before = await staffDeputies(server, zhongyuan);
    const { final } = await runImport(server, zhongyuan, gb18030(csvText(rows)), { encoding: 'utf-8' });
    assert.equal(final.state, 'failed', `invalid UTF-8 fails: ${JSON.stringify(final)}`);
    assert.ok(final.errors.length >= 1, 'with an error saying why');
    assert.equal(final.imported_rows, 0);
    assert.equal((await staffDeputies(server, zhongyuan)).length, before.length, 'nothing written');
  });

  test('GB18030 dry run reports rows and columns in Chinese headers the same as UTF-8', async () => {
    const rows = twinRows();
    rows[1].start_date = '2021-02-29';
    const text = csvText(rows);
    const a = await runImport(server, zhongyuan, utf8(text), { dryRun: true });
    const b = await runImport(server, zhongyuan, gb18030(text), { dryRun: true });
    assert.ok(a.final.errors.some((e: any) => e.row === 3 && (e.column === '当选日期' || e.column === 'start_date')), JSON.stringify(a.final.errors));
    assert.deepEqual(b.final.errors, a.final.errors, 'the same report, columns decoded');
  });
});
