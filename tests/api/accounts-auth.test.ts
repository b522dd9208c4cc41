// Authentication (docs/accounts.md): login, indistinguishable failures, lockout, the
// password policy, the forced change at first login, sessions (idle and absolute expiry,
// logout, revocation), CSRF and the login rate limits. Time moves through the server's
// clock file; nothing sleeps.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  assertProblem,
  login,
  startServer,
  tryLogin,
  type ApiResponse,
  type Session,
} from './harness.ts';
import {
  DEMO_PASSWORD,
  GOOD_PASSWORD,
  OTHER_GOOD_PASSWORD,
  activeUser,
  assertSameProblem,
  auditRows,
  createUser,
  dumpDatabase,
  expectStatus,
  freshDay,
  lookupDemo,
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

/**
 * A user whose password is GOOD_PASSWORD (and who need not change it), with the session
 * of the one login that took (one login attempt for this username).
 */
async function plainUser(congressKey: keyof Demo['congress'] = 'henan') {
  return activeUser(server, {
    congress_id: demo.congress[congressKey],
    grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress[congressKey] }],
  });
}

/** GET /api/v1/auth/sessions with the session: 200 while it lives. */
function touch(session: Session) {
  return api(server, 'GET', '/api/v1/auth/sessions', { session });
}

function assertRetryAfter(res: ApiResponse, maxSeconds: number, what: string): number {
  const ra = res.headers['retry-after'];
  assert.ok(ra, `${what}: Retry-After present`);
  assert.match(ra, /^\d+$/, `${what}: Retry-After is delta-seconds (${ra})`);
  const n = Number(ra);
  assert.ok(n >= 1 && n <= maxSeconds, `${what}: Retry-After ${n} within 1..${maxSeconds}`);
  return n;
}

