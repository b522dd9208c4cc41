// The audit trail (docs/accounts.md "Audit trail"): every write makes exactly one row with
// the right actor, grant and request id; reads of unmasked personal data make one row;
// nothing edits or deletes a row; staff see their congress's rows only; the export is a
// real .xlsx. Each audited step runs at an instant of its own (the clock file), so that
// "exactly one row" is counted over everything written at that instant.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { api, assertProblem, login, type ApiResponse, type Session } from './harness.ts';
import {
  DEMO_PASSWORD,
  GOOD_PASSWORD,
  OTHER_GOOD_PASSWORD,
  activeUser,
  auditRows,
  auditedAt,
  createUser,
  expectStatus,
  freshDay,
  getUser,
  lookupDemo,
  ok,
  randomMobile,
  startAccountsServer,
  uniqueName,
  type ClockedServer,
  type Demo,
} from './accounts-fixtures.ts';

let server: ClockedServer;
let demo: Demo;
before(async () => {
  server = await startAccountsServer();
  demo = await lookupDemo(server);
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});
beforeEach(() => freshDay(server));

const AUDIT_FIELDS = ['id', 'at', 'actor', 'grant', 'action', 'record_type', 'record_id', 'changes', 'request_id', 'client_address'];

interface Expect {
  actor: string;
  grant?: RegExp;
  record_id?: string | number;
  action?: RegExp;
  /** Strings that must not appear anywhere in the row (secrets). */
  secretFree?: string[];
}

/** Exactly one row, written by the request `res`, with the expected actor and record. */
function assertOneRow(rows: any[], res: ApiResponse, exp: Expect, what: string): any {
  assert.equal(rows.length, 1, `${what}: exactly one audit row, got ${rows.length}: ${JSON.stringify(rows)}`);
  const r = rows[0];
  for (const k of AUDIT_FIELDS) assert.ok(k in r, `${what}: the row has ${k}: ${JSON.stringify(r)}`);
  assert.equal(r.actor, exp.actor, `${what}: actor`);
  if (exp.grant) assert.match(String(r.grant), exp.grant, `${what}: grant`);
  if (exp.record_id !== undefined) assert.equal(String(r.record_id), String(exp.record_id), `${what}: record_id`);
  if (exp.action) assert.match(r.action, exp.action, `${what}: action`);
  assert.equal(typeof r.action, 'string');
  assert.ok(r.action.length > 0);
  assert.equal(r.request_id, res.headers['x-request-id'], `${what}: request_id is the write's X-Request-Id`);
  assert.ok(String(r.client_address).includes('127.0.0.1'), `${what}: client_address ${r.client_address}`);
  assert.equal(Date.parse(r.at), server.clock.now().getTime(), `${what}: at is the server's clock`);
  for (const s of exp.secretFree ?? []) assert.ok(!JSON.stringify(r).includes(s), `${what}: the row does not hold the secret`);
  return r;
}

/** Runs one write at its own instant and checks it left exactly one row. */
async function oneRow(what: string, fn: () => Promise<ApiResponse>, status: number, exp: Expect | ((res: ApiResponse) => Expect)): Promise<{ res: ApiResponse; row: any }> {
  const { result: res, rows } = await auditedAt(server, fn);
  expectStatus(res, status, what);
  const row = assertOneRow(rows, res, typeof exp === 'function' ? exp(res) : exp, what);
  return { res, row };
}

const adminLogin = () => login(server, 'admin', DEMO_PASSWORD);

