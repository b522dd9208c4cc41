// Authorization by scope (docs/accounts.md "Who sees what"): out-of-scope records answer
// 404 and are absent from lists; in-scope but forbidden actions answer 403; API tokens act
// with exactly their one grant.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, login, type ApiResponse, type Session } from './harness.ts';
import {
  DEMO_PASSWORD,
  assertSameProblem,
  createUser,
  expectStatus,
  findUser,
  freshDay,
  getUser,
  lookupDemo,
  ok,
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

const as = (session: Session) => ({ session });

/** A unit of a congress, made by the administrator's token. */
async function makeUnit(congressId: string, name = `单位${uniqueName('')}`): Promise<any> {
  return ok(api(server, 'POST', '/api/v1/units', { token: server.token, body: { name, congress_id: congressId } }), `POST /api/v1/units ${name}`, 201);
}

async function makeStation(congressId: string, name = `联络站${uniqueName('')}`): Promise<any> {
  return ok(api(server, 'POST', '/api/v1/stations', { token: server.token, body: { name, congress_id: congressId } }), `POST /api/v1/stations ${name}`, 201);
}

/** Every item of a list, all pages. */
async function listAll(p: string, auth: { session?: Session; token?: string }): Promise<{ items: any[]; total: number }> {
  const sep = p.includes('?') ? '&' : '?';
  const res = await api(server, 'GET', `${p}${sep}page_size=200`, auth);
  expectStatus(res, 200, `GET ${p}`);
  assert.ok(Array.isArray(res.json.items), `${p}: items`);
  return { items: res.json.items, total: res.json.total };
}

/** The 404 of a record that does not exist at all, to compare with an out-of-scope one. */
function absent(p: string, auth: { session?: Session; token?: string }): Promise<ApiResponse> {
  return api(server, 'GET', p, auth);
}

// ---------------------------------------------------------------------------------------
describe('county staff', () => {
  test('staff.zhongyuan reading a user, unit or station of 金水区 → 404, indistinguishable from a record that does not exist', async () => {
    const unitJ = await makeUnit(demo.congress.jinshui);
    const s = await login(server, 'staff.zhongyuan', DEMO_PASSWORD);
    const cases: Array<[string, string]> = [
      [`/api/v1/users/${demo.users['staff.jinshui'].id}`, '/api/v1/users/99999999'],
      [`/api/v1/users/${demo.users['keeper.jinshui'].id}`, '/api/v1/users/99999999'],
      [`/api/v1/users/${demo.users['staff.jinshui'].id}/contact`, '/api/v1/users/99999999/contact'],
      [`/api/v1/units/${unitJ.id}`, '/api/v1/units/99999999'],
      [`/api/v1/stations/${demo.station.jinshui}`, '/api/v1/stations/99999999'],
    ];
    for (const [outOfScope, missing] of cases) {
      const a = await api(server, 'GET', outOfScope, as(s));
      assertProblem(a, { status: 404 }, outOfScope);
      const b = await absent(missing, as(s));
      assertProblem(b, { status: 404 }, missing);
      assertSameProblem(a, b, `${outOfScope} vs ${missing}`);
    }
  });

  test('staff.zhongyuan writing to a user of 金水区 → 404 and nothing changes', async () => {
    const target = demo.users['staff.jinshui'];
    const { user: before, etag } = await getUser(server, target.id);
    const s = await login(server, 'staff.zhongyuan', DEMO_PASSWORD);
    assertProblem(await api(server, 'PATCH', `/api/v1/users/${target.id}`, { ...as(s), ifMatch: etag, body: { display_name: '越权修改' } }), { status: 404 }, 'PATCH');
    assertProblem(await api(server, 'POST', `/api/v1/users/${target.id}/reset-password`, as(s)), { status: 404 }, 'reset-password');
    assertProblem(await api(server, 'POST', `/api/v1/users/${target.id}/revoke-sessions`, as(s)), { status: 404 }, 'revoke-sessions');
    assertProblem(
      await api(server, 'POST', `/api/v1/users/${target.id}/grants`, { ...as(s), body: { role: 'staff', scope_type: 'congress', scope_id: demo.congress.zhongyuan } }),
      { status: 404 },
      'add a grant',
    );
    const grantId = before.grants[0].id;
    assertProblem(await api(server, 'DELETE', `/api/v1/users/${target.id}/grants/${grantId}`, as(s)), { status: 404 }, 'remove a grant');
    const { user: afterwards } = await getUser(server, target.id);
    assert.deepEqual(afterwards, before, 'the user is unchanged');
    await login(server, 'staff.jinshui', DEMO_PASSWORD); // the password was not reset
  });

  test('lists of users, units and stations leave out 金水区’s records for staff.zhongyuan (and totals agree)', async () => {
    const unitJ = await makeUnit(demo.congress.jinshui);
    const unitZ = await makeUnit(demo.congress.zhongyuan);
    const stationZ = await makeStation(demo.congress.zhongyuan);
    const s = await login(server, 'staff.zhongyuan', DEMO_PASSWORD);

    const users = await listAll('/api/v1/users', as(s));
    const ids = users.items.map((u: any) => u.id);
    assert.ok(ids.includes(demo.users['staff.zhongyuan'].id), 'their own account is listed');
    for (const name of ['staff.jinshui', 'keeper.jinshui', 'staff.henan', 'admin', 'deputy.zhengzhou']) {
      assert.ok(!ids.includes(demo.users[name].id), `${name} is not listed for staff.zhongyuan`);
    }
    for (const u of users.items) assert.equal(u.congress_id, demo.congress.zhongyuan, `listed user ${u.username} belongs to 中原区`);
    assert.equal(users.total, users.items.length, 'total counts only what the caller may see');

    const q = await listAll('/api/v1/users?q=jinshui', as(s));
    assert.equal(q.total, 0, 'a search for 金水区 users finds nothing');
    assert.equal(q.items.length, 0);

    const units = await listAll('/api/v1/units', as(s));
    assert.ok(units.items.some((u: any) => u.id === unitZ.id), '中原区 unit listed');
    assert.ok(!units.items.some((u: any) => u.id === unitJ.id), '金水区 unit not listed');
    assert.ok(!units.items.some((u: any) => u.id === demo.unit.edu), 'a provincial unit not listed');
    assert.equal(units.total, units.items.length);

    const stations = await listAll('/api/v1/stations', as(s));
    assert.ok(stations.items.some((x: any) => x.id === stationZ.id), '中原区 station listed');
    assert.ok(!stations.items.some((x: any) => x.id === demo.station.jinshui), '金水区 station not listed');
    assert.equal(stations.total, stations.items.length);

    // In scope: the 中原区 unit and station read fine.
    expectStatus(await api(server, 'GET', `/api/v1/units/${unitZ.id}`, as(s)), 200, '中原区 unit');
    expectStatus(await api(server, 'GET', `/api/v1/stations/${stationZ.id}`, as(s)), 200, '中原区 station');
  });

  test('removing a grant takes effect on a live session at once', async () => {
    const { user, otp } = await createUser(server, {
      congress_id: demo.congress.zhongyuan,
      grants: [{ role: 'staff', scope_type: 'congress', scope_id: demo.congress.zhongyuan }],
    });
    const s = await login(server, user.username, otp);
    expectStatus(await api(server, 'POST', '/api/v1/auth/password', { ...as(s), body: { current_password: otp, new_password: 'Tq8#vLm2pZ!w' } }), 204, 'change');
    const target = `/api/v1/users/${demo.users['staff.zhongyuan'].id}`;
    expectStatus(await api(server, 'GET', target, as(s)), 200, 'with the staff grant');
    expectStatus(await api(server, 'DELETE', `/api/v1/users/${user.id}/grants/${user.grants[0].id}`, { token: server.token }), 204, 'remove the grant');
    assertProblem(await api(server, 'GET', target, as(s)), { status: 404 }, 'the same session after the grant is gone');
  });

  test('staff.jinshui sees 金水区’s users, units and station (the same records are there)', async () => {
    const unitJ = await makeUnit(demo.congress.jinshui);
    const s = await login(server, 'staff.jinshui', DEMO_PASSWORD);
    expectStatus(await api(server, 'GET', `/api/v1/users/${demo.users['keeper.jinshui'].id}`, as(s)), 200, 'keeper.jinshui');
    expectStatus(await api(server, 'GET', `/api/v1/units/${unitJ.id}`, as(s)), 200, '金水区 unit');
    expectStatus(await api(server, 'GET', `/api/v1/stations/${demo.station.jinshui}`, as(s)), 200, '金水区 station');
    const users = await listAll('/api/v1/users', as(s));
    assert.ok(users.items.some((u: any) => u.id === demo.users['keeper.jinshui'].id), 'keeper.jinshui listed');
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users['staff.zhongyuan'].id}`, as(s)), { status: 404 }, 'and not 中原区’s');
  });

  test('provincial staff do not manage the users of a city or the administrator → 404', async () => {
    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users['deputy.zhengzhou'].id}`, as(s)), { status: 404 }, 'a 郑州市 deputy');
    const adminId = demo.users.admin.id;
    const { etag } = await getUser(server, adminId);
    assertProblem(await api(server, 'PATCH', `/api/v1/users/${adminId}`, { ...as(s), ifMatch: etag, body: { disabled: true } }), { status: 404 }, 'disable the administrator');
    assertProblem(await api(server, 'POST', `/api/v1/users/${adminId}/reset-password`, as(s)), { status: 404 }, 'reset the administrator’s password');
    assert.equal((await getUser(server, adminId)).user.disabled, false);
    expectStatus(await api(server, 'GET', `/api/v1/users/${demo.users['deputy.henan'].id}`, as(s)), 200, 'a deputy of their own congress');
  });

  // An administrator's account filed under congress 1: staff.henan resetting its password
  // (and reading the one-time password) would hand them the administrator's powers.
  async function adminOfCongress1() {
    const { user } = await createUser(server, { congress_id: demo.congress.henan, grants: [{ role: 'admin', scope_type: 'global' }] });
    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    return { boss: user, s };
  }

  test('staff cannot reset the password of an account of their congress holding an admin grant → 403/404', async () => {
    const { boss, s } = await adminOfCongress1();
    const reset = await api(server, 'POST', `/api/v1/users/${boss.id}/reset-password`, as(s));
    assert.ok([403, 404].includes(reset.status), `reset an admin’s password: ${reset.status} ${reset.body}`);
  });

  test('staff cannot disable an account of their congress holding an admin grant → 403/404', async () => {
    const { boss, s } = await adminOfCongress1();
    const { etag } = await getUser(server, boss.id);
    const dis = await api(server, 'PATCH', `/api/v1/users/${boss.id}`, { ...as(s), ifMatch: etag, body: { disabled: true } });
    assert.ok([403, 404].includes(dis.status), `disable an admin: ${dis.status} ${dis.body}`);
    assert.equal((await getUser(server, boss.id)).user.disabled, false);
  });

  test('staff cannot remove an admin grant → 403/404', async () => {
    const { boss, s } = await adminOfCongress1();
    const revoke = await api(server, 'DELETE', `/api/v1/users/${boss.id}/grants/${boss.grants[0].id}`, as(s));
    assert.ok([403, 404].includes(revoke.status), `remove an admin’s grant: ${revoke.status} ${revoke.body}`);
    assert.ok((await getUser(server, boss.id)).user.grants.some((g: any) => g.role === 'admin'));
  });

  test('staff cannot remove a grant scoped outside their congress (a 金水区 station on a congress-1 user) → 403/404', async () => {
    const { user } = await createUser(server, {
      congress_id: demo.congress.henan,
      grants: [{ role: 'station_keeper', scope_type: 'station', scope_id: demo.station.jinshui }],
    });
    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    const res = await api(server, 'DELETE', `/api/v1/users/${user.id}/grants/${user.grants[0].id}`, as(s));
    assert.ok([403, 404].includes(res.status), `remove a 金水区 station grant: ${res.status} ${res.body}`);
    assert.equal((await getUser(server, user.id)).user.grants.length, 1);
  });

  test('leaders and committee members read but do not manage users → 403 on create', async () => {
    for (const name of ['leader.henan', 'committee.henan']) {
      const s = await login(server, name, DEMO_PASSWORD);
      const res = await api(server, 'POST', '/api/v1/users', {
        ...as(s),
        body: { username: uniqueName('l.'), display_name: 'x', congress_id: demo.congress.henan, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }] },
      });
      assertProblem(res, { status: 403 }, name);
    }
  });

  test('staff create users in their own congress only, and cannot grant admin or another congress’s roles', async () => {
    const s = await login(server, 'staff.zhongyuan', DEMO_PASSWORD);
    const own = await api(server, 'POST', '/api/v1/users', {
      ...as(s),
      body: {
        username: uniqueName('zy.'),
        display_name: '中原区代表',
        congress_id: demo.congress.zhongyuan,
        grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.zhongyuan }],
      },
    });
    expectStatus(own, 201, 'a deputy of 中原区');
    assert.equal(own.json.user.congress_id, demo.congress.zhongyuan);

    const attempts: Array<[string, any]> = [
      ['an admin grant', { congress_id: demo.congress.zhongyuan, grants: [{ role: 'admin', scope_type: 'global' }] }],
      ['staff of 金水区', { congress_id: demo.congress.zhongyuan, grants: [{ role: 'staff', scope_type: 'congress', scope_id: demo.congress.jinshui }] }],
      ['a user of 金水区', { congress_id: demo.congress.jinshui, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.jinshui }] }],
      ['a handler of a provincial unit', { congress_id: demo.congress.zhongyuan, grants: [{ role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.edu }] }],
    ];
    for (const [what, body] of attempts) {
      const username = uniqueName('esc.');
      const res = await api(server, 'POST', '/api/v1/users', { ...as(s), body: { username, display_name: '越权', ...body } });
      assert.ok([403, 404, 422].includes(res.status), `${what}: refused with 403/404/422, got ${res.status} ${res.body}`);
      assertProblem(res, { status: res.status }, what);
      assert.equal(await findUser(server, username), undefined, `${what}: no user was created`);
    }

    // Granting themselves another congress's staff role through the grants endpoint.
    const me = demo.users['staff.zhongyuan'];
    const self = await api(server, 'POST', `/api/v1/users/${me.id}/grants`, { ...as(s), body: { role: 'staff', scope_type: 'congress', scope_id: demo.congress.jinshui } });
    assert.ok([403, 404, 422].includes(self.status), `self-grant of 金水区 staff: ${self.status} ${self.body}`);
    assert.ok(!(await getUser(server, me.id)).user.grants.some((x: any) => x.scope_id === demo.congress.jinshui), 'no 金水区 grant was added');

    // Adding an admin grant to a user of their own congress is refused as well.
    const target = own.json.user;
    const g = await api(server, 'POST', `/api/v1/users/${target.id}/grants`, { ...as(s), body: { role: 'admin', scope_type: 'global' } });
    assert.ok([403, 422].includes(g.status), `admin grant by staff: ${g.status} ${g.body}`);
    const { user } = await getUser(server, target.id);
    assert.ok(!user.grants.some((x: any) => x.role === 'admin'), 'no admin grant was added');
  });
});