// ---------------------------------------------------------------------------------------
describe('login', () => {
  test('the right password → 200 with user, csrf_token, expires_at and an HttpOnly SameSite=Strict Path=/ cookie (no Secure by default)', async () => {
    const res = await tryLogin(server, 'deputy.henan', DEMO_PASSWORD);
    expectStatus(res, 200, 'login');
    const u = res.json.user;
    assert.equal(u.username, 'deputy.henan');
    assert.equal(u.id, demo.users['deputy.henan'].id);
    assert.equal(u.must_change_password, false);
    assert.ok(Array.isArray(u.grants) && u.grants.some((g: any) => g.role === 'deputy'), 'the deputy grant');
    for (const k of Object.keys(u)) assert.doesNotMatch(k, /hash|^password$|secret/i, `user carries no secret field (${k})`);
    assert.equal(typeof res.json.csrf_token, 'string');
    assert.ok(res.json.csrf_token.length >= 16, 'a CSRF token of some strength');
    const exp = Date.parse(res.json.expires_at);
    assert.ok(!Number.isNaN(exp), `expires_at is ISO-8601: ${res.json.expires_at}`);
    assert.ok(exp > server.clock.now().getTime(), 'expires_at is in the future (server clock)');
    assert.ok(exp <= server.clock.now().getTime() + 12 * 3600_000, 'expires_at within the 12 h lifetime');

    const c = res.cookies.find((k) => k.name === 'huying_session');
    assert.ok(c, `huying_session cookie: ${JSON.stringify(res.cookies.map((k) => k.raw))}`);
    assert.ok(c.value.length >= 20, 'a session token of some strength');
    assert.ok('httponly' in c.attrs, `HttpOnly: ${c.raw}`);
    assert.equal(c.attrs['samesite']?.toLowerCase(), 'strict', `SameSite=Strict: ${c.raw}`);
    assert.equal(c.attrs['path'], '/', `Path=/: ${c.raw}`);
    assert.ok(!('secure' in c.attrs), `no Secure without secure_cookies: ${c.raw}`);
    assert.ok(!('domain' in c.attrs), `host-only cookie: ${c.raw}`);
    assert.ok(!/deputy|henan/i.test(c.value), 'the cookie value is opaque');

    // GET /api/v1/auth/session answers the same user and a CSRF token that works.
    const session: Session = { cookie: `huying_session=${c.value}`, csrf: res.json.csrf_token, user: u, expiresAt: res.json.expires_at, setCookie: c };
    const s = await api(server, 'GET', '/api/v1/auth/session', { session, csrf: false });
    expectStatus(s, 200, 'GET /api/v1/auth/session');
    assert.equal(s.json.user.id, u.id);
    assert.equal(typeof s.json.csrf_token, 'string');
    const out = await api(server, 'POST', '/api/v1/auth/logout', { session, csrf: s.json.csrf_token });
    expectStatus(out, 204, 'logout with the CSRF token from /auth/session');
  });

  test('the session token and passwords are stored only as hashes', async () => {
    const mobile = randomMobile();
    const { user, otp } = await createUser(server, {
      congress_id: demo.congress.henan,
      mobile,
      grants: [{ role: 'staff', scope_type: 'congress', scope_id: demo.congress.henan }],
    });
    const s = await login(server, user.username, otp);
    const r = await api(server, 'POST', '/api/v1/auth/password', { session: s, body: { current_password: otp, new_password: GOOD_PASSWORD } });
    expectStatus(r, 204, 'password change');
    const dump = await dumpDatabase(server.db);
    const token = s.cookie.split('=').slice(1).join('=');
    assert.ok(!dump.includes(token), 'the session token is not in the database in clear');
    assert.ok(!dump.includes(otp), 'the one-time password is not in the database in clear');
    assert.ok(!dump.includes(GOOD_PASSWORD), 'the password is not in the database in clear');
    assert.ok(!dump.includes(DEMO_PASSWORD), 'the demo password is not in the database in clear');
    assert.match(dump, /\$argon2id\$/, 'passwords are argon2id hashes');
  });

  test('a mobile number logs in like the username', async () => {
    const mobile = randomMobile();
    const { user, otp } = await createUser(server, {
      congress_id: demo.congress.henan,
      mobile,
      grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }],
    });
    const s = await login(server, mobile, otp);
    assert.equal(s.user.id, user.id);
  });

  test('a wrong password → 401 invalid_credentials and no session cookie', async () => {
    const res = await tryLogin(server, 'deputy.henan', 'Wrong#Password1');
    assertProblem(res, { status: 401, code: 'invalid_credentials' });
    assert.ok(!res.cookies.some((c) => c.name === 'huying_session' && c.value), 'no session cookie');
  });

  test('an unknown username → the same 401 as a wrong password: status, body apart from instance, headers', async () => {
    const wrong = await tryLogin(server, 'deputy.henan', 'Wrong#Password1');
    const unknown = await tryLogin(server, uniqueName('ghost.'), 'Wrong#Password1');
    assertProblem(wrong, { status: 401, code: 'invalid_credentials' });
    assertProblem(unknown, { status: 401, code: 'invalid_credentials' });
    assertSameProblem(wrong, unknown, 'wrong password vs unknown user');
    const names = (r: ApiResponse) => Object.keys(r.headers).sort();
    assert.deepEqual(names(unknown), names(wrong), 'the same header names');
    for (const [k, v] of Object.entries(wrong.headers)) {
      if (['date', 'x-request-id', 'content-length'].includes(k)) continue;
      assert.equal(unknown.headers[k], v, `header ${k}`);
    }
    assert.deepEqual(unknown.cookies.map((c) => c.raw), wrong.cookies.map((c) => c.raw), 'the same cookies (none)');
  });

  test('an unknown username costs the server as much as a wrong password (a dummy hash, no timing oracle)', async () => {
    // One-sided: fails only when unknown names answer far faster than known ones, which
    // is what skipping the password hash for unknown users looks like. 4 attempts each,
    // below the lockout.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      let t = performance.now();
      expectStatus(await tryLogin(server, 'committee.henan', `Wrong#Pass${i}x`), 401, 'known');
      known.push(performance.now() - t);
      t = performance.now();
      expectStatus(await tryLogin(server, uniqueName('ghost.'), `Wrong#Pass${i}x`), 401, 'unknown');
      unknown.push(performance.now() - t);
    }
    assert.ok(
      median(unknown) >= 0.3 * median(known),
      `unknown ${unknown.map((x) => x.toFixed(1)).join('/')} ms vs known ${known.map((x) => x.toFixed(1)).join('/')} ms`,
    );
  });

  test('a login never adopts a session id the client brings (no session fixation)', async () => {
    const planted = 'huying_session=' + 'A'.repeat(43);
    const res = await api(server, 'POST', '/api/v1/auth/login', { body: { username: 'deputy.henan', password: DEMO_PASSWORD }, headers: { cookie: planted } });
    expectStatus(res, 200, 'login with a planted cookie');
    const c = res.cookies.find((k) => k.name === 'huying_session');
    assert.ok(c && `huying_session=${c.value}` !== planted, 'a fresh session id');
    assertProblem(await api(server, 'GET', '/api/v1/auth/sessions', { headers: { cookie: planted } }), { status: 401 }, 'the planted id');
    const again = await login(server, 'deputy.henan', DEMO_PASSWORD);
    assert.notEqual(again.cookie, `huying_session=${c!.value}`, 'every login gets its own session');
  });

  test('an empty or missing password or username → not 200, no cookie', async () => {
    for (const body of [{ username: 'deputy.henan', password: '' }, { username: '', password: DEMO_PASSWORD }, { username: 'deputy.henan' }]) {
      const res = await api(server, 'POST', '/api/v1/auth/login', { body });
      assert.ok([400, 401, 422].includes(res.status), `${JSON.stringify(body)} → ${res.status} ${res.body}`);
      assertProblem(res, { status: res.status });
      assert.ok(!res.cookies.some((c) => c.name === 'huying_session' && c.value), 'no session cookie');
    }
  });

  test('a forged or unknown session cookie → 401', async () => {
    const res = await api(server, 'GET', '/api/v1/auth/sessions', { headers: { cookie: 'huying_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    assertProblem(res, { status: 401 });
    const none = await api(server, 'GET', '/api/v1/auth/session');
    assertProblem(none, { status: 401 });
  });
});

// ---------------------------------------------------------------------------------------
describe('lockout', () => {
  test('5 failures within 15 minutes lock the account: the 6th attempt, right password or not, is 429 account_locked with Retry-After — the same for an unknown username', async () => {
    const { user, password } = await plainUser();
    const ghost = uniqueName('ghost.');
    for (let i = 1; i <= 5; i++) {
      server.clock.advance(1); // five failures spread over five minutes, inside the window
      assertProblem(await tryLogin(server, user.username, `Wrong#Pass${i}x`), { status: 401, code: 'invalid_credentials' }, `known failure ${i}`);
      assertProblem(await tryLogin(server, ghost, `Wrong#Pass${i}x`), { status: 401, code: 'invalid_credentials' }, `unknown failure ${i}`);
    }
    const locked = await tryLogin(server, user.username, password);
    assertProblem(locked, { status: 429, code: 'account_locked' }, 'the right password while locked');
    assert.ok(!locked.cookies.some((c) => c.name === 'huying_session' && c.value), 'no session while locked');
    const ra = assertRetryAfter(locked, 15 * 60, 'known user');
    const ghostLocked = await tryLogin(server, ghost, password);
    assertProblem(ghostLocked, { status: 429, code: 'account_locked' }, 'an unknown username locks the same way');
    assert.equal(assertRetryAfter(ghostLocked, 15 * 60, 'unknown user'), ra, 'the same Retry-After');
    assertSameProblem(locked, ghostLocked, 'locked known user vs locked unknown username');
    assertProblem(await tryLogin(server, user.username, 'Wrong#PassX'), { status: 429, code: 'account_locked' }, 'a wrong password while locked');
    // Another account is not affected.
    await login(server, 'deputy.henan', DEMO_PASSWORD);
  });

  test('the lock is released after the window: 16 minutes later the right password logs in', async () => {
    const { user, password } = await plainUser();
    const ghost = uniqueName('ghost.');
    for (let i = 1; i <= 5; i++) {
      assertProblem(await tryLogin(server, user.username, `Wrong#Pass${i}x`), { status: 401 }, `failure ${i}`);
      assertProblem(await tryLogin(server, ghost, `Wrong#Pass${i}x`), { status: 401 }, `unknown failure ${i}`);
    }
    assertProblem(await tryLogin(server, user.username, password), { status: 429, code: 'account_locked' });
    server.clock.advance(14);
    assertProblem(await tryLogin(server, user.username, password), { status: 429, code: 'account_locked' }, 'still locked after 14 minutes');
    server.clock.advance(2);
    const s = await login(server, user.username, password);
    assert.equal(s.user.id, user.id);
    assertProblem(await tryLogin(server, ghost, 'Wrong#PassX'), { status: 401, code: 'invalid_credentials' }, 'the unknown username is released too');
  });

  test('failures older than 15 minutes do not count towards the lockout', async () => {
    const { user, password } = await plainUser();
    for (let i = 1; i <= 4; i++) assertProblem(await tryLogin(server, user.username, `Wrong#Pass${i}x`), { status: 401 });
    server.clock.advance(16);
    assertProblem(await tryLogin(server, user.username, 'Wrong#Pass5x'), { status: 401, code: 'invalid_credentials' }, 'a 5th failure outside the window');
    const s = await login(server, user.username, password);
    assert.equal(s.user.id, user.id);
  });

  test('a lockout is audited', async () => {
    const { user } = await plainUser();
    server.clock.advance(1);
    const from = server.clock.iso(-0.5);
    for (let i = 1; i <= 5; i++) await tryLogin(server, user.username, `Wrong#Pass${i}x`);
    await tryLogin(server, user.username, GOOD_PASSWORD);
    const rows = await auditRows(server, { from, to: server.clock.iso(0.5) });
    const lock = rows.filter((r) => /lock/i.test(r.action));
    assert.ok(lock.length >= 1, `an audit row for the lockout among ${JSON.stringify(rows.map((r) => r.action))}`);
    assert.ok(
      lock.some((r) => String(r.record_id) === String(user.id) || JSON.stringify(r).includes(user.username)),
      `the lockout row names the account: ${JSON.stringify(lock)}`,
    );
  });
});

// ---------------------------------------------------------------------------------------
describe('password policy', () => {
  // Each rule on the forced change of a new account's one-time password.
  async function newAccount() {
    const { user, otp } = await createUser(server, {
      username: uniqueName('pol.'),
      congress_id: demo.congress.henan,
      grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }],
    });
    const session = await login(server, user.username, otp);
    return { user, otp, session };
  }

  async function rejected(newPassword: (username: string) => string, rule: string) {
    const { user, otp, session } = await newAccount();
    const res = await api(server, 'POST', '/api/v1/auth/password', {
      session,
      body: { current_password: otp, new_password: newPassword(user.username) },
    });
    const p = assertProblem(res, { status: 422 }, rule);
    assert.ok(Array.isArray(p.errors), `${rule}: errors[]`);
    assert.ok(p.errors.some((e: any) => e.pointer === '/new_password'), `${rule}: pointer /new_password in ${res.body}`);
    assert.ok(!p.errors.some((e: any) => e.pointer === '/current_password'), `${rule}: the current password was right`);
    // Nothing changed: the one-time password still logs in, still with a forced change.
    const again = await login(server, user.username, otp);
    assert.equal(again.user.must_change_password, true);
  }

  test('shorter than 10 characters → 422 /new_password', () => rejected(() => 'Ab3$efg9', 'too short'));
  test('9 characters of all 4 classes → 422 /new_password', () => rejected(() => 'Ab3$efg9h', 'too short by one'));
  test('fewer than 3 of the 4 classes (lower + digits only) → 422 /new_password', () => rejected(() => 'abcdefgh123456', 'two classes'));
  test('one class only, however long → 422 /new_password', () => rejected(() => 'abcdefghijklmnopqrstuvwxyz', 'one class'));
  test('containing the username → 422 /new_password', () => rejected((u) => `X9!${u}`, 'contains the username'));
  test('containing the username in other case → 422 /new_password', () => rejected((u) => `x9!${u.toUpperCase()}`, 'contains the username (case)'));
  test('a common password (Password123!) → 422 /new_password', () => rejected(() => 'Password123!', 'common password'));

  test('a wrong current password → 422 /current_password', async () => {
    const { session } = await newAccount();
    const res = await api(server, 'POST', '/api/v1/auth/password', {
      session,
      body: { current_password: 'Not#The1Password', new_password: GOOD_PASSWORD },
    });
    const p = assertProblem(res, { status: 422 });
    assert.ok(p.errors?.some((e: any) => e.pointer === '/current_password'), `pointer /current_password in ${res.body}`);
  });

  test('a compliant password (10 characters, 3 classes) → 204; the new one logs in, the old one no longer', async () => {
    const { user, otp, session } = await newAccount();
    const res = await api(server, 'POST', '/api/v1/auth/password', {
      session,
      body: { current_password: otp, new_password: 'kestrel#42' },
    });
    expectStatus(res, 204, 'a 10-character, 3-class password');
    assertProblem(await tryLogin(server, user.username, otp), { status: 401, code: 'invalid_credentials' }, 'the old password');
    const s = await login(server, user.username, 'kestrel#42');
    assert.equal(s.user.must_change_password, false);
  });
});

