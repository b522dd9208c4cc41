// Shared set-up for the accounts tests (accounts-*.test.ts): a server on an injectable
// clock, the demo users and their scopes looked up through the API, and users made on
// the spot. Not a test file itself.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import {
  TestClock,
  api,
  huying,
  login,
  startServer,
  type ApiOptions,
  type ApiResponse,
  type Session,
  type TestDatabase,
  type TestServer,
} from './harness.ts';

/** The password of every demo user (`huying demo-data`); no forced change. */
export const DEMO_PASSWORD = 'Huying@Demo2026';
/** Passwords that satisfy the policy (≥ 10 characters, 4 classes, not common). */
export const GOOD_PASSWORD = 'Tq8#vLm2pZ!w';
export const OTHER_GOOD_PASSWORD = 'Rw5$kNe9xB@c';

export type ClockedServer = TestServer & { clock: TestClock };

/** A server with the demo data, an admin token (`server.token`) and a clock of its own. */
export async function startAccountsServer(opts: { args?: string[] } = {}): Promise<ClockedServer> {
  const clock = new TestClock();
  let server: TestServer;
  try {
    server = await startServer({ clock, args: opts.args });
  } catch (e) {
    clock.dispose();
    throw e;
  }
  const stop = server.stop;
  server.stop = async (o) => {
    try {
      return await stop(o);
    } finally {
      clock.dispose();
    }
  };
  return server as ClockedServer;
}

/**
 * Moves the server to a day of its own, so that no lockout, rate-limit window or session
 * of an earlier test reaches into this one. Call it in beforeEach.
 */
export function freshDay(server: ClockedServer): void {
  server.clock.advance(24 * 60);
}