// ---------------------------------------------------------------------------------------
describe('unit handlers', () => {
  test('handler.edu reading unit 2 (河南省卫生健康委员会) → 404, their own unit 1 → 200', async () => {
    const s = await login(server, 'handler.edu', DEMO_PASSWORD);
    const own = await api(server, 'GET', `/api/v1/units/${demo.unit.edu}`, as(s));
    expectStatus(own, 200, 'own unit');
    assert.equal(own.json.name, '河南省教育厅');
    const other = await api(server, 'GET', `/api/v1/units/${demo.unit.health}`, as(s));
    assertProblem(other, { status: 404 }, 'another unit');
    assertSameProblem(other, await absent('/api/v1/units/99999999', as(s)), 'another unit vs no unit');
    const units = await listAll('/api/v1/units', as(s));
    assert.deepEqual(units.items.map((u: any) => u.id), [demo.unit.edu], 'the list holds only their unit');
    assert.equal(units.total, 1);
  });

  test('head.edu (unit head) reading unit 2 → 404, unit 1 → 200', async () => {
    const s = await login(server, 'head.edu', DEMO_PASSWORD);
    expectStatus(await api(server, 'GET', `/api/v1/units/${demo.unit.edu}`, as(s)), 200, 'own unit');
    assertProblem(await api(server, 'GET', `/api/v1/units/${demo.unit.health}`, as(s)), { status: 404 }, 'another unit');
  });

  test('handler.edu reading the account of another unit’s handler → 404', async () => {
    const s = await login(server, 'handler.edu', DEMO_PASSWORD);
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users['handler.health'].id}`, as(s)), { status: 404 });
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users['handler.health'].id}/contact`, as(s)), { status: 404 });
  });

  test('a unit handler may read but not create units, users or tokens → 403', async () => {
    const s = await login(server, 'handler.edu', DEMO_PASSWORD);
    const r1 = await api(server, 'POST', '/api/v1/units', { ...as(s), body: { name: '新单位', congress_id: demo.congress.henan } });
    assert.ok([403, 404].includes(r1.status), `POST /units: ${r1.status}`);
    assertProblem(r1, { status: r1.status });
    const r2 = await api(server, 'POST', '/api/v1/users', {
      ...as(s),
      body: { username: uniqueName('h.'), display_name: 'x', congress_id: demo.congress.henan, grants: [{ role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.edu }] },
    });
    assert.ok([403, 404].includes(r2.status), `POST /users: ${r2.status}`);
    assertProblem(
      await api(server, 'POST', '/api/v1/api-tokens', { ...as(s), body: { name: 'x', role: 'admin', scope_type: 'global', expires_in_days: 1 } }),
      { status: 403 },
      'POST /api-tokens',
    );
  });
});