// ---------------------------------------------------------------------------------------
describe('forced change at first login', () => {
  test('an account created by an administrator answers 403 password_change_required to every other call until POST /api/v1/auth/password', async () => {
    const { user, otp } = await createUser(server, {
      congress_id: demo.congress.henan,
      grants: [{ role: 'staff', scope_type: 'congress', scope_id: demo.congress.henan }],
    });
    assert.equal(user.must_change_password, true, 'a new account must change its password');
    const session = await login(server, user.username, otp);
    assert.equal(session.user.must_change_password, true, 'the login answer says so');
    for (const [method, p, body] of [
      ['GET', `/api/v1/users/${user.id}`, undefined],
      ['GET', '/api/v1/users', undefined],
      ['GET', '/api/v1/units', undefined],
      ['GET', '/api/v1/audit', undefined],
      ['GET', '/api/v1/auth/sessions', undefined],
      ['PATCH', `/api/v1/users/${user.id}`, { display_name: '改名' }],
    ] as const) {
      const res = await api(server, method, p, { session, body, ifMatch: method === 'PATCH' ? '"1"' : undefined });
      assertProblem(res, { status: 403, code: 'password_change_required' }, `${method} ${p}`);
    }
    const ch = await api(server, 'POST', '/api/v1/auth/password', { session, body: { current_password: otp, new_password: GOOD_PASSWORD } });
    expectStatus(ch, 204, 'the forced change');
    // The same session now works.
    const me = await api(server, 'GET', `/api/v1/users/${user.id}`, { session });
    expectStatus(me, 200, 'GET own account after the change');
    assert.equal(me.json.must_change_password, false);
    expectStatus(await api(server, 'GET', '/api/v1/units', { session }), 200, 'GET /api/v1/units after the change');
    const s2 = await login(server, user.username, GOOD_PASSWORD);
    assert.equal(s2.user.must_change_password, false);
  });

  test('an administrator’s password reset forces a change again and the previous password stops working', async () => {
    const { user, password } = await plainUser();
    const r = await api(server, 'POST', `/api/v1/users/${user.id}/reset-password`, { token: server.token });
    expectStatus(r, 200, 'reset-password');
    const otp = r.json.one_time_password;
    assert.equal(typeof otp, 'string');
    assert.notEqual(otp, password);
    assertProblem(await tryLogin(server, user.username, password), { status: 401, code: 'invalid_credentials' }, 'the previous password');
    const s = await login(server, user.username, otp);
    assert.equal(s.user.must_change_password, true);
    assertProblem(await api(server, 'GET', `/api/v1/users/${user.id}`, { session: s }), { status: 403, code: 'password_change_required' });
    expectStatus(
      await api(server, 'POST', '/api/v1/auth/password', { session: s, body: { current_password: otp, new_password: OTHER_GOOD_PASSWORD } }),
      204,
      'change after reset',
    );
    expectStatus(await api(server, 'GET', `/api/v1/users/${user.id}`, { session: s }), 200, 'works after the change');
  });
});

