// Staff edits of mandates (docs/registry.md "Staff API"): GET with an ETag, PATCH with
// If-Match — stale → 409 version_conflict, missing → 428 — staff of another congress → 404,
// and a mandate that stops serving leaves the public directory.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, login } from './harness.ts';
import {
  DEMO_PASSWORD,
  congressOf,
  expectStatus,
  freshDay,
  ok,
  startAccountsServer,
  type ClockedServer,
} from './accounts-fixtures.ts';
import { deputyRow, importRows, publicDeputies, staffDeputies, type DeputyRow } from './registry-fixtures.ts';
import { readSheet } from './xlsx-fixture.ts';

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

const admin = () => ({ token: server.token });

let nameCounter = 0;
function uniqueName(): string {
  const g = '春夏秋冬梅兰竹菊松柏';
  const n = nameCounter++;
  return '皇甫' + g[n % 10] + g[Math.floor(n / 10) % 10];
}

/** Imports one deputy into 中原区 and returns its staff record. */
async function newDeputy(over: DeputyRow = {}): Promise<any> {
  const row = deputyRow({ name: uniqueName(), ...over });
  await importRows(server, zhongyuan, [row]);
  const [d] = (await staffDeputies(server, zhongyuan, `&q=${encodeURIComponent(row.name!)}`)).filter((x) => x.name === row.name);
  assert.ok(d, `${row.name} in the staff list`);
  return d;
}

async function getDeputy(id: string, auth: any = admin()): Promise<{ d: any; etag: string }> {
  const res = await api(server, 'GET', `/api/v1/deputies/${id}`, auth);
  expectStatus(res, 200, `GET /api/v1/deputies/${id}`);
  const etag = res.headers['etag'];
  assert.ok(etag, 'an ETag');
  assert.equal(etag, `"${res.json.version}"`, 'the ETag is the quoted version');
  return { d: res.json, etag };
}