/** A lower-case username nobody else has. */
export function uniqueName(prefix = 'u'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** A mainland mobile number, 139xxxxxxxx. */
export function randomMobile(): string {
  return '139' + String(randomInt(0, 1e8)).padStart(8, '0');
}

/** Masks a mobile number the way the API does: 138****1234. */
export function masked(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

export type Auth = Pick<ApiOptions, 'session' | 'token'>;

export function asAdminToken(server: TestServer): Auth {
  return { token: server.token };
}

/** Asserts a status with the response in the message. */
export function expectStatus(res: ApiResponse, status: number | number[], what: string): void {
  const ok = Array.isArray(status) ? status.includes(res.status) : res.status === status;
  assert.ok(ok, `${what}: expected ${JSON.stringify(status)}, got ${res.status} ${res.body.slice(0, 600)}`);
}

/** The JSON body of a 200 (or `status`) answer. */
export async function ok(p: Promise<ApiResponse>, what: string, status = 200): Promise<any> {
  const res = await p;
  expectStatus(res, status, what);
  return res.json;
}

/** Two problem bodies equal apart from `instance` (the request id). */
export function assertSameProblem(a: ApiResponse, b: ApiResponse, what: string): void {
  assert.equal(a.status, b.status, `${what}: same status`);
  const strip = (r: ApiResponse) => {
    const j = JSON.parse(r.body);
    delete j.instance;
    return j;
  };
  assert.deepEqual(strip(a), strip(b), `${what}: same body apart from instance\n${a.body}\n${b.body}`);
}

// ---------------------------------------------------------------------------------------
// Users

/** The user with exactly this username, found through GET /api/v1/users?q= (admin token by default). */
export async function findUser(server: TestServer, username: string, auth: Auth = asAdminToken(server)): Promise<any | undefined> {
  const res = await api(server, 'GET', `/api/v1/users?q=${encodeURIComponent(username)}&page_size=100`, auth);
  expectStatus(res, 200, `GET /api/v1/users?q=${username}`);
  return res.json.items.find((u: any) => u.username === username);
}

export async function userByName(server: TestServer, username: string): Promise<any> {
  const u = await findUser(server, username);
  assert.ok(u, `user ${username} exists`);
  return u;
}

/** GET /api/v1/users/{id} → the user and its ETag. */
export async function getUser(server: TestServer, id: number | string, auth: Auth = asAdminToken(server)): Promise<{ user: any; etag: string }> {
  const res = await api(server, 'GET', `/api/v1/users/${id}`, auth);
  expectStatus(res, 200, `GET /api/v1/users/${id}`);
  const etag = res.headers['etag'];
  assert.ok(etag, `GET /api/v1/users/${id} has an ETag`);
  return { user: res.json, etag };
}

export interface GrantSpec {
  role: string;
  scope_type: string;
  scope_id?: string | number | null;
}

export interface UserSpec {
  username?: string;
  display_name?: string;
  mobile?: string;
  congress_id?: string | number | null;
  grants: GrantSpec[];
}

/** POST /api/v1/users (admin token by default) → 201 {user, one_time_password}. */
export async function createUser(
  server: TestServer,
  spec: UserSpec,
  auth: Auth = asAdminToken(server),
): Promise<{ user: any; otp: string; res: ApiResponse }> {
  const username = spec.username ?? uniqueName('t.');
  const body: Record<string, unknown> = { username, display_name: spec.display_name ?? `测试用户${username.slice(-4)}`, grants: spec.grants };
  if (spec.mobile !== undefined) body.mobile = spec.mobile;
  if (spec.congress_id !== undefined) body.congress_id = spec.congress_id;
  const res = await api(server, 'POST', '/api/v1/users', { ...auth, body });
  expectStatus(res, 201, `POST /api/v1/users ${username}`);
  assert.equal(typeof res.json.one_time_password, 'string', 'one_time_password in the answer');
  assert.equal(res.json.user.username, username);
  return { user: res.json.user, otp: res.json.one_time_password, res };
}

/**
 * A user who has logged in and changed the one-time password to `password`: returns the
 * (still valid) session of that login.
 */
export async function activeUser(
  server: TestServer,
  spec: UserSpec,
  password = GOOD_PASSWORD,
): Promise<{ user: any; password: string; session: Session }> {
  const { user, otp } = await createUser(server, spec);
  const session = await login(server, user.username, otp);
  const res = await api(server, 'POST', '/api/v1/auth/password', {
    session,
    body: { current_password: otp, new_password: password },
  });
  expectStatus(res, 204, `POST /api/v1/auth/password for ${user.username}`);
  return { user, password, session };
}

// ---------------------------------------------------------------------------------------
// The demo data

/** Ids as the API writes them: strings of digits. */
export interface Demo {
  congress: { henan: string; zhengzhou: string; zhongyuan: string; jinshui: string };
  unit: { edu: string; health: string };
  station: { jinshui: string };
  /** Demo users by username. */
  users: Record<string, any>;
}

export const DEMO_USERNAMES = [
  'admin',
  'staff.henan',
  'staff.zhongyuan',
  'staff.jinshui',
  'leader.henan',
  'committee.henan',
  'deputy.henan',
  'deputy.zhengzhou',
  'handler.edu',
  'head.edu',
  'handler.health',
  'keeper.jinshui',
] as const;

export async function congressOf(server: TestServer, region: string): Promise<string> {
  const j = await ok(api(server, 'GET', `/api/v1/congresses?region=${region}`, asAdminToken(server)), `congresses of ${region}`);
  assert.ok(j.items.length >= 1, `a congress for region ${region}`);
  return String(j.items[0].id);
}

/** Looks the demo congresses, units, station and users up through the API. */
export async function lookupDemo(server: TestServer): Promise<Demo> {
  const [henan, zhengzhou, zhongyuan, jinshui] = await Promise.all(
    ['410000', '410100', '410102', '410105'].map((r) => congressOf(server, r)),
  );
  const units = await ok(api(server, 'GET', '/api/v1/units?page_size=200', asAdminToken(server)), 'GET /api/v1/units');
  const unit = (name: string) => {
    const u = units.items.find((x: any) => x.name === name);
    assert.ok(u, `demo unit ${name}: ${JSON.stringify(units.items)}`);
    return String(u.id);
  };
  const stations = await ok(api(server, 'GET', '/api/v1/stations?page_size=200', asAdminToken(server)), 'GET /api/v1/stations');
  const st = stations.items.find((x: any) => String(x.congress_id) === jinshui);
  assert.ok(st, `a demo station of 金水区: ${JSON.stringify(stations.items)}`);
  const users: Record<string, any> = {};
  for (const name of DEMO_USERNAMES) users[name] = await userByName(server, name);
  return {
    congress: { henan, zhengzhou, zhongyuan, jinshui },
    unit: { edu: unit('河南省教育厅'), health: unit('河南省卫生健康委员会') },
    station: { jinshui: String(st.id) },
    users,
  };
}

// ---------------------------------------------------------------------------------------
// Audit

/** GET /api/v1/audit with a filter (admin token by default), all on one page. */
export async function auditRows(server: TestServer, query: Record<string, string | number> = {}, auth: Auth = asAdminToken(server)): Promise<any[]> {
  const qs = new URLSearchParams({ page_size: '200', ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
  const res = await api(server, 'GET', `/api/v1/audit?${qs}`, auth);
  expectStatus(res, 200, `GET /api/v1/audit?${qs}`);
  assert.ok(Array.isArray(res.json.items), 'audit items');
  return res.json.items;
}

/**
 * Runs `fn` at an instant of its own (one minute after the previous step) and returns
 * its result with every audit row written at that instant, whoever wrote it.
 */
export async function auditedAt<T>(server: ClockedServer, fn: () => Promise<T>): Promise<{ result: T; rows: any[] }> {
  server.clock.advance(1);
  const from = server.clock.iso(-0.5);
  const to = server.clock.iso(0.5);
  const result = await fn();
  const rows = await auditRows(server, { from, to });
  return { result, rows };
}

// ---------------------------------------------------------------------------------------
// The database

/** Every row of every table as text, to check that no secret is stored in clear. */
export async function dumpDatabase(db: TestDatabase): Promise<string> {
  const tables = db.engine === 'sqlite'
    ? (await db.sql("SELECT name FROM sqlite_master WHERE type = 'table'")).split('\n')
    : (await db.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).split('\n');
  let out = '';
  for (const t of tables.filter(Boolean)) {
    out += `\n== ${t}\n`;
    out += db.engine === 'sqlite' ? await db.sql(`SELECT * FROM "${t}"`) : await db.sql(`SELECT t::text FROM "${t}" t`);
  }
  return out;
}

/** `huying user …` against the server's database and clock; returns the run result. */
export function huyingUser(server: ClockedServer, args: string[]) {
  return huying(['user', ...args, '--database', server.dbUrl, '--clock-file', server.clock.file]);
}