// ---------------------------------------------------------------------------------------
describe('sessions', () => {
  test('idle timeout: 31 minutes without a request → 401 session_expired', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    expectStatus(await touch(s), 200, 'fresh session');
    server.clock.advance(31);
    assertProblem(await touch(s), { status: 401, code: 'session_expired' }, 'after 31 idle minutes');
    assertProblem(await api(server, 'GET', '/api/v1/auth/session', { session: s }), { status: 401 }, 'GET /auth/session');
    assertProblem(await touch(s), { status: 401, code: 'session_expired' }, 'a refused request does not revive it');
  });

  test('activity keeps a session alive: +20 min, request, +20 min, request → still valid', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    server.clock.advance(20);
    expectStatus(await touch(s), 200, 'after 20 minutes');
    server.clock.advance(20);
    expectStatus(await touch(s), 200, 'after 40 minutes, 20 idle');
    server.clock.advance(29);
    expectStatus(await touch(s), 200, 'after 29 more idle minutes');
  });

  test('absolute lifetime: kept active every 20 minutes, the session dies after 12 hours → 401 session_expired', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    let minutes = 0;
    while (minutes + 20 < 12 * 60) {
      server.clock.advance(20);
      minutes += 20;
      expectStatus(await touch(s), 200, `active at ${minutes} minutes`);
    }
    assert.equal(minutes, 700);
    server.clock.advance(19);
    expectStatus(await touch(s), 200, 'active at 11 h 59 min');
    server.clock.advance(2); // 12 h 1 min after the login, 2 minutes idle
    assertProblem(await touch(s), { status: 401, code: 'session_expired' }, 'after 12 h 1 min');
    const fresh = await login(server, 'deputy.henan', DEMO_PASSWORD);
    expectStatus(await touch(fresh), 200, 'a new login works');
  });

  test('logout → 204, the cookie is cleared and no longer accepted', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const other = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const out = await api(server, 'POST', '/api/v1/auth/logout', { session: s });
    expectStatus(out, 204, 'logout');
    const c = out.cookies.find((k) => k.name === 'huying_session');
    assert.ok(c, 'logout sets the cookie to clear it');
    const cleared = c.value === '' || c.attrs['max-age'] === '0' || (c.attrs['expires'] && Date.parse(c.attrs['expires']) < Date.now());
    assert.ok(cleared, `the cookie is cleared: ${c.raw}`);
    assertProblem(await touch(s), { status: 401 }, 'the logged-out cookie');
    assertProblem(await api(server, 'POST', '/api/v1/auth/logout', { session: s }), { status: 401 }, 'logging out twice');
    expectStatus(await touch(other), 200, 'the user’s other session survives a logout');
  });

  test('GET /api/v1/auth/sessions lists the user’s sessions, marking the current one', async () => {
    const { user, password, session: first } = await plainUser();
    const a = await login(server, user.username, password);
    const b = await login(server, user.username, password);
    const other = await login(server, 'deputy.zhengzhou', DEMO_PASSWORD);
    const list = await touch(a);
    expectStatus(list, 200, 'sessions');
    const items = list.json.items;
    assert.ok(Array.isArray(items));
    assert.equal(items.length, 3, `only the user’s three sessions: ${list.body}`);
    assert.equal(items.filter((i: any) => i.current === true).length, 1, 'exactly one current');
    for (const i of items) {
      for (const k of ['id', 'created_at', 'last_seen_at', 'expires_at', 'client_address', 'user_agent', 'current']) assert.ok(k in i, `session has ${k}`);
      assert.ok(!JSON.stringify(i).includes(a.cookie.split('=')[1]), 'no token in the list');
      assert.ok(!JSON.stringify(i).includes(b.cookie.split('=')[1]), 'no token in the list');
      assert.ok(!JSON.stringify(i).includes(first.cookie.split('=')[1]), 'no token in the list');
    }
    const otherList = await touch(other);
    assert.ok(otherList.json.items.every((i: any) => !items.some((j: any) => j.id === i.id)), 'another user sees none of these');
  });

  test('a session revoked from another session (DELETE /api/v1/auth/sessions/{id}) is refused', async () => {
    const { user, password, session: a } = await plainUser();
    const b = await login(server, user.username, password);
    const fromB = await touch(b);
    const bId = fromB.json.items.find((i: any) => i.current).id;
    const del = await api(server, 'DELETE', `/api/v1/auth/sessions/${bId}`, { session: a });
    expectStatus(del, 204, 'revoke b from a');
    assertProblem(await touch(b), { status: 401 }, 'the revoked session');
    const left = await touch(a);
    expectStatus(left, 200, 'a survives');
    assert.deepEqual(left.json.items.map((i: any) => i.current), [true], 'only a is left');
  });

  test('DELETE of the current session ends it like a logout', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const id = (await touch(s)).json.items.find((i: any) => i.current).id;
    expectStatus(await api(server, 'DELETE', `/api/v1/auth/sessions/${id}`, { session: s }), 204, 'delete own current session');
    assertProblem(await touch(s), { status: 401 });
  });

  test('a user cannot revoke another user’s session → 404', async () => {
    const mine = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const theirs = await login(server, 'deputy.zhengzhou', DEMO_PASSWORD);
    const theirId = (await touch(theirs)).json.items.find((i: any) => i.current).id;
    assertProblem(await api(server, 'DELETE', `/api/v1/auth/sessions/${theirId}`, { session: mine }), { status: 404 });
    expectStatus(await touch(theirs), 200, 'their session survives');
  });

  test('an administrator’s revoke-sessions refuses all of the user’s sessions', async () => {
    const a = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const b = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const bystander = await login(server, 'deputy.zhengzhou', DEMO_PASSWORD);
    const r = await api(server, 'POST', `/api/v1/users/${demo.users['deputy.henan'].id}/revoke-sessions`, { token: server.token });
    expectStatus(r, 204, 'revoke-sessions');
    assertProblem(await touch(a), { status: 401 }, 'session a');
    assertProblem(await touch(b), { status: 401 }, 'session b');
    expectStatus(await touch(bystander), 200, 'another user’s session survives');
    await login(server, 'deputy.henan', DEMO_PASSWORD); // and the user can log in again
  });

  test('a password change revokes the user’s other sessions but keeps the current one', async () => {
    const { user, password, session: b } = await plainUser();
    const a = await login(server, user.username, password);
    const r = await api(server, 'POST', '/api/v1/auth/password', { session: a, body: { current_password: password, new_password: OTHER_GOOD_PASSWORD } });
    expectStatus(r, 204, 'password change');
    expectStatus(await touch(a), 200, 'the current session');
    assertProblem(await touch(b), { status: 401 }, 'the other session');
  });
});

