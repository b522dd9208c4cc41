// User administration (docs/accounts.md "Administration"): the users list with filters and
// paging, the User shape, creation with a one-time password, conflicts, grant validation,
// If-Match on PATCH, disabling, the unmasked contact read, and the `huying user` CLI.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, login, tryLogin } from './harness.ts';
import {
  DEMO_PASSWORD,
  DEMO_USERNAMES,
  GOOD_PASSWORD,
  activeUser,
  createUser,
  expectStatus,
  findUser,
  freshDay,
  getUser,
  huyingUser,
  lookupDemo,
  masked,
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

const admin = () => ({ token: server.token });

function assertUserShape(u: any, where: string) {
  for (const k of ['id', 'username', 'display_name', 'mobile', 'congress_id', 'disabled', 'must_change_password', 'grants', 'created_at', 'version']) {
    assert.ok(k in u, `${where}: User has ${k}: ${JSON.stringify(u)}`);
  }
  assert.equal(typeof u.username, 'string');
  assert.equal(typeof u.disabled, 'boolean');
  assert.equal(typeof u.must_change_password, 'boolean');
  assert.ok(Number.isInteger(u.version) && u.version >= 1, `${where}: version`);
  assert.ok(Array.isArray(u.grants), `${where}: grants`);
  for (const g of u.grants) for (const k of ['id', 'role', 'scope_type', 'scope_id', 'scope_name']) assert.ok(k in g, `${where}: grant has ${k}`);
  for (const k of Object.keys(u)) {
    assert.match(k, /^[a-z][a-z0-9_]*$/, `${where}: snake_case ${k}`);
    assert.doesNotMatch(k, /hash|^password$|secret|token/i, `${where}: no secret field ${k}`);
  }
  if (u.mobile !== null && u.mobile !== undefined && u.mobile !== '') assert.match(u.mobile, /^\d{3}\*{4}\d{4}$/, `${where}: mobile masked`);
}

// ---------------------------------------------------------------------------------------
describe('GET /api/v1/users', () => {
  test('every demo user is listed for the administrator, well-formed, mobiles masked', async () => {
    const j = await ok(api(server, 'GET', '/api/v1/users?page_size=200', admin()), 'users');
    for (const k of ['items', 'total', 'page', 'page_size']) assert.ok(k in j, `list has ${k}`);
    const names = j.items.map((u: any) => u.username);
    for (const n of DEMO_USERNAMES) assert.ok(names.includes(n), `${n} listed`);
    for (const u of j.items) assertUserShape(u, u.username);
    const staff = j.items.find((u: any) => u.username === 'staff.henan');
    assert.ok(staff.grants.some((g: any) => g.role === 'staff' && g.scope_type === 'congress' && g.scope_id === demo.congress.henan && g.scope_name === '河南省人民代表大会'), JSON.stringify(staff.grants));
    const keeper = j.items.find((u: any) => u.username === 'keeper.jinshui');
    assert.ok(keeper.grants.some((g: any) => g.role === 'station_keeper' && g.scope_type === 'station' && g.scope_id === demo.station.jinshui));
  });

  test('?q= filters by username or name', async () => {
    const j = await ok(api(server, 'GET', '/api/v1/users?q=staff.&page_size=200', admin()), 'q=staff.');
    const names = j.items.map((u: any) => u.username).sort();
    for (const n of ['staff.henan', 'staff.jinshui', 'staff.zhongyuan']) assert.ok(names.includes(n), `${n} matches`);
    assert.ok(!names.includes('deputy.henan'), 'deputy.henan does not match');
    assert.equal(j.total, j.items.length);
    const none = await ok(api(server, 'GET', `/api/v1/users?q=${uniqueName('nobody')}`, admin()), 'q=nobody');
    assert.equal(none.total, 0);
    assert.deepEqual(none.items, []);
    const display = await createUser(server, { display_name: '张三丰测试', congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    const byName = await ok(api(server, 'GET', `/api/v1/users?q=${encodeURIComponent('张三丰')}`, admin()), 'q=张三丰');
    assert.ok(byName.items.some((u: any) => u.id === display.user.id), 'found by display name');
  });

  test('?role= filters by role grant', async () => {
    const j = await ok(api(server, 'GET', '/api/v1/users?role=deputy&page_size=200', admin()), 'role=deputy');
    const names = j.items.map((u: any) => u.username);
    for (const n of ['deputy.henan', 'deputy.zhengzhou']) assert.ok(names.includes(n), `${n} listed`);
    for (const u of j.items) assert.ok(u.grants.some((g: any) => g.role === 'deputy'), `${u.username} holds a deputy grant`);
    const h = await ok(api(server, 'GET', '/api/v1/users?role=unit_handler&page_size=200', admin()), 'role=unit_handler');
    const hn = h.items.map((u: any) => u.username);
    assert.ok(hn.includes('handler.edu') && hn.includes('handler.health'));
    assert.ok(!hn.includes('head.edu'), 'a unit head is not a handler');
    const both = await ok(api(server, 'GET', '/api/v1/users?role=staff&q=jinshui', admin()), 'role + q');
    assert.deepEqual(both.items.map((u: any) => u.username), ['staff.jinshui']);
  });

  test('?congress_id= and ?disabled= filter', async () => {
    const j = await ok(api(server, 'GET', `/api/v1/users?congress_id=${demo.congress.jinshui}&page_size=200`, admin()), 'congress_id');
    const names = j.items.map((u: any) => u.username).sort();
    assert.ok(names.includes('staff.jinshui') && names.includes('keeper.jinshui'), names.join());
    for (const u of j.items) assert.equal(u.congress_id, demo.congress.jinshui);
    const { user } = await createUser(server, { congress_id: demo.congress.jinshui, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.jinshui }] });
    const { etag } = await getUser(server, user.id);
    expectStatus(await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), ifMatch: etag, body: { disabled: true } }), 200, 'disable');
    const dis = await ok(api(server, 'GET', '/api/v1/users?disabled=true&page_size=200', admin()), 'disabled=true');
    assert.ok(dis.items.some((u: any) => u.id === user.id));
    for (const u of dis.items) assert.equal(u.disabled, true);
    const en = await ok(api(server, 'GET', '/api/v1/users?disabled=false&page_size=200', admin()), 'disabled=false');
    assert.ok(!en.items.some((u: any) => u.id === user.id));
  });

  test('pagination: pages of 3 concatenate to the whole list, the total stays', async () => {
    const all = await ok(api(server, 'GET', '/api/v1/users?page_size=200', admin()), 'all');
    assert.ok(all.total >= DEMO_USERNAMES.length);
    const seen: number[] = [];
    const pages = Math.ceil(all.total / 3);
    for (let page = 1; page <= pages; page++) {
      const j = await ok(api(server, 'GET', `/api/v1/users?page=${page}&page_size=3`, admin()), `page ${page}`);
      assert.equal(j.total, all.total);
      assert.equal(j.page, page);
      assert.equal(j.page_size, 3);
      assert.equal(j.items.length, page < pages ? 3 : all.total - 3 * (pages - 1));
      seen.push(...j.items.map((u: any) => u.id));
    }
    assert.deepEqual(seen, all.items.map((u: any) => u.id), 'no gaps, no repeats, the same order');
    const past = await ok(api(server, 'GET', `/api/v1/users?page=${pages + 5}&page_size=3`, admin()), 'past the end');
    assert.deepEqual(past.items, []);
    assert.equal(past.total, all.total);
    assertProblem(await api(server, 'GET', '/api/v1/users?page_size=0', admin()), { status: 422 }, 'page_size=0');
  });

  test('without credentials → 401', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/users'), { status: 401 });
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users.admin.id}`), { status: 401 });
  });
});

// ---------------------------------------------------------------------------------------
describe('POST /api/v1/users', () => {
  test('→ 201 with the user (must change password) and a one-time password that logs in once changed', async () => {
    const mobile = randomMobile();
    const { user, otp, res } = await createUser(server, {
      username: uniqueName('new.'),
      display_name: '新用户',
      mobile,
      congress_id: demo.congress.zhengzhou,
      grants: [{ role: 'staff', scope_type: 'congress', scope_id: demo.congress.zhengzhou }],
    });
    assertUserShape(user, 'created');
    assert.equal(user.must_change_password, true);
    assert.equal(user.disabled, false);
    assert.equal(user.mobile, masked(mobile));
    assert.equal(user.congress_id, demo.congress.zhengzhou);
    assert.equal(user.grants.length, 1);
    assert.equal(user.grants[0].scope_name, '郑州市人民代表大会');
    assert.ok(otp.length >= 10, 'the one-time password is long enough');
    assert.ok(res.headers['location'] === undefined || res.headers['location'].endsWith(`/api/v1/users/${user.id}`), 'Location, if any, names the user');
    const got = await getUser(server, user.id);
    assert.equal(got.user.username, user.username);
    const s = await login(server, user.username, otp);
    assert.equal(s.user.must_change_password, true);
  });

  test('a duplicate username → 409', async () => {
    const username = uniqueName('dup.');
    await createUser(server, { username, congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    const again = await api(server, 'POST', '/api/v1/users', {
      ...admin(),
      body: { username, display_name: '重复', congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] },
    });
    assertProblem(again, { status: 409 });
    const demoDup = await api(server, 'POST', '/api/v1/users', {
      ...admin(),
      body: { username: 'staff.henan', display_name: '重复', congress_id: demo.congress.henan, grants: [{ role: 'staff', scope_type: 'congress', scope_id: demo.congress.henan }] },
    });
    assertProblem(demoDup, { status: 409 }, 'staff.henan again');
  });

  const grantCases: Array<[string, any, string]> = [
    ['an unknown role', { role: 'emperor', scope_type: 'global' }, '/grants/0/role'],
    ['a congress role without scope_id', { role: 'staff', scope_type: 'congress' }, '/grants/0/scope_id'],
    ['a unit role without scope_id', { role: 'unit_handler', scope_type: 'unit' }, '/grants/0/scope_id'],
    ['a scope_type that does not fit the role', { role: 'unit_handler', scope_type: 'congress', scope_id: 1 }, '/grants/0/scope_type'],
    ['a unit that does not exist', { role: 'unit_handler', scope_type: 'unit', scope_id: 99999999 }, '/grants/0/scope_id'],
  ];
  for (const [what, grant, pointer] of grantCases) {
    test(`invalid grant (${what}) → 422 with pointer ${pointer}`, async () => {
      const username = uniqueName('bad.');
      const res = await api(server, 'POST', '/api/v1/users', {
        ...admin(),
        body: { username, display_name: '无效授权', congress_id: demo.congress.henan, grants: [grant] },
      });
      const p = assertProblem(res, { status: 422 });
      assert.ok(Array.isArray(p.errors), 'errors[]');
      assert.ok(p.errors.some((e: any) => e.pointer === pointer), `pointer ${pointer} in ${res.body}`);
      assert.equal(await findUser(server, username), undefined, 'no user was created');
    });
  }

  test('missing username and display_name → 422 naming both', async () => {
    const res = await api(server, 'POST', '/api/v1/users', { ...admin(), body: { grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] } });
    const p = assertProblem(res, { status: 422 });
    const ptrs = p.errors.map((e: any) => e.pointer);
    assert.ok(ptrs.includes('/username') && ptrs.includes('/display_name'), res.body);
  });
});

// ---------------------------------------------------------------------------------------
describe('grants', () => {
  test('POST /users/{id}/grants → 201 grant; DELETE → 204; deleting again → 404', async () => {
    const { user } = await createUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    const add = await api(server, 'POST', `/api/v1/users/${user.id}/grants`, { ...admin(), body: { role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.health } });
    expectStatus(add, 201, 'add a grant');
    assert.equal(add.json.role, 'unit_handler');
    assert.equal(add.json.scope_id, demo.unit.health);
    assert.equal(add.json.scope_name, '河南省卫生健康委员会');
    let u = (await getUser(server, user.id)).user;
    assert.ok(u.grants.some((g: any) => g.id === add.json.id));
    expectStatus(await api(server, 'DELETE', `/api/v1/users/${user.id}/grants/${add.json.id}`, admin()), 204, 'remove the grant');
    u = (await getUser(server, user.id)).user;
    assert.ok(!u.grants.some((g: any) => g.id === add.json.id));
    assertProblem(await api(server, 'DELETE', `/api/v1/users/${user.id}/grants/${add.json.id}`, admin()), { status: 404 }, 'again');
  });

  test('a grant change bumps the user’s version and ETag (the User representation changed)', async () => {
    const { user } = await createUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    const before = await getUser(server, user.id);
    const add = await api(server, 'POST', `/api/v1/users/${user.id}/grants`, { ...admin(), body: { role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.health } });
    expectStatus(add, 201, 'add a grant');
    const afterAdd = await getUser(server, user.id);
    assert.ok(afterAdd.user.version > before.user.version, `version ${before.user.version} → ${afterAdd.user.version} after a grant add`);
    assert.notEqual(afterAdd.etag, before.etag, 'a new ETag after a grant add');
    expectStatus(await api(server, 'DELETE', `/api/v1/users/${user.id}/grants/${add.json.id}`, admin()), 204, 'remove');
    const afterRemove = await getUser(server, user.id);
    assert.ok(afterRemove.user.version > afterAdd.user.version, 'and after a grant removal');
  });

    test('invalid grant (unknown role, scope missing) → 422 with pointers /role and /scope_id', async () => {
    const { user } = await createUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    const r1 = await api(server, 'POST', `/api/v1/users/${user.id}/grants`, { ...admin(), body: { role: 'emperor', scope_type: 'global' } });
    const p1 = assertProblem(r1, { status: 422 });
    assert.ok(p1.errors.some((e: any) => e.pointer === '/role'), r1.body);
    const r2 = await api(server, 'POST', `/api/v1/users/${user.id}/grants`, { ...admin(), body: { role: 'station_keeper', scope_type: 'station' } });
    const p2 = assertProblem(r2, { status: 422 });
    assert.ok(p2.errors.some((e: any) => e.pointer === '/scope_id'), r2.body);
    const r3 = await api(server, 'POST', `/api/v1/users/${user.id}/grants`, { ...admin(), body: { role: 'staff', scope_type: 'congress', scope_id: 99999999 } });
    const p3 = assertProblem(r3, { status: 422 });
    assert.ok(p3.errors.some((e: any) => e.pointer === '/scope_id'), `a congress that does not exist: ${r3.body}`);
    assert.equal((await getUser(server, user.id)).user.grants.length, 1, 'nothing was added');
  });

  test('a grant on a user that does not exist → 404', async () => {
    assertProblem(await api(server, 'POST', '/api/v1/users/99999999/grants', { ...admin(), body: { role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan } }), { status: 404 });
  });
});

// ---------------------------------------------------------------------------------------
describe('PATCH /api/v1/users/{id}', () => {
  test('without If-Match → 428; stale If-Match → 409 version_conflict; a fresh one → 200 with a new ETag', async () => {
    const { user } = await createUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    assertProblem(await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), body: { display_name: '无条件' } }), { status: 428 });
    const { etag } = await getUser(server, user.id);
    const first = await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), ifMatch: etag, body: { display_name: '第一次' } });
    expectStatus(first, 200, 'first PATCH');
    assert.equal(first.json.display_name, '第一次');
    assert.equal(first.json.version, user.version + 1);
    assert.ok(first.headers['etag'] && first.headers['etag'] !== etag, 'a new ETag');
    assertProblem(
      await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), ifMatch: etag, body: { display_name: '第二次' } }),
      { status: 409, code: 'version_conflict' },
      'stale',
    );
    assert.equal((await getUser(server, user.id)).user.display_name, '第一次');
    expectStatus(await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), ifMatch: first.headers['etag'], body: { display_name: '第二次' } }), 200, 'with the new ETag');
  });

  test('a mobile change is stored and shown masked; GET /contact shows it unmasked', async () => {
    const { user } = await createUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    const { etag } = await getUser(server, user.id);
    const mobile = randomMobile();
    const r = await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), ifMatch: etag, body: { mobile } });
    expectStatus(r, 200, 'PATCH mobile');
    assert.equal(r.json.mobile, masked(mobile));
    assert.ok(!r.body.includes(mobile), 'the full number is not in the User');
    const c = await ok(api(server, 'GET', `/api/v1/users/${user.id}/contact`, admin()), 'contact');
    assert.equal(c.mobile, mobile);
  });

  test('disabling an account revokes its sessions and refuses its logins; enabling lets it back', async () => {
    const { user, password, session } = await activeUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] });
    expectStatus(await api(server, 'GET', '/api/v1/auth/sessions', { session }), 200, 'before');
    let { etag } = await getUser(server, user.id);
    const dis = await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), ifMatch: etag, body: { disabled: true } });
    expectStatus(dis, 200, 'disable');
    assert.equal(dis.json.disabled, true);
    assertProblem(await api(server, 'GET', '/api/v1/auth/sessions', { session }), { status: 401 }, 'the session after disabling');
    const refused = await tryLogin(server, user.username, password);
    assert.ok([401, 403].includes(refused.status), `a disabled account’s login: ${refused.status} ${refused.body}`);
    assert.ok(!refused.cookies.some((c) => c.name === 'huying_session' && c.value), 'no session cookie');
    ({ etag } = await getUser(server, user.id));
    expectStatus(await api(server, 'PATCH', `/api/v1/users/${user.id}`, { ...admin(), ifMatch: etag, body: { disabled: false } }), 200, 'enable');
    await login(server, user.username, password);
  });

  test('a user that does not exist → 404', async () => {
    assertProblem(await api(server, 'GET', '/api/v1/users/99999999', admin()), { status: 404 });
    assertProblem(await api(server, 'PATCH', '/api/v1/users/99999999', { ...admin(), ifMatch: '"1"', body: { display_name: 'x' } }), { status: 404 });
    assertProblem(await api(server, 'POST', '/api/v1/users/99999999/reset-password', admin()), { status: 404 });
    assertProblem(await api(server, 'POST', '/api/v1/users/99999999/revoke-sessions', admin()), { status: 404 });
  });
});

// ---------------------------------------------------------------------------------------
describe('units and stations', () => {
  test('POST /api/v1/units and /stations → 201, then GET by id and in the list', async () => {
    const name = `郑州市测试局${uniqueName('')}`;
    const unit = await ok(api(server, 'POST', '/api/v1/units', { ...admin(), body: { name, congress_id: demo.congress.zhengzhou } }), 'POST unit', 201);
    assert.equal(unit.name, name);
    assert.equal(unit.congress_id, demo.congress.zhengzhou);
    const got = await ok(api(server, 'GET', `/api/v1/units/${unit.id}`, admin()), 'GET unit');
    assert.equal(got.name, name);
    const sname = `测试联络站${uniqueName('')}`;
    const st = await ok(api(server, 'POST', '/api/v1/stations', { ...admin(), body: { name: sname, congress_id: demo.congress.zhengzhou } }), 'POST station', 201);
    assert.equal((await ok(api(server, 'GET', `/api/v1/stations/${st.id}`, admin()), 'GET station')).name, sname);
  });

  test('a unit without a name or with an unknown congress → 422 with pointers', async () => {
    const r = await api(server, 'POST', '/api/v1/units', { ...admin(), body: { name: '', congress_id: 99999999 } });
    const p = assertProblem(r, { status: 422 });
    const ptrs = p.errors.map((e: any) => e.pointer);
    assert.ok(ptrs.includes('/name') && ptrs.includes('/congress_id'), r.body);
  });
});

// ---------------------------------------------------------------------------------------
describe('huying user (CLI)', () => {
  test('user add prints a one-time password that must be changed; reset-password prints a new one; list shows the user', async () => {
    const username = uniqueName('cli.');
    const add = await huyingUser(server, ['add', '--username', username, '--name', '命令行用户', '--congress', String(demo.congress.henan), '--role', 'staff', '--scope', String(demo.congress.henan)]);
    assert.equal(add.code, 0, add.stderr);
    const otp = add.stdout.trim().split('\n').at(-1)!.trim();
    assert.ok(otp.length >= 10, `a one-time password on the last line: ${add.stdout}`);
    const s = await login(server, username, otp);
    assert.equal(s.user.must_change_password, true);
    assert.ok(s.user.grants.some((g: any) => g.role === 'staff' && g.scope_id === demo.congress.henan));
    expectStatus(await api(server, 'POST', '/api/v1/auth/password', { session: s, body: { current_password: otp, new_password: GOOD_PASSWORD } }), 204, 'change');

    const reset = await huyingUser(server, ['reset-password', '--username', username]);
    assert.equal(reset.code, 0, reset.stderr);
    const otp2 = reset.stdout.trim().split('\n').at(-1)!.trim();
    assert.notEqual(otp2, otp);
    assertProblem(await tryLogin(server, username, GOOD_PASSWORD), { status: 401 }, 'the old password after a reset');
    const s2 = await login(server, username, otp2);
    assert.equal(s2.user.must_change_password, true);

    const list = await huyingUser(server, ['list']);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(list.stdout.includes(username), 'user list shows the new user');
    assert.ok(list.stdout.includes('staff.henan'), 'and the demo users');
    assert.ok(!list.stdout.includes('$argon2'), 'no hashes');
  });

  test('user add refuses a duplicate username and an unknown role (non-zero exit)', async () => {
    const dup = await huyingUser(server, ['add', '--username', 'staff.henan', '--name', 'x', '--role', 'staff', '--scope', String(demo.congress.henan)]);
    assert.notEqual(dup.code, 0, 'a duplicate username');
    const bad = await huyingUser(server, ['add', '--username', uniqueName('cli.'), '--name', 'x', '--role', 'emperor']);
    assert.notEqual(bad.code, 0, 'an unknown role');
  });
});

// The password of demo users works (the README documents it).
describe('demo users', () => {
  test('every demo user logs in with the documented password, without a forced change', async () => {
    for (const name of DEMO_USERNAMES) {
      const s = await login(server, name, DEMO_PASSWORD);
      assert.equal(s.user.must_change_password, false, name);
    }
  });
});