// ---------------------------------------------------------------------------------------
describe('every write makes exactly one audit row with the right actor', () => {
  test('user create, patch, grant add and remove, reset password, revoke sessions, token create and revoke — by an administrator’s session', async () => {
    const s = await adminLogin();
    const actor = `user:${demo.users.admin.id}`;
    const grant = /^admin/;
    const as = { session: s };

    const username = uniqueName('aud.');
    const mobile = randomMobile();
    const created = await oneRow(
      'user create',
      () => api(server, 'POST', '/api/v1/users', {
        ...as,
        body: { username, display_name: '审计对象', mobile, congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] },
      }),
      201,
      (res) => ({ actor, grant, record_id: res.json.user.id, action: /create/, secretFree: [res.json.one_time_password] }),
    );
    const id = created.res.json.user.id;
    assert.equal(created.row.action, 'user.create', 'the action of the contract’s example');
    assert.ok(!JSON.stringify(created.row).includes(mobile), 'the row does not spell out the mobile number');

    const { etag } = await getUser(server, id, as);
    const patched = await oneRow(
      'user patch',
      () => api(server, 'PATCH', `/api/v1/users/${id}`, { ...as, ifMatch: etag, body: { display_name: '审计对象改名' } }),
      200,
      { actor, grant, record_id: id },
    );
    assert.match(JSON.stringify(patched.row.changes), /display_name/, 'changes name the changed field');

    const added = await oneRow(
      'grant add',
      () => api(server, 'POST', `/api/v1/users/${id}/grants`, { ...as, body: { role: 'unit_head', scope_type: 'unit', scope_id: demo.unit.edu } }),
      201,
      { actor, grant },
    );
    assert.ok([String(id), String(added.res.json.id)].includes(String(added.row.record_id)), `grant add: record is the user or the grant (${added.row.record_id})`);

    const removed = await oneRow('grant remove', () => api(server, 'DELETE', `/api/v1/users/${id}/grants/${added.res.json.id}`, as), 204, { actor, grant });
    assert.ok([String(id), String(added.res.json.id)].includes(String(removed.row.record_id)), `grant remove: record is the user or the grant (${removed.row.record_id})`);

    await oneRow(
      'reset password',
      () => api(server, 'POST', `/api/v1/users/${id}/reset-password`, as),
      200,
      (res) => ({ actor, grant, record_id: id, secretFree: [res.json.one_time_password] }),
    );
    await oneRow('revoke sessions', () => api(server, 'POST', `/api/v1/users/${id}/revoke-sessions`, as), 204, { actor, grant, record_id: id });

    const tok = await oneRow(
      'token create',
      () => api(server, 'POST', '/api/v1/api-tokens', { ...as, body: { name: '审计令牌', role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.edu, expires_in_days: 30 } }),
      201,
      (res) => ({ actor, grant, record_id: res.json.id, secretFree: [res.json.token] }),
    );
    await oneRow('token revoke', () => api(server, 'POST', `/api/v1/api-tokens/${tok.res.json.id}/revoke`, as), 204, { actor, grant, record_id: tok.res.json.id });

    const unit = await oneRow(
      'unit create',
      () => api(server, 'POST', '/api/v1/units', { ...as, body: { name: `审计单位${uniqueName('')}`, congress_id: demo.congress.henan } }),
      201,
      (res) => ({ actor, grant, record_id: res.json.id }),
    );
    assert.ok(unit);
    await oneRow(
      'station create',
      () => api(server, 'POST', '/api/v1/stations', { ...as, body: { name: `审计联络站${uniqueName('')}`, congress_id: demo.congress.henan } }),
      201,
      (res) => ({ actor, grant, record_id: res.json.id }),
    );
  });

  test('a refused write (422, 409, 403) makes no row', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const { rows: r1 } = await auditedAt(server, () =>
      api(server, 'POST', '/api/v1/users', { token: server.token, body: { username: 'staff.henan', display_name: 'x', congress_id: demo.congress.henan, grants: [{ role: 'staff', scope_type: 'congress', scope_id: demo.congress.henan }] } }),
    );
    assert.deepEqual(r1, [], 'a duplicate username');
    const { rows: r2 } = await auditedAt(server, () => api(server, 'POST', '/api/v1/users', { token: server.token, body: { username: uniqueName('x.'), grants: [] } }));
    assert.deepEqual(r2, [], 'an invalid body');
    const { rows: r3 } = await auditedAt(server, () => api(server, 'POST', '/api/v1/api-tokens', { session: s, body: { name: 'x', role: 'admin', scope_type: 'global', expires_in_days: 1 } }));
    assert.ok(r3.every((r) => !/token/.test(r.record_type) || !/create/.test(r.action)), `a forbidden token creation: ${JSON.stringify(r3)}`);
  });

  test('a password change → one row naming the user', async () => {
    const { user, password, session } = await activeUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    await oneRow(
      'password change',
      () => api(server, 'POST', '/api/v1/auth/password', { session, body: { current_password: password, new_password: OTHER_GOOD_PASSWORD } }),
      204,
      { actor: `user:${user.id}`, record_id: user.id, secretFree: [password, OTHER_GOOD_PASSWORD] },
    );
  });

  test('a user editing their own account → one row with their actor and grant', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const me = await api(server, 'GET', `/api/v1/users/${s.user.id}`, { session: s });
    const row = (
      await oneRow(
        'own patch',
        () => api(server, 'PATCH', `/api/v1/users/${s.user.id}`, { session: s, ifMatch: me.headers['etag'], body: { display_name: `代表${uniqueName('')}` } }),
        200,
        { actor: `user:${s.user.id}`, record_id: s.user.id },
      )
    ).row;
    assert.ok(typeof row.grant === 'string' || row.grant === null, 'grant is a string (or null for own-account actions)');
  });

  test('writes by staff name the staff grant: staff@congress:<id>', async () => {
    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    await oneRow(
      'user create by staff',
      () => api(server, 'POST', '/api/v1/users', {
        session: s,
        body: { username: uniqueName('st.'), display_name: '省代表', congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] },
      }),
      201,
      (res) => ({ actor: `user:${demo.users['staff.henan'].id}`, grant: new RegExp(`^staff@congress:${demo.congress.henan}$`), record_id: res.json.user.id }),
    );
  });

  test('writes by an API token name the token: token:<id>', async () => {
    const tok = await ok(
      api(server, 'POST', '/api/v1/api-tokens', { token: server.token, body: { name: '省人大接口', role: 'staff', scope_type: 'congress', scope_id: demo.congress.henan, expires_in_days: 30 } }),
      'token',
      201,
    );
    await oneRow(
      'user create by token',
      () => api(server, 'POST', '/api/v1/users', {
        token: tok.token,
        body: { username: uniqueName('tk.'), display_name: '接口建的', congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] },
      }),
      201,
      (res) => ({ actor: `token:${tok.id}`, grant: new RegExp(`^staff@congress:${demo.congress.henan}$`), record_id: res.json.user.id }),
    );
  });

  test('a successful login → one row naming the user; logout → one row', async () => {
    const user = demo.users['deputy.zhengzhou'];
    const { result: res, rows } = await auditedAt(server, () => api(server, 'POST', '/api/v1/auth/login', { body: { username: 'deputy.zhengzhou', password: DEMO_PASSWORD } }));
    expectStatus(res, 200, 'login');
    assertOneRow(rows, res, { actor: `user:${user.id}`, secretFree: [DEMO_PASSWORD, res.cookies[0]?.value ?? '-', res.json.csrf_token] }, 'login');
    const session: Session = { cookie: `huying_session=${res.cookies.find((c) => c.name === 'huying_session')!.value}`, csrf: res.json.csrf_token, user: res.json.user, expiresAt: '', setCookie: res.cookies[0] };
    await oneRow('logout', () => api(server, 'POST', '/api/v1/auth/logout', { session }), 204, { actor: `user:${user.id}` });
  });

  test('a failed login → one row that does not hold the attempted password', async () => {
    const { result: res, rows } = await auditedAt(server, () => api(server, 'POST', '/api/v1/auth/login', { body: { username: 'deputy.zhengzhou', password: 'Guess#Number7' } }));
    expectStatus(res, 401, 'failed login');
    assert.equal(rows.length, 1, `one row: ${JSON.stringify(rows)}`);
    assert.equal(rows[0].request_id, res.headers['x-request-id']);
    assert.ok(!JSON.stringify(rows[0]).includes('Guess#Number7'), 'no password in the audit trail');
  });
});