// ---------------------------------------------------------------------------------------
describe('CSRF', () => {
  test('a cookie-authenticated state change without X-CSRF-Token → 403 csrf_failed, and nothing happens', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    assertProblem(await api(server, 'POST', '/api/v1/auth/logout', { session: s, csrf: false }), { status: 403, code: 'csrf_failed' }, 'logout');
    expectStatus(await touch(s), 200, 'still logged in');
    const me = await api(server, 'GET', `/api/v1/users/${s.user.id}`, { session: s, csrf: false });
    expectStatus(me, 200, 'a GET needs no CSRF token');
    const patch = await api(server, 'PATCH', `/api/v1/users/${s.user.id}`, {
      session: s,
      csrf: false,
      ifMatch: me.headers['etag'],
      body: { display_name: 'CSRF 受害者' },
    });
    assertProblem(patch, { status: 403, code: 'csrf_failed' }, 'PATCH');
    const after = await api(server, 'GET', `/api/v1/users/${s.user.id}`, { session: s });
    assert.equal(after.json.display_name, me.json.display_name, 'the name did not change');
    const id = (await touch(s)).json.items.find((i: any) => i.current).id;
    assertProblem(await api(server, 'DELETE', `/api/v1/auth/sessions/${id}`, { session: s, csrf: false }), { status: 403, code: 'csrf_failed' }, 'DELETE');
    assertProblem(
      await api(server, 'POST', '/api/v1/auth/password', { session: s, csrf: false, body: { current_password: DEMO_PASSWORD, new_password: GOOD_PASSWORD } }),
      { status: 403, code: 'csrf_failed' },
      'password change',
    );
    expectStatus(await touch(s), 200, 'still logged in, password unchanged');
  });

  test('a wrong X-CSRF-Token → 403 csrf_failed', async () => {
    const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
    assertProblem(await api(server, 'POST', '/api/v1/auth/logout', { session: s, csrf: 'x'.repeat(s.csrf.length) }), { status: 403, code: 'csrf_failed' });
    assertProblem(await api(server, 'POST', '/api/v1/auth/logout', { session: s, csrf: '' }), { status: 403, code: 'csrf_failed' }, 'empty token');
    expectStatus(await touch(s), 200, 'still logged in');
  });

  test('the CSRF token of another session → 403 csrf_failed', async () => {
    const a = await login(server, 'deputy.henan', DEMO_PASSWORD);
    const b = await login(server, 'deputy.henan', DEMO_PASSWORD);
    assert.notEqual(a.csrf, b.csrf, 'each session has its own CSRF token');
    assertProblem(await api(server, 'POST', '/api/v1/auth/logout', { session: a, csrf: b.csrf }), { status: 403, code: 'csrf_failed' });
    expectStatus(await touch(a), 200, 'still logged in');
  });

  test('a Bearer-authenticated write needs no CSRF token', async () => {
    const res = await api(server, 'POST', '/api/v1/users', {
      token: server.token,
      body: {
        username: uniqueName('csrf.'),
        display_name: '令牌创建',
        congress_id: demo.congress.henan,
        grants: [{ role: 'deputy', scope_type: 'congress', scope_id: demo.congress.henan }],
      },
    });
    expectStatus(res, 201, 'POST /api/v1/users with a bearer token and no X-CSRF-Token');
  });
});