// ---------------------------------------------------------------------------------------
describe('station keepers', () => {
  test('keeper.jinshui reads their station → 200, another station → 404, and lists only theirs', async () => {
    const stationZ = await makeStation(demo.congress.zhongyuan);
    const stationJ2 = await makeStation(demo.congress.jinshui);
    const s = await login(server, 'keeper.jinshui', DEMO_PASSWORD);
    expectStatus(await api(server, 'GET', `/api/v1/stations/${demo.station.jinshui}`, as(s)), 200, 'own station');
    assertProblem(await api(server, 'GET', `/api/v1/stations/${stationZ.id}`, as(s)), { status: 404 }, 'a 中原区 station');
    assertProblem(await api(server, 'GET', `/api/v1/stations/${stationJ2.id}`, as(s)), { status: 404 }, 'another station of the same congress');
    const list = await listAll('/api/v1/stations', as(s));
    assert.deepEqual(list.items.map((x: any) => x.id), [demo.station.jinshui]);
  });
});

// ---------------------------------------------------------------------------------------
describe('deputies', () => {
  test('deputy.henan editing another deputy’s account (deputy.zhengzhou) → 404; their own → 200', async () => {
    const other = demo.users['deputy.zhengzhou'];
    const { etag: otherTag, user: otherBefore } = await getUser(server, other.id);
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    assertProblem(await api(server, 'GET', `/api/v1/users/${other.id}`, as(s)), { status: 404 }, 'read another deputy');
    assertProblem(
      await api(server, 'PATCH', `/api/v1/users/${other.id}`, { ...as(s), ifMatch: otherTag, body: { display_name: '被改了' } }),
      { status: 404 },
      'edit another deputy',
    );
    const { user: otherAfter } = await getUser(server, other.id);
    assert.equal(otherAfter.display_name, otherBefore.display_name, 'unchanged');

    const me = await api(server, 'GET', `/api/v1/users/${s.user.id}`, as(s));
    expectStatus(me, 200, 'read own account');
    const name = `河南代表${uniqueName('')}`;
    const patched = await api(server, 'PATCH', `/api/v1/users/${s.user.id}`, { ...as(s), ifMatch: me.headers['etag'], body: { display_name: name } });
    expectStatus(patched, 200, 'edit own account');
    assert.equal(patched.json.display_name, name);
    assert.equal((await getUser(server, s.user.id)).user.display_name, name);
  });

  test('a deputy disabling their own account → 403 (in scope, not allowed)', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const me = await api(server, 'GET', `/api/v1/users/${s.user.id}`, as(s));
    assertProblem(await api(server, 'PATCH', `/api/v1/users/${s.user.id}`, { ...as(s), ifMatch: me.headers['etag'], body: { disabled: true } }), { status: 403 });
    assert.equal((await getUser(server, s.user.id)).user.disabled, false);
  });

  test('a deputy cannot grant themselves a role → 403 or 404', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const res = await api(server, 'POST', `/api/v1/users/${s.user.id}/grants`, { ...as(s), body: { role: 'admin', scope_type: 'global' } });
    assert.ok([403, 404].includes(res.status), `${res.status} ${res.body}`);
    assert.ok(!(await getUser(server, s.user.id)).user.grants.some((g: any) => g.role === 'admin'));
  });

  test('a deputy reading the audit trail → 403', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    assertProblem(await api(server, 'GET', '/api/v1/audit', as(s)), { status: 403 });
    assertProblem(await api(server, 'GET', '/api/v1/audit/export', as(s)), { status: 403 });
  });
});