describe('PATCH /api/v1/deputies/{id}: optimistic concurrency', () => {
  test('a current If-Match edits and bumps the version; the stale one is 409 version_conflict', async () => {
    const dep = await newDeputy();
    const { d, etag } = await getDeputy(dep.id);
    const first = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { ...admin(), ifMatch: etag, body: { occupation: '中原区某社区党委书记' } });
    expectStatus(first, 200, 'first edit');
    assert.equal(first.json.occupation, '中原区某社区党委书记');
    assert.equal(first.json.version, d.version + 1, 'version bumped');
    assert.equal(first.headers['etag'], `"${d.version + 1}"`, 'the new ETag');

    const stale = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { ...admin(), ifMatch: etag, body: { occupation: '覆盖别人的修改' } });
    assertProblem(stale, { status: 409, code: 'version_conflict' }, 'the stale write');
    const now = await getDeputy(dep.id);
    assert.equal(now.d.occupation, '中原区某社区党委书记', 'the stale write changed nothing');
    assert.equal(now.d.version, d.version + 1);
  });

  test('no If-Match → 428; a malformed one → 400; an unknown field or bad status → 422', async () => {
    const dep = await newDeputy();
    const none = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { ...admin(), body: { occupation: '无条件修改' } });
    assertProblem(none, { status: 428 }, 'no If-Match');
    const bad = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { ...admin(), ifMatch: 'not-a-version', body: { occupation: 'x' } });
    assertProblem(bad, { status: 400, code: 'malformed_if_match' }, 'malformed If-Match');
    const { etag } = await getDeputy(dep.id);
    const unknown = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { ...admin(), ifMatch: etag, body: { id_number: '410102199001011234' } });
    assertProblem(unknown, { status: 422 }, 'id_number is not editable here');
    const badStatus = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { ...admin(), ifMatch: etag, body: { status: 'retired' } });
    assertProblem(badStatus, { status: 422 }, 'status retired');
    assert.equal((await getDeputy(dep.id)).d.occupation, dep.occupation, 'nothing changed');
  });

  test('staff of the congress edit; staff of another congress get 404 (read and write)', async () => {
    const dep = await newDeputy();
    const own = await login(server, 'staff.zhongyuan', DEMO_PASSWORD);
    const other = await login(server, 'staff.jinshui', DEMO_PASSWORD);
    const { etag } = await getDeputy(dep.id, { session: own });
    assertProblem(await api(server, 'GET', `/api/v1/deputies/${dep.id}`, { session: other }), { status: 404 }, 'read by 金水区 staff');
    assertProblem(
      await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { session: other, ifMatch: etag, body: { occupation: '越权修改' } }),
      { status: 404 },
      'write by 金水区 staff',
    );
    const list = await api(server, 'GET', `/api/v1/deputies?congress_id=${zhongyuan}&page_size=200`, { session: other });
    if (list.status === 200) assert.ok(!list.json.items.some((x: any) => x.id === dep.id), '金水区 staff do not list 中原区 deputies');
    else assertProblem(list, { status: 404 }, '金水区 staff list 中原区');
    const res = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { session: own, ifMatch: etag, body: { deputy_group: '第三代表小组' } });
    expectStatus(res, 200, 'edit by 中原区 staff');
    assert.equal(res.json.deputy_group, '第三代表小组');
    assertProblem(await api(server, 'GET', `/api/v1/deputies/${dep.id}`), { status: 401 }, 'no sign-in');
  });

  test('a mandate that stops serving leaves the public directory; the staff list keeps it', async () => {
    const dep = await newDeputy();
    const pub = await api(server, 'GET', `/api/v1/public/deputies/${dep.id}`);
    expectStatus(pub, 200, 'serving: public profile');
    const { etag } = await getDeputy(dep.id);
    const res = await api(server, 'PATCH', `/api/v1/deputies/${dep.id}`, { ...admin(), ifMatch: etag, body: { status: 'resigned', end_date: '2026-03-01' } });
    expectStatus(res, 200, 'resign');
    assert.equal(res.json.status, 'resigned');
    assert.equal(res.json.end_date, '2026-03-01');
    assertProblem(await api(server, 'GET', `/api/v1/public/deputies/${dep.id}`), { status: 404 }, 'a resigned mandate has no public profile');
    const found = (await publicDeputies(server, `q=${encodeURIComponent(dep.name)}`)).filter((x) => x.id === dep.id);
    assert.deepEqual(found, [], 'not in the public search');
    const staff = (await staffDeputies(server, zhongyuan, '&status=resigned')).filter((x) => x.id === dep.id);
    assert.equal(staff.length, 1, 'staff still list it with status=resigned');
  });

  test('a person serving at one level and resigned at another: the profile lists only serving mandates', async () => {
    const zhengzhou = await congressOf(server, '410100');
    const row = deputyRow({ name: uniqueName() });
    await importRows(server, zhongyuan, [row]);
    await importRows(server, zhengzhou, [row]);
    const [county] = (await staffDeputies(server, zhongyuan, `&q=${encodeURIComponent(row.name!)}`)).filter((x) => x.name === row.name);
    const [city] = (await staffDeputies(server, zhengzhou, `&q=${encodeURIComponent(row.name!)}`)).filter((x) => x.name === row.name);
    const before = await ok(api(server, 'GET', `/api/v1/public/deputies/${county.id}`), 'profile');
    assert.deepEqual(before.other_mandates.map((m: any) => m.id), [city.id], 'the city mandate is listed');
    const { etag } = await getDeputy(city.id);
    expectStatus(await api(server, 'PATCH', `/api/v1/deputies/${city.id}`, { ...admin(), ifMatch: etag, body: { status: 'terminated', end_date: '2026-02-01' } }), 200, 'terminate');
    const afterwards = await ok(api(server, 'GET', `/api/v1/public/deputies/${county.id}`), 'profile');
    assert.deepEqual(afterwards.other_mandates, [], `a terminated mandate is not published: ${JSON.stringify(afterwards.other_mandates)}`);
  });
});