// ---------------------------------------------------------------------------------------
describe('rate limits', () => {
  test('login per client address: the 31st attempt within 5 minutes → 429 rate_limited with Retry-After; released after the window', async () => {
    let first429 = 0;
    let last: ApiResponse | undefined;
    for (let i = 1; i <= 40; i++) {
      const res = await tryLogin(server, uniqueName('ghost.'), 'Wrong#Password1');
      if (res.status === 429) {
        first429 = i;
        last = res;
        break;
      }
      assertProblem(res, { status: 401, code: 'invalid_credentials' }, `attempt ${i}`);
    }
    assert.equal(first429, 31, `the 31st attempt is refused (30 per 5 minutes); first 429 at ${first429}`);
    assertProblem(last!, { status: 429, code: 'rate_limited' });
    assertRetryAfter(last!, 5 * 60, 'rate_limited');
    // A real user from the same address is refused too, right password or not.
    assertProblem(await tryLogin(server, 'deputy.henan', DEMO_PASSWORD), { status: 429, code: 'rate_limited' }, 'a valid login from the limited address');
    server.clock.advance(6);
    await login(server, 'deputy.henan', DEMO_PASSWORD);
  });

  test('X-Forwarded-For does not escape the per-address limit', async () => {
    for (let i = 1; i <= 30; i++) {
      const res = await tryLogin(server, uniqueName('ghost.'), 'Wrong#Password1', { 'x-forwarded-for': `10.9.${i}.7`, 'x-real-ip': `10.9.${i}.7`, forwarded: `for=10.9.${i}.7` });
      assertProblem(res, { status: 401 }, `attempt ${i}`);
    }
    const res = await tryLogin(server, uniqueName('ghost.'), 'Wrong#Password1', { 'x-forwarded-for': '10.9.99.7', 'x-real-ip': '10.9.99.7', forwarded: 'for=10.9.99.7' });
    assertProblem(res, { status: 429, code: 'rate_limited' }, 'the 31st with yet another forwarded address');
  });

  test('login per username: the 11th attempt within 5 minutes → 429 rate_limited', async () => {
    const { user, password } = await plainUser(); // attempt 1 for this username
    for (let i = 2; i <= 10; i++) await login(server, user.username, password);
    const res = await tryLogin(server, user.username, password);
    assertProblem(res, { status: 429, code: 'rate_limited' }, '11th login of one username');
    assertRetryAfter(res, 5 * 60, 'per-username limit');
    await login(server, 'deputy.henan', DEMO_PASSWORD); // another username from the same address is fine
    server.clock.advance(6);
    await login(server, user.username, password);
  });
});