// ---------------------------------------------------------------------------------------
describe('API tokens', () => {
  async function makeToken(body: Record<string, unknown>): Promise<{ id: any; token: string }> {
    const j = await ok(api(server, 'POST', '/api/v1/api-tokens', { token: server.token, body }), 'POST /api/v1/api-tokens', 201);
    assert.equal(typeof j.token, 'string');
    assert.ok(j.token.length >= 20, 'a token of some strength');
    return j;
  }

  test('a token with role unit_handler scope unit 1: unit 1 → 200, unit 2 → 404, creating a user → 403/404', async () => {
    const { token } = await makeToken({ name: '教育厅接口', role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.edu, expires_in_days: 30 });
    expectStatus(await api(server, 'GET', `/api/v1/units/${demo.unit.edu}`, { token }), 200, 'own unit');
    assertProblem(await api(server, 'GET', `/api/v1/units/${demo.unit.health}`, { token }), { status: 404 }, 'another unit');
    const units = await listAll('/api/v1/units', { token });
    assert.deepEqual(units.items.map((u: any) => u.id), [demo.unit.edu]);
    const create = await api(server, 'POST', '/api/v1/users', {
      token,
      body: { username: uniqueName('tok.'), display_name: 'x', congress_id: demo.congress.henan, grants: [{ role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.edu }] },
    });
    assert.ok([403, 404].includes(create.status), `create a user: ${create.status} ${create.body}`);
    assertProblem(create, { status: create.status });
    assertProblem(
      await api(server, 'POST', '/api/v1/api-tokens', { token, body: { name: 'x', role: 'admin', scope_type: 'global', expires_in_days: 1 } }),
      { status: 403 },
      'a unit token minting tokens',
    );
    assertProblem(await api(server, 'GET', '/api/v1/audit', { token }), { status: 403 }, 'audit');
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users['handler.health'].id}`, { token }), { status: 404 }, 'a user of unit 2');
  });

  test('a token of 郑州市 staff does not reach 河南省 or 金水区 users', async () => {
    const { token } = await makeToken({ name: '12345 热线', role: 'staff', scope_type: 'congress', scope_id: demo.congress.zhengzhou, expires_in_days: 30 });
    expectStatus(await api(server, 'GET', `/api/v1/users/${demo.users['deputy.zhengzhou'].id}`, { token }), 200, 'a 郑州市 user');
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users['deputy.henan'].id}`, { token }), { status: 404 }, 'a 河南省 user');
    assertProblem(await api(server, 'GET', `/api/v1/users/${demo.users['staff.jinshui'].id}`, { token }), { status: 404 }, 'a 金水区 user');
  });

  test('a revoked token → 401', async () => {
    const { id, token } = await makeToken({ name: '撤销测试', role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.edu, expires_in_days: 30 });
    expectStatus(await api(server, 'GET', `/api/v1/units/${demo.unit.edu}`, { token }), 200, 'before');
    expectStatus(await api(server, 'POST', `/api/v1/api-tokens/${id}/revoke`, { token: server.token }), 204, 'revoke');
    assertProblem(await api(server, 'GET', `/api/v1/units/${demo.unit.edu}`, { token }), { status: 401 }, 'after revoking');
  });

  test('an expired token → 401 (the clock moves past expires_in_days)', async () => {
    const { token } = await makeToken({ name: '过期测试', role: 'unit_handler', scope_type: 'unit', scope_id: demo.unit.edu, expires_in_days: 1 });
    server.clock.advance(23 * 60);
    expectStatus(await api(server, 'GET', `/api/v1/units/${demo.unit.edu}`, { token }), 200, 'after 23 hours');
    server.clock.advance(2 * 60);
    assertProblem(await api(server, 'GET', `/api/v1/units/${demo.unit.edu}`, { token }), { status: 401 }, 'after 25 hours');
  });

  test('the token is shown once: the list has its name and grant, never the secret', async () => {
    const name = `列表测试${uniqueName('')}`;
    const { id, token } = await makeToken({ name, role: 'unit_head', scope_type: 'unit', scope_id: demo.unit.health, expires_in_days: 7 });
    const list = await api(server, 'GET', '/api/v1/api-tokens?page_size=200', { token: server.token });
    expectStatus(list, 200, 'GET /api/v1/api-tokens');
    const item = list.json.items.find((t: any) => String(t.id) === String(id));
    assert.ok(item, 'the new token is listed');
    assert.equal(item.name, name);
    assert.ok(!list.body.includes(token), 'the secret is not in the list');
  });

  test('only administrators manage tokens: staff.henan → 403', async () => {
    const s = await login(server, 'staff.henan', DEMO_PASSWORD);
    assertProblem(
      await api(server, 'POST', '/api/v1/api-tokens', { ...as(s), body: { name: 'x', role: 'staff', scope_type: 'congress', scope_id: demo.congress.henan, expires_in_days: 1 } }),
      { status: 403 },
    );
    assertProblem(await api(server, 'GET', '/api/v1/api-tokens', as(s)), { status: 403 });
  });

  test('a token with an invalid grant → 422 with pointers', async () => {
    const bad = await api(server, 'POST', '/api/v1/api-tokens', {
      token: server.token,
      body: { name: 'x', role: 'galaxy_emperor', scope_type: 'global', expires_in_days: 1 },
    });
    const p = assertProblem(bad, { status: 422 });
    assert.ok(p.errors?.some((e: any) => e.pointer === '/role'), `pointer /role in ${bad.body}`);
    const noScope = await api(server, 'POST', '/api/v1/api-tokens', {
      token: server.token,
      body: { name: 'x', role: 'unit_handler', scope_type: 'unit', expires_in_days: 1 },
    });
    const q = assertProblem(noScope, { status: 422 });
    assert.ok(q.errors?.some((e: any) => e.pointer === '/scope_id'), `pointer /scope_id in ${noScope.body}`);
  });
});