describe('GET /api/v1/deputies/export', () => {
  test('an .xlsx of the filtered mandates, private fields masked; other congresses’ staff do not get them', async () => {
    const row = deputyRow({ name: uniqueName() });
    await importRows(server, zhongyuan, [row]);
    const res = await api(server, 'GET', `/api/v1/deputies/export?congress_id=${zhongyuan}&q=${encodeURIComponent(row.name!)}`, admin());
    expectStatus(res, 200, 'export');
    assert.match(res.headers['content-type'] ?? '', /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
    assert.match(res.headers['content-disposition'] ?? '', /attachment.*\.xlsx/);
    assert.equal(res.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip');
    const rows = readSheet(res.bytes);
    assert.ok(rows.length >= 2, `a header and the deputy: ${JSON.stringify(rows)}`);
    const text = rows.map((r) => r.join('\t')).join('\n');
    assert.ok(text.includes(row.name!), `the deputy is in the workbook:\n${text}`);
    assert.ok(text.includes(row.occupation!), 'with the occupation');
    for (const secret of [row.id_number!, row.mobile!, row.home_address!]) assert.ok(!text.includes(secret), `${secret} is not in the workbook in clear`);
    assert.ok(text.includes(`${row.mobile!.slice(0, 3)}****${row.mobile!.slice(-4)}`), 'the mobile, masked');

    const other = await login(server, 'staff.jinshui', DEMO_PASSWORD);
    const theirs = await api(server, 'GET', `/api/v1/deputies/export?congress_id=${zhongyuan}&q=${encodeURIComponent(row.name!)}`, { session: other });
    if (theirs.status === 200) assert.ok(!readSheet(theirs.bytes).some((r) => r.includes(row.name!)), '金水区 staff do not export 中原区 deputies');
    else assert.ok([403, 404].includes(theirs.status), `金水区 staff: ${theirs.status}`);
    assertProblem(await api(server, 'GET', `/api/v1/deputies/export?congress_id=${zhongyuan}`), { status: 401 }, 'no sign-in');
  });
});

describe('GET /api/v1/deputies/{id}/private', () => {
  test('staff of the congress read the unmasked fields, and each read leaves one audit row', async () => {
    const row = deputyRow({ name: uniqueName() });
    await importRows(server, zhongyuan, [row]);
    const [dep] = (await staffDeputies(server, zhongyuan, `&q=${encodeURIComponent(row.name!)}`)).filter((x) => x.name === row.name);
    assert.notEqual(dep.id_number, row.id_number, 'the list masks the ID number');
    const own = await login(server, 'staff.zhongyuan', DEMO_PASSWORD);
    const auditBefore = await api(server, 'GET', `/api/v1/audit?record_type=mandate&record_id=${dep.id}&action=deputy.private_view`, admin());
    expectStatus(auditBefore, 200, 'audit before');
    const res = await api(server, 'GET', `/api/v1/deputies/${dep.id}/private`, { session: own });
    expectStatus(res, 200, 'private read by 中原区 staff');
    assert.equal(res.json.id_number, row.id_number);
    assert.equal(res.json.mobile, row.mobile);
    assert.equal(res.headers['cache-control'], 'no-store');
    const auditAfter = await api(server, 'GET', `/api/v1/audit?record_type=mandate&record_id=${dep.id}&action=deputy.private_view`, admin());
    assert.equal(auditAfter.json.total, auditBefore.json.total + 1, 'one audit row per read');
    assert.equal(auditAfter.json.items[0].actor, `user:${own.user.id}`);
  });

  test('staff of another congress get 404; anonymous callers 401', async () => {
    const dep = await newDeputy();
    const other = await login(server, 'staff.jinshui', DEMO_PASSWORD);
    assertProblem(await api(server, 'GET', `/api/v1/deputies/${dep.id}/private`, { session: other }), { status: 404 }, '金水区 staff');
    assertProblem(await api(server, 'GET', `/api/v1/deputies/${dep.id}/private`), { status: 401 }, 'anonymous');
  });
});

describe('GET /api/v1/deputies?sort=', () => {
  test('sorts by name, start date and region, both ways; an unknown sort is 422', async () => {
    const byName = await api(server, 'GET', `/api/v1/deputies?congress_id=${zhongyuan}&sort=name&page_size=50`, admin());
    const reversed = await api(server, 'GET', `/api/v1/deputies?congress_id=${zhongyuan}&sort=-name&page_size=50`, admin());
    expectStatus(byName, 200, 'sort=name');
    const pinyin = byName.json.items.map((d: any) => d.pinyin);
    assert.deepEqual(pinyin, [...pinyin].sort(), 'by pinyin ascending');
    const back = reversed.json.items.map((d: any) => d.pinyin);
    assert.deepEqual(back, [...back].sort().reverse(), 'by pinyin descending');
    const byDate = await api(server, 'GET', `/api/v1/deputies?congress_id=${zhongyuan}&sort=-start_date&page_size=50`, admin());
    const dates = byDate.json.items.map((d: any) => d.start_date);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    assertProblem(await api(server, 'GET', `/api/v1/deputies?sort=age`, admin()), { status: 422 }, 'unknown sort');
  });
});

describe('POST /api/v1/deputies', () => {
  test('registers one deputy by the import rules: 201 with the masked record, publicly searchable', async () => {
    const row = deputyRow({ name: uniqueName() });
    const res = await api(server, 'POST', '/api/v1/deputies', {
      ...admin(),
      body: { congress_id: zhongyuan, name: row.name, gender: '女', id_number: row.id_number, region_code: '410102', start_date: '2021-12-01', occupation: '教师', mobile: row.mobile },
    });
    expectStatus(res, 201, 'create');
    assert.equal(res.headers['location'], `/api/v1/deputies/${res.json.id}`);
    assert.equal(res.json.name, row.name);
    assert.equal(res.json.gender, 'female');
    assert.notEqual(res.json.id_number, row.id_number, 'masked');
    const found = await publicDeputies(server, `q=${encodeURIComponent(row.name!)}`);
    assert.ok(found.some((d) => d.id === res.json.id), 'found publicly');
    const again = await api(server, 'POST', '/api/v1/deputies', {
      ...admin(),
      body: { congress_id: zhongyuan, name: row.name, gender: '女', id_number: row.id_number, region_code: '410102', start_date: '2021-12-01' },
    });
    assertProblem(again, { status: 422 }, 'the same ID number twice in a term');
    assert.ok(again.json.errors.some((e: any) => e.pointer === '/id_number'));
  });

  test('every bad field has its pointer; staff of another congress get 404', async () => {
    const res = await api(server, 'POST', '/api/v1/deputies', {
      ...admin(),
      body: { congress_id: zhongyuan, name: '', gender: '未知', id_number: '123', region_code: '419999', start_date: '2021/12/01' },
    });
    assertProblem(res, { status: 422 }, 'bad fields');
    const pointers = res.json.errors.map((e: any) => e.pointer).sort();
    assert.deepEqual(pointers, ['/gender', '/id_number', '/name', '/region_code', '/start_date']);
    const other = await login(server, 'staff.jinshui', DEMO_PASSWORD);
    const row = deputyRow({ name: uniqueName() });
    assertProblem(
      await api(server, 'POST', '/api/v1/deputies', {
        session: other,
        body: { congress_id: zhongyuan, name: row.name, gender: '男', id_number: row.id_number, region_code: '410102', start_date: '2021-12-01' },
      }),
      { status: 404 },
      '金水区 staff for 中原区',
    );
  });
});