// ---------------------------------------------------------------------------------------
describe('reads of personal data', () => {
  test('GET /users/{id}/contact → one audit row naming the reader; the masked GET → none', async () => {
    const mobile = randomMobile();
    const { user } = await createUser(server, { mobile, congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    const { res, row } = await oneRow(
      'contact read',
      () => api(server, 'GET', `/api/v1/users/${user.id}/contact`, { session: s }),
      200,
      { actor: `user:${demo.users['staff.henan'].id}`, record_id: user.id, grant: new RegExp(`^staff@congress:${demo.congress.henan}$`) },
    );
    assert.equal(res.json.mobile, mobile);
    assert.ok(!JSON.stringify(row).includes(mobile), 'the audit row does not copy the number');
    const { result: masked, rows } = await auditedAt(server, () => api(server, 'GET', `/api/v1/users/${user.id}`, { session: s }));
    expectStatus(masked, 200, 'masked read');
    assert.deepEqual(rows, [], 'a masked read is not audited');
    const { rows: listRows } = await auditedAt(server, () => api(server, 'GET', '/api/v1/users', { session: s }));
    assert.deepEqual(listRows, [], 'a list is not audited');
  });
});

// ---------------------------------------------------------------------------------------
describe('append-only', () => {
  test('audit rows cannot be edited or deleted: PATCH/PUT/DELETE/POST → 404 or 405, the row stays', async () => {
    const { rows } = await auditedAt(server, () =>
      api(server, 'POST', '/api/v1/units', { token: server.token, body: { name: `不可改${uniqueName('')}`, congress_id: demo.congress.henan } }),
    );
    assert.equal(rows.length, 1);
    const row = rows[0];
    const s = await adminLogin();
    for (const auth of [{ token: server.token }, { session: s }]) {
      for (const [method, p] of [
        ['PATCH', `/api/v1/audit/${row.id}`],
        ['PUT', `/api/v1/audit/${row.id}`],
        ['DELETE', `/api/v1/audit/${row.id}`],
        ['DELETE', '/api/v1/audit'],
        ['POST', '/api/v1/audit'],
        ['PUT', '/api/v1/audit'],
        ['PATCH', '/api/v1/audit'],
      ] as const) {
        const res = await api(server, method, p, { ...auth, body: { action: 'forged', actor: 'user:0' }, ifMatch: '"1"' });
        assert.ok([404, 405].includes(res.status), `${method} ${p}: ${res.status} ${res.body}`);
        assertProblem(res, { status: res.status });
      }
    }
    const again = await auditRows(server, { record_type: row.record_type, record_id: row.record_id });
    assert.deepEqual(again.find((r) => r.id === row.id), row, 'the row is unchanged');
  });
});

// ---------------------------------------------------------------------------------------
describe('who reads the trail', () => {
  test('staff.henan sees only congress 1’s audit rows', async () => {
    const a = await adminLogin();
    const patch = async (userId: number) => {
      const { etag } = await getUser(server, userId);
      return api(server, 'PATCH', `/api/v1/users/${userId}`, { session: a, ifMatch: etag, body: { display_name: `改名${uniqueName('')}` } });
    };
    const inHenan = await patch(demo.users['deputy.henan'].id);
    const inJinshui = await patch(demo.users['staff.jinshui'].id);
    const unitJ = await ok(api(server, 'POST', '/api/v1/units', { session: a, body: { name: `金水单位${uniqueName('')}`, congress_id: demo.congress.jinshui } }), 'unit', 201);
    expectStatus(inHenan, 200, 'patch deputy.henan');
    expectStatus(inJinshui, 200, 'patch staff.jinshui');

    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    const from = server.clock.iso(-1);
    const to = server.clock.iso(1);
    const seen = await auditRows(server, { from, to }, { session: s });
    const rids = seen.map((r) => r.request_id);
    assert.ok(rids.includes(inHenan.headers['x-request-id']), 'the congress-1 row is visible');
    assert.ok(!rids.includes(inJinshui.headers['x-request-id']), 'the 金水区 user row is not');
    assert.ok(!seen.some((r) => String(r.record_id) === String(unitJ.id) && /unit/.test(r.record_type)), 'the 金水区 unit row is not');
    const admins = await auditRows(server, { from, to });
    assert.ok(admins.map((r) => r.request_id).includes(inJinshui.headers['x-request-id']), 'the administrator sees it');
    const byRecord = await auditRows(server, { record_type: 'user', record_id: demo.users['staff.jinshui'].id }, { session: s });
    assert.deepEqual(byRecord, [], 'filtering on a 金水区 record finds nothing for staff.henan');
    const z = await login(server, 'staff.jinshui', DEMO_PASSWORD);
    const theirs = await auditRows(server, { from, to }, { session: z });
    assert.ok(theirs.map((r) => r.request_id).includes(inJinshui.headers['x-request-id']), 'staff.jinshui sees their congress’s row');
    assert.ok(!theirs.map((r) => r.request_id).includes(inHenan.headers['x-request-id']), 'and not congress 1’s');
  });

  test('filters: actor, action, record_type + record_id, from/to; paging', async () => {
    const s = await adminLogin();
    const actor = `user:${demo.users.admin.id}`;
    const { user } = await createUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] }, { session: s });
    for (let i = 0; i < 3; i++) {
      server.clock.advance(1);
      const { etag } = await getUser(server, user.id);
      expectStatus(await api(server, 'PATCH', `/api/v1/users/${user.id}`, { session: s, ifMatch: etag, body: { display_name: `第${i}次` } }), 200, `patch ${i}`);
    }
    const byRecord = await auditRows(server, { record_type: 'user', record_id: user.id });
    assert.equal(byRecord.length, 4, `create + 3 patches: ${JSON.stringify(byRecord.map((r) => r.action))}`);
    assert.ok(byRecord.every((r) => r.actor === actor));
    const create = byRecord.find((r) => r.action === 'user.create');
    assert.ok(create, 'the create row');
    const byAction = await auditRows(server, { action: 'user.create', record_type: 'user', record_id: user.id });
    assert.deepEqual(byAction.map((r) => r.id), [create.id]);
    const byActor = await auditRows(server, { actor, from: server.clock.iso(-2.5), to: server.clock.iso(0.5) });
    assert.equal(byActor.length, 3, `the three patches in the last 2.5 minutes: ${JSON.stringify(byActor)}`);
    const other = await auditRows(server, { actor: 'user:99999999' });
    assert.deepEqual(other, []);
    const page1 = await ok(api(server, 'GET', `/api/v1/audit?record_type=user&record_id=${user.id}&page=1&page_size=3`, { token: server.token }), 'page 1');
    const page2 = await ok(api(server, 'GET', `/api/v1/audit?record_type=user&record_id=${user.id}&page=2&page_size=3`, { token: server.token }), 'page 2');
    assert.equal(page1.total, 4);
    assert.equal(page1.items.length, 3);
    assert.equal(page2.items.length, 1);
    const ids = [...page1.items, ...page2.items].map((r: any) => r.id);
    assert.equal(new Set(ids).size, 4, 'no repeats across pages');
    assertProblem(await api(server, 'GET', '/api/v1/audit?from=yesterday', { token: server.token }), { status: 422 }, 'a bad from');
  });
});