// ---------------------------------------------------------------------------------------
describe('configuration', () => {
  test('session_idle_minutes, lockout_attempts, lockout_minutes and secure_cookies are honoured', async () => {
    const other = await startServer({
      db: server.db,
      token: false,
      clock: server.clock,
      args: ['--session-idle-minutes', '5', '--lockout-attempts', '3', '--lockout-minutes', '10', '--secure-cookies', 'true'],
    });
    try {
      const res = await tryLogin(other, 'deputy.henan', DEMO_PASSWORD);
      expectStatus(res, 200, 'login');
      const c = res.cookies.find((k) => k.name === 'huying_session')!;
      assert.ok('secure' in c.attrs, `Secure with secure_cookies: ${c.raw}`);
      assert.ok('httponly' in c.attrs && c.attrs['samesite']?.toLowerCase() === 'strict', c.raw);
      const s: Session = { cookie: `huying_session=${c.value}`, csrf: res.json.csrf_token, user: res.json.user, expiresAt: res.json.expires_at, setCookie: c };
      server.clock.advance(4);
      expectStatus(await api(other, 'GET', '/api/v1/auth/sessions', { session: s }), 200, 'after 4 idle minutes');
      server.clock.advance(6);
      assertProblem(await api(other, 'GET', '/api/v1/auth/sessions', { session: s }), { status: 401, code: 'session_expired' }, 'after 6 idle minutes');

      const { user, password } = await plainUser();
      for (let i = 1; i <= 3; i++) assertProblem(await tryLogin(other, user.username, `Wrong#Pass${i}x`), { status: 401 }, `failure ${i}`);
      const locked = await tryLogin(other, user.username, password);
      assertProblem(locked, { status: 429, code: 'account_locked' }, 'locked after 3');
      assertRetryAfter(locked, 10 * 60, 'a 10-minute lock');
      server.clock.advance(11);
      await login(other, user.username, password);
    } finally {
      const exit = await other.stop({ keepDatabase: true });
      assert.deepEqual(exit, { code: 0, signal: null });
    }
  });
});

