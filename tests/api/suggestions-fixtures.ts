// Shared set-up for the suggestion tests (suggestions-*.test.ts, calendar.test.ts;
// docs/suggestions.md): a server on an injectable clock with the demo data, the demo
// deputies, staff and unit users signed in on demand, builders that drive a new
// suggestion to a state through the API, the working-day calendar of 2025–2026 as the
// State Council published it (to compute expected deadlines here, independently of the
// server), and the notification inbox. Not a test file itself.
import assert from 'node:assert/strict';
import {
  api,
  assertProblem,
  login,
  setNow,
  type ApiOptions,
  type ApiResponse,
  type Session,
} from './harness.ts';
import { DEMO_PASSWORD, congressOf, expectStatus, startAccountsServer, type ClockedServer } from './accounts-fixtures.ts';

export { DEMO_PASSWORD };

// ---------------------------------------------------------------------------------------
// The server

/**
 * Flags every suggestion server gets: sign-in limits out of the way (the tests sign in
 * again after every jump of the clock), the longest sessions the configuration allows, and
 * no in-process scheduler loop — sweeps run only when a test asks (`runScheduler`), so no
 * notification or closure happens behind a test's back.
 */
export const SUGGESTION_SERVER_FLAGS = [
  '--login-limit-per-address', '100000',
  '--login-limit-per-account', '100000',
  '--session-idle-minutes', '1440',
  '--session-lifetime-hours', '720',
  '--scheduler-interval-seconds', '0',
];

export async function startSuggestionsServer(opts: { args?: string[] } = {}): Promise<ClockedServer> {
  return startAccountsServer({ args: [...SUGGESTION_SERVER_FLAGS, ...(opts.args ?? [])] });
}

// ---------------------------------------------------------------------------------------
// Dates: civil dates as YYYY-MM-DD, the working-day calendar

const DAY_MS = 86400_000;