// ---------------------------------------------------------------------------------------
// A minimal ZIP reader (central directory + deflate), enough to look inside an .xlsx.
function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'a ZIP end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtraLen = buf.readUInt16LE(local + 28);
    const data = buf.subarray(local + 30 + lNameLen + lExtraLen, local + 30 + lNameLen + lExtraLen + csize);
    files.set(name, method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : assert.fail(`compression ${method} in ${name}`));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

describe('export', () => {
  test('GET /api/v1/audit/export → 200, a real .xlsx (content type, PK, workbook parts) holding the rows', async () => {
    const s = await adminLogin();
    const marker = `导出标记${uniqueName('')}`;
    const w = await api(server, 'POST', '/api/v1/units', { session: s, body: { name: marker, congress_id: demo.congress.henan } });
    expectStatus(w, 201, 'a write to export');
    const res = await api(server, 'GET', `/api/v1/audit/export?from=${encodeURIComponent(server.clock.iso(-1))}&to=${encodeURIComponent(server.clock.iso(1))}`, { session: s });
    expectStatus(res, 200, 'export');
    assert.equal(res.headers['content-type']?.split(';')[0].trim(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(res.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP container');
    const cd = res.headers['content-disposition'];
    assert.ok(cd && /attachment/i.test(cd) && /\.xlsx/i.test(cd), `Content-Disposition attachment …xlsx: ${cd}`);
    const files = unzip(res.bytes);
    for (const part of ['[Content_Types].xml', 'xl/workbook.xml']) assert.ok(files.has(part), `${part} in ${[...files.keys()].join(', ')}`);
    const sheet = [...files.keys()].find((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k));
    assert.ok(sheet, 'a worksheet');
    const text = [...files.entries()].filter(([k]) => k.startsWith('xl/')).map(([, v]) => v.toString('utf8')).join('\n');
    assert.ok(text.includes(w.headers['x-request-id']), 'the export holds the row (its request id)');
    assert.ok(text.includes(`user:${demo.users.admin.id}`), 'and its actor');
  });

  test('staff.henan’s export holds only congress 1’s rows', async () => {
    const a = await adminLogin();
    const mine = await api(server, 'POST', '/api/v1/units', { session: a, body: { name: `省单位${uniqueName('')}`, congress_id: demo.congress.henan } });
    const theirs = await api(server, 'POST', '/api/v1/units', { session: a, body: { name: `金水单位${uniqueName('')}`, congress_id: demo.congress.jinshui } });
    expectStatus(mine, 201, 'unit 1');
    expectStatus(theirs, 201, 'unit 2');
    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    const res = await api(server, 'GET', '/api/v1/audit/export', { session: s });
    expectStatus(res, 200, 'export by staff');
    const text = [...unzip(res.bytes).entries()].filter(([k]) => k.startsWith('xl/')).map(([, v]) => v.toString('utf8')).join('\n');
    assert.ok(text.includes(mine.headers['x-request-id']), 'the congress-1 row');
    assert.ok(!text.includes(theirs.headers['x-request-id']), 'not the 金水区 row');
  });
});