// ---------------------------------------------------------------------------------------
describe('several nodes on one database', () => {
  test('sessions and login rate limits are shared by two servers on the same PostgreSQL database', async (t) => {
    if (server.engine !== 'postgresql') {
      t.skip('PostgreSQL only: the deployment with several nodes');
      return;
    }
    const second = await startServer({ db: server.db, token: false, clock: server.clock });
    try {
      // A session made on one node works on the other, and logging out on it ends it everywhere.
      const s = await login(server, 'deputy.henan', DEMO_PASSWORD);
      expectStatus(await touch(s), 200, 'node 1');
      expectStatus(await api(second, 'GET', '/api/v1/auth/sessions', { session: s }), 200, 'node 2');
      expectStatus(await api(second, 'POST', '/api/v1/auth/logout', { session: s }), 204, 'logout on node 2');
      assertProblem(await touch(s), { status: 401 }, 'refused on node 1');
      // 1 login above + 15 + 14 = 30 attempts spread over both nodes; the 31st is refused on either.
      for (let i = 0; i < 15; i++) assertProblem(await tryLogin(server, uniqueName('ghost.'), 'Wrong#Password1'), { status: 401 }, `node 1 attempt ${i}`);
      for (let i = 0; i < 14; i++) assertProblem(await tryLogin(second, uniqueName('ghost.'), 'Wrong#Password1'), { status: 401 }, `node 2 attempt ${i}`);
      assertProblem(await tryLogin(server, uniqueName('ghost.'), 'Wrong#Password1'), { status: 429, code: 'rate_limited' }, 'node 1, 31st');
      assertProblem(await tryLogin(second, uniqueName('ghost.'), 'Wrong#Password1'), { status: 429, code: 'rate_limited' }, 'node 2, 32nd');
    } finally {
      const exit = await second.stop({ keepDatabase: true });
      assert.deepEqual(exit, { code: 0, signal: null });
    }
  });
});

describe('many at once', () => {
  test('GET /api/v1/auth/session by more callers at once than the server has read connections: each answers (the scope names it looks up share the connection the request holds)', async () => {
    const small = await startServer({ db: server.db, token: false, clock: server.clock, args: ['--db-pool-size', '2'] });
    try {
      const s = await login(small, 'keeper.jinshui', DEMO_PASSWORD);
      const answers = await Promise.all(Array.from({ length: 24 }, () => api(small, 'GET', '/api/v1/auth/session', { session: s, csrf: false })));
      for (const [i, res] of answers.entries()) {
        expectStatus(res, 200, `GET /api/v1/auth/session #${i}`);
        assert.ok(res.json.user.grants.some((g: any) => g.scope_name), `#${i}: the station's name in the grants: ${res.body.slice(0, 300)}`);
      }
    } finally {
      const exit = await small.stop({ keepDatabase: true });
      assert.deepEqual(exit, { code: 0, signal: null });
    }
  });
});