function toUtc(d: string): number {
  assert.match(d, /^\d{4}-\d{2}-\d{2}$/, `a civil date: ${d}`);
  return Date.parse(`${d}T00:00:00Z`);
}
function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(d: string, n: number): string {
  return fromUtc(toUtc(d) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: string): number {
  return new Date(toUtc(d)).getUTCDay();
}

/** Month arithmetic clamped at month ends: 2026-01-31 + 1 → 2026-02-28. */
export function addMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total % 12; // 0-based
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${ny}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/**
 * The State Council's notices: weekdays off (holiday) and weekend make-up working days
 * (workday). 2025: 国办发明电〔2024〕12号; 2026: the notice of 2025-11-04.
 */
export const OFFICIAL_CALENDAR: Record<number, { holidays: string[]; workdays: string[] }> = {
  2025: {
    holidays: [
      '2025-01-01',
      '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04',
      '2025-04-04',
      '2025-05-01', '2025-05-02', '2025-05-05',
      '2025-06-02',
      '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08',
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      '2026-01-01', '2026-01-02',
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23',
      '2026-04-06',
      '2026-05-01', '2026-05-04', '2026-05-05',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07',
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

export function isWorkingDay(d: string): boolean {
  const y = Number(d.slice(0, 4));
  const cal = OFFICIAL_CALENDAR[y];
  if (!cal) throw new Error(`no calendar for ${y} in the test fixtures`);
  if (cal.workdays.includes(d)) return true;
  if (cal.holidays.includes(d)) return false;
  const w = weekday(d);
  return w !== 0 && w !== 6;
}

/** The n-th working day after d (d itself not counted). */
export function addWorkingDays(d: string, n: number): string {
  let cur = d;
  let left = n;
  while (left > 0) {
    cur = addDays(cur, 1);
    if (isWorkingDay(cur)) left--;
  }
  return cur;
}

/** Calendar days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** The instant `time` (HH:MM) on civil date `d` in Beijing, as ISO-8601. */
export function beijing(d: string, time = '09:00'): string {
  return `${d}T${time}:00+08:00`;
}

/** The civil date of an instant in Beijing. */
export function beijingDate(t: Date): string {
  return fromUtc(t.getTime() + 8 * 3600_000);
}

// ---------------------------------------------------------------------------------------
// Actions and their expected offers

/** Every transition a suggestion offers in `allowed_actions` (docs/suggestions.md). */
export const ACTIONS = [
  'invite', 'uninvite', 'cosign', 'decline', 'submit', 'withdraw', 'return', 'reject', 'register',
  'assign', 'accept', 'request-reassignment', 'decide-reassignment', 'record-contact', 'submit-view',
  'answer', 'request-extension', 'decide-extension', 'evaluate',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * `allowed_actions` holds every action of `has` and none of the other transitions, except
 * those listed in `maybe` (where the contract leaves the offer open). Keys that are not
 * transitions (say "edit") are not judged.
 */
export function assertActions(s: any, what: string, has: Action[], maybe: Action[] = []): void {
  assert.ok(Array.isArray(s?.allowed_actions), `${what}: allowed_actions is an array (${JSON.stringify(s).slice(0, 300)})`);
  const got: string[] = s.allowed_actions;
  for (const a of has) assert.ok(got.includes(a), `${what}: ${a} is offered; allowed_actions = ${JSON.stringify(got)}`);
  for (const a of ACTIONS) {
    if (has.includes(a) || maybe.includes(a)) continue;
    assert.ok(!got.includes(a), `${what}: ${a} is not offered; allowed_actions = ${JSON.stringify(got)}`);
  }
}

/**
 * A 409 naming the current state: code invalid_state when the item's state does not admit
 * the action at all; `code: null` when the state admits it but a precondition of the
 * caller's assignment fails (e.g. answering a pending assignment), where the contract names
 * no code.
 */
export function assertInvalidState(res: ApiResponse, currentState: string, what: string, code: string | null = 'invalid_state'): any {
  const p = assertProblem(res, { status: 409, ...(code ? { code } : {}) }, what);
  assert.equal(p.current_state, currentState, `${what}: current_state in the problem ${res.body}`);
  return p;
}

/** A 422 problem with (at least) these pointers. */
export function assertPointers(res: ApiResponse, pointers: string[], what: string): any {
  const p = assertProblem(res, { status: 422 }, what);
  assert.ok(Array.isArray(p.errors), `${what}: errors is an array: ${res.body}`);
  const got = p.errors.map((e: any) => e.pointer);
  for (const ptr of pointers) assert.ok(got.includes(ptr), `${what}: pointer ${ptr} in ${res.body}`);
  return p;
}

// ---------------------------------------------------------------------------------------
// The desk: who is who, sessions on demand, the suggestion API and builders

export type Who = string | null; // a demo username, 'admin' (the admin token) or null (anonymous)
export type UnitKey = 'edu' | 'health' | 'third';

/** The users of each demo unit. */
export const UNIT_USERS: Record<UnitKey, string[]> = {
  edu: ['handler.edu', 'head.edu'],
  health: ['handler.health'],
  third: [],
};

export interface BuildOptions {
  lead?: string;
  /** Deputies invited (and, unless `confirm` is false, confirming) before submission. */
  cosigners?: string[];
  confirm?: boolean;
  title?: string;
  category?: string;
  /** Lead mode: the lead unit and co-units (default edu, no co-units). */
  leadUnit?: UnitKey;
  coUnits?: UnitKey[];
  /** Separate mode instead of lead mode. */
  separate?: UnitKey[];
  answerClass?: string;
}

let titleCounter = 0;

export class Desk {
  readonly server: ClockedServer;
  /** Henan's provincial congress (region 410000). */
  henan = '';
  /** The 中原区 congress (staff.zhongyuan's). */
  zhongyuan = '';
  unit: Record<UnitKey, string> = { edu: '', health: '', third: '' };
  unitName: Record<UnitKey, string> = { edu: '', health: '', third: '' };
  private sessions = new Map<string, Session>();
  private mandateIds = new Map<string, string>();
  private displayNames = new Map<string, string>();
  private roles = new Map<string, string>();

  constructor(server: ClockedServer) {
    this.server = server;
  }

  static async open(server: ClockedServer): Promise<Desk> {
    const d = new Desk(server);
    await d.init();
    return d;
  }

  private async init(): Promise<void> {
    const staff = await this.as('staff.henan');
    const grant = staff.user.grants.find((g: any) => g.role === 'staff');
    assert.ok(grant, `staff.henan has a staff grant: ${JSON.stringify(staff.user)}`);
    this.henan = String(grant.scope_id);
    this.zhongyuan = await congressOf(this.server, '410102');
    // Units as Henan's staff see them: the congress's own units.
    const units = await api(this.server, 'GET', '/api/v1/units?page_size=100', { session: staff });
    expectStatus(units, 200, 'GET /api/v1/units as staff.henan');
    const byName = async (name: string) => {
      const res = await api(this.server, 'GET', `/api/v1/units?q=${encodeURIComponent(name)}&page_size=100`, { session: staff });
      expectStatus(res, 200, `GET /api/v1/units?q=${name}`);
      const u = res.json.items.find((x: any) => x.name === name);
      assert.ok(u, `demo unit ${name}: ${res.body.slice(0, 500)}`);
      return u;
    };
    const edu = await byName('河南省教育厅');
    const health = await byName('河南省卫生健康委员会');
    const third = units.json.items.find(
      (x: any) => x.id !== edu.id && x.id !== health.id && x.active !== false && String(x.congress_id) === this.henan,
    );
    assert.ok(third, `a third unit of the Henan congress: ${units.body.slice(0, 500)}`);
    this.unit = { edu: String(edu.id), health: String(health.id), third: String(third.id) };
    this.unitName = { edu: edu.name, health: health.name, third: third.name };
  }

  // -- clock and sessions ------------------------------------------------------------

  /** Moves the server's clock to `time` on civil date `d` in Beijing; sessions are dropped. */
  day(d: string, time = '09:00'): void {
    setNow(this.server, beijing(d, time));
    this.sessions.clear();
  }

  /** Today's civil date in Beijing on the server's clock. */
  today(): string {
    return beijingDate(this.server.clock.now());
  }

  /** The session of a demo user, signing in when there is none since the last clock move. */
  async as(username: string): Promise<Session> {
    let s = this.sessions.get(username);
    if (!s) {
      s = await login(this.server, username, DEMO_PASSWORD);
      this.sessions.set(username, s);
      this.displayNames.set(username, s.user.display_name);
      const g = s.user.grants?.[0];
      if (g) this.roles.set(username, g.role);
    }
    return s;
  }

  /** A second, separate session of the same user. */
  async newSession(username: string): Promise<Session> {
    return login(this.server, username, DEMO_PASSWORD);
  }

  async auth(who: Who): Promise<Pick<ApiOptions, 'session' | 'token'>> {
    if (who === null) return {};
    if (who === 'admin') return { token: this.server.token };
    return { session: await this.as(who) };
  }

  async call(who: Who, method: string, p: string, opts: Omit<ApiOptions, 'session' | 'token'> = {}): Promise<ApiResponse> {
    return api(this.server, method, p, { ...(await this.auth(who)), ...opts });
  }

  displayName(username: string): string {
    const n = this.displayNames.get(username);
    assert.ok(n, `${username} has signed in`);
    return n;
  }

  role(username: string): string {
    const r = this.roles.get(username);
    assert.ok(r, `${username} has signed in`);
    return r;
  }

  /** The mandate a deputy acts through in the Henan congress (GET /api/v1/auth/session). */
  async mandate(username: string, congressId = this.henan): Promise<string> {
    const key = `${username}@${congressId}`;
    const known = this.mandateIds.get(key);
    if (known) return known;
    const res = await this.call(username, 'GET', '/api/v1/auth/session');
    expectStatus(res, 200, `GET /api/v1/auth/session as ${username}`);
    const mandates = res.json.mandates;
    assert.ok(Array.isArray(mandates), `${username}: the session lists mandates: ${res.body.slice(0, 500)}`);
    const m = mandates.find((x: any) => String(x.congress_id) === congressId);
    assert.ok(m, `${username}: a mandate in congress ${congressId}: ${JSON.stringify(mandates)}`);
    this.mandateIds.set(key, String(m.id));
    return String(m.id);
  }

  // -- the suggestion API ------------------------------------------------------------

  getRes(id: string, who: Who): Promise<ApiResponse> {
    return this.call(who, 'GET', `/api/v1/suggestions/${id}`);
  }

  async get(id: string, who: Who = 'staff.henan'): Promise<any> {
    const res = await this.getRes(id, who);
    expectStatus(res, 200, `GET /api/v1/suggestions/${id} as ${who}`);
    return res.json;
  }

  act(who: Who, id: string, action: string, body: unknown = {}): Promise<ApiResponse> {
    return this.call(who, 'POST', `/api/v1/suggestions/${id}/${action}`, { body });
  }

  /** A transition that must succeed; returns the suggestion it answers. */
  async do(who: Who, id: string, action: string, body: unknown = {}): Promise<any> {
    const res = await this.act(who, id, action, body);
    expectStatus(res, 200, `POST /api/v1/suggestions/${id}/${action} as ${who} ${JSON.stringify(body)}`);
    assert.equal(String(res.json?.id), id, `${action} answers the suggestion`);
    return res.json;
  }

  async timeline(id: string, who: Who = 'staff.henan'): Promise<any[]> {
    const res = await this.call(who, 'GET', `/api/v1/suggestions/${id}/timeline`);
    expectStatus(res, 200, `GET /api/v1/suggestions/${id}/timeline as ${who}`);
    assert.ok(Array.isArray(res.json.items), 'timeline items');
    return res.json.items;
  }

  /** The body of a new suggestion. */
  newBody(over: Record<string, unknown> = {}): Record<string, unknown> {
    const n = ++titleCounter;
    return {
      title: `关于改善农村寄宿制学校办学条件的建议（${n}）`,
      content: '一、基本情况：部分农村寄宿制学校宿舍、食堂条件较差。二、存在问题：投入不足。三、具体建议：设立专项资金，三年内完成改造。',
      category: 'education',
      period: 'recess',
      publication: 'full',
      congress_id: this.henan,
      ...over,
    };
  }

  async createRes(who: Who, over: Record<string, unknown> = {}): Promise<ApiResponse> {
    return this.call(who, 'POST', '/api/v1/suggestions', { body: this.newBody(over) });
  }

  // -- builders ------------------------------------------------------------------------
  // Each drives a new suggestion to its state at the clock's current instant and returns
  // it as the last step answered.

  async draft(o: BuildOptions = {}): Promise<any> {
    const lead = o.lead ?? 'deputy.henan';
    const over: Record<string, unknown> = {};
    if (o.title) over.title = o.title;
    if (o.category) over.category = o.category;
    const res = await this.createRes(lead, over);
    expectStatus(res, [200, 201], `POST /api/v1/suggestions as ${lead}`);
    let s = res.json;
    assert.equal(s.state, 'draft', 'a new suggestion is a draft');
    const id = String(s.id);
    for (const c of o.cosigners ?? []) {
      s = await this.do(lead, id, 'invite', { mandate_id: await this.mandate(c) });
      if (o.confirm !== false) await this.do(c, id, 'cosign');
    }
    return o.cosigners?.length ? this.get(id, lead) : s;
  }

  async submitted(o: BuildOptions = {}): Promise<any> {
    const s = await this.draft(o);
    return this.do(o.lead ?? 'deputy.henan', String(s.id), 'submit');
  }

  async registered(o: BuildOptions = {}): Promise<any> {
    const s = await this.submitted(o);
    return this.do('staff.henan', String(s.id), 'register');
  }

  assignBody(o: BuildOptions = {}): Record<string, unknown> {
    if (o.separate) return { mode: 'separate', unit_ids: o.separate.map((u) => this.unit[u]) };
    return { mode: 'lead', lead_unit_id: this.unit[o.leadUnit ?? 'edu'], co_unit_ids: (o.coUnits ?? []).map((u) => this.unit[u]) };
  }

  /** The units an item built with these options is assigned to. */
  units(o: BuildOptions = {}): UnitKey[] {
    return o.separate ?? [o.leadUnit ?? 'edu', ...(o.coUnits ?? [])];
  }

  /** The units that answer (the lead unit, or each separate unit). */
  answering(o: BuildOptions = {}): UnitKey[] {
    return o.separate ?? [o.leadUnit ?? 'edu'];
  }

  async assigned(o: BuildOptions = {}): Promise<any> {
    const s = await this.registered(o);
    return this.do('staff.henan', String(s.id), 'assign', this.assignBody(o));
  }

  /** The assignment of a unit (not reassigned away). */
  assignment(s: any, unit: UnitKey): any {
    const a = s.assignments?.find((x: any) => String(x.unit?.id) === this.unit[unit] && x.state !== 'reassigned');
    assert.ok(a, `an assignment of ${this.unitName[unit]}: ${JSON.stringify(s.assignments)}`);
    return a;
  }

  /** Every assigned unit accepts (its first user). */
  async accepted(o: BuildOptions = {}): Promise<any> {
    let s = await this.assigned(o);
    for (const u of this.units(o)) {
      const user = UNIT_USERS[u][0];
      assert.ok(user, `unit ${u} has a user`);
      s = await this.do(user, String(s.id), 'accept', { assignment_id: this.assignment(s, u).id });
    }
    return s;
  }

  contactBody(over: Record<string, unknown> = {}): Record<string, unknown> {
    return { method: 'face_to_face', date: this.today(), note: '到代表所在单位当面沟通办理思路', ...over };
  }

  answerBody(cls = 'A', over: Record<string, unknown> = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
      answer_class: cls,
      text: '经研究，已将农村寄宿制学校改造纳入年度计划，并安排专项资金。',
      signed_by: '周涛',
      answered_on: this.today(),
    };
    if (cls === 'B') Object.assign(body, { plan: '分三年完成全省寄宿制学校宿舍改造', plan_date: addMonths(this.today(), 12) });
    if (cls === 'C') body.reasons = '受财力所限，需待以后逐步解决';
    return { ...body, ...over };
  }

  /** Each answering unit records a contact and answers. */
  async answered(o: BuildOptions = {}): Promise<any> {
    let s = await this.accepted(o);
    const id = String(s.id);
    for (const u of this.answering(o)) {
      const user = UNIT_USERS[u][0];
      await this.do(user, id, 'record-contact', { ...this.contactBody(), assignment_id: this.assignment(s, u).id });
      s = await this.do(user, id, 'answer', { ...this.answerBody(o.answerClass ?? 'A'), assignment_id: this.assignment(s, u).id });
    }
    assert.equal(s.state, 'answered', 'every answering unit has answered');
    return s;
  }

  // -- notifications and the scheduler -------------------------------------------------

  /** Every notification of a user (all pages, newest first as the server sends them). */
  async notifications(who: Who, query = ''): Promise<any[]> {
    const out: any[] = [];
    for (let page = 1; page <= 50; page++) {
      const qs = `page=${page}&page_size=100${query ? `&${query}` : ''}`;
      const res = await this.call(who, 'GET', `/api/v1/notifications?${qs}`);
      expectStatus(res, 200, `GET /api/v1/notifications?${qs} as ${who}`);
      assert.ok(Array.isArray(res.json.items), 'notification items');
      out.push(...res.json.items);
      if (res.json.items.length < 100) return out;
    }
    throw new Error('more than 50 pages of notifications');
  }

  /** The notifications of one kind about one suggestion. */
  async notificationsAbout(who: Who, id: string, kind?: string): Promise<any[]> {
    return (await this.notifications(who)).filter(
      (n) => String(n.record_id) === id && (n.record_type === undefined || /suggestion/.test(n.record_type)) && (!kind || n.kind === kind),
    );
  }

  async unreadCount(who: Who): Promise<number> {
    const res = await this.call(who, 'GET', '/api/v1/notifications/unread-count');
    expectStatus(res, 200, `GET /api/v1/notifications/unread-count as ${who}`);
    assert.equal(typeof res.json.unread, 'number', `unread is a number: ${res.body}`);
    return res.json.unread;
  }

  /** POST /api/v1/scheduler/run (administrator token) → {closed, notified}. */
  async runScheduler(): Promise<{ closed: number; notified: number }> {
    const res = await this.call('admin', 'POST', '/api/v1/scheduler/run', { body: {} });
    expectStatus(res, 200, 'POST /api/v1/scheduler/run');
    assert.equal(typeof res.json.closed, 'number', `closed: ${res.body}`);
    assert.equal(typeof res.json.notified, 'number', `notified: ${res.body}`);
    return res.json;
  }
}

/** The Content-Disposition filename (filename* preferred, RFC 6266 / 5987). */
export function dispositionFilename(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[2].trim());
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;]+)/i.exec(header);
  if (plain) return (plain[1] ?? plain[2]).trim();
  return undefined;
}
