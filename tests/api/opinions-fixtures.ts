// Shared set-up for the citizens' opinion tests (opinions-*.test.ts, notifier-webhook.test.ts,
// receptions.test.ts; docs/opinions.md, DOMAIN.md §4): a server on an injectable clock with
// the demo data and every public limit out of the way unless a test asks for a low one;
// the liaison station of 金水区 (station 1) with its keeper, staff, deputies and units, plus
// accounts made here (two deputies of the station linked to their persons, a user of each of
// two units of the congress, a leader of the congress, the keeper of another station); the
// public and workbench opinion API; builders that drive a new opinion to a state; masking
// and tracking-code checks; attachments made byte by byte. Not a test file itself.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import zlib from 'node:zlib';
import {
  api,
  assertProblem,
  login,
  setNow,
  type ApiOptions,
  type ApiResponse,
  type Session,
} from './harness.ts';
import {
  DEMO_PASSWORD,
  GOOD_PASSWORD,
  expectStatus,
  masked,
  startAccountsServer,
  type ClockedServer,
} from './accounts-fixtures.ts';
import { SUGGESTION_SERVER_FLAGS, addWorkingDays, beijing, beijingDate } from './suggestions-fixtures.ts';
import { newMobile } from './registry-fixtures.ts';

export { DEMO_PASSWORD, masked, newMobile, addWorkingDays };

// ---------------------------------------------------------------------------------------
// The server

/**
 * The suggestion desk's flags (sign-in limits out of the way, long sessions, no
 * in-process sweep), no in-process message sender, no intake worker, and every public limit
 * raised, so that only the tests that want a 429 get one (they pass a low value in `flags`).
 */
export const OPINION_SERVER_FLAGS: Record<string, string> = {
  ...flagsToRecord(SUGGESTION_SERVER_FLAGS),
  '--public-write-limit-per-address': '1000000',
  '--opinion-limit-per-address': '1000000',
  '--tracking-limit-per-address': '1000000',
  // No background sender: messages go out only when a test runs POST /api/v1/notifier/run.
  '--notifier-interval-ms': '0',
  // No intake worker: a public submission stays queued in opinion_intake until a test runs
  // POST /api/v1/opinions/intake/run (Bureau.processIntake; submit() does it).
  '--opinion-intake-interval-ms': '0',
};

function flagsToRecord(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) out[args[i]] = args[i + 1];
  return out;
}

/** A server with the demo data and a clock; `flags` replace the defaults above by name. */
export async function startOpinionsServer(opts: { flags?: Record<string, string>; args?: string[] } = {}): Promise<ClockedServer> {
  const merged = { ...OPINION_SERVER_FLAGS, ...(opts.flags ?? {}) };
  const args = Object.entries(merged).flatMap(([k, v]) => [k, v]);
  return startAccountsServer({ args: [...args, ...(opts.args ?? [])] });
}

// ---------------------------------------------------------------------------------------
// Vocabulary

export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TRACKING_CODE_RE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{2}$/;

/** Every transition an opinion offers in `allowed_actions` (docs/opinions.md). */
export const OPINION_ACTIONS = ['accept', 'reject', 'answer-on-spot', 'refer', 'unit-reply', 'reply', 'escalate'] as const;
export type OpinionAction = (typeof OPINION_ACTIONS)[number];

/** `allowed_actions` holds every action of `has` and no other transition (but those in `maybe`). */
export function assertOpinionActions(o: any, what: string, has: OpinionAction[], maybe: OpinionAction[] = []): void {
  assert.ok(Array.isArray(o?.allowed_actions), `${what}: allowed_actions is an array (${JSON.stringify(o).slice(0, 300)})`);
  const got: string[] = o.allowed_actions;
  for (const a of has) assert.ok(got.includes(a), `${what}: ${a} is offered; allowed_actions = ${JSON.stringify(got)}`);
  for (const a of OPINION_ACTIONS) {
    if (has.includes(a) || maybe.includes(a)) continue;
    assert.ok(!got.includes(a), `${what}: ${a} is not offered; allowed_actions = ${JSON.stringify(got)}`);
  }
}

/** The numeric value of a code (base 31 over the alphabet), to tell random from sequential. */
export function codeValue(code: string): bigint {
  let v = 0n;
  for (const ch of code.replace(/-/g, '')) {
    const d = TRACKING_ALPHABET.indexOf(ch);
    assert.ok(d >= 0, `tracking code character ${ch} of ${code} is in the alphabet`);
    v = v * 31n + BigInt(d);
  }
  return v;
}

/** A 409 naming the current state. */
export function assertInvalidState(res: ApiResponse, currentState: string, what: string): any {
  const p = assertProblem(res, { status: 409, code: 'invalid_state' }, what);
  assert.equal(p.current_state, currentState, `${what}: current_state in the problem ${res.body}`);
  return p;
}

/** A 422 problem with (at least) this pointer among its errors. */
export function assertPointer(res: ApiResponse, pointer: string | string[], what: string): any {
  const p = assertProblem(res, { status: 422 }, what);
  assert.ok(Array.isArray(p.errors) && p.errors.length > 0, `${what}: errors is a non-empty array: ${res.body}`);
  const got: string[] = p.errors.map((e: any) => e.pointer);
  const wanted = Array.isArray(pointer) ? pointer : [pointer];
  assert.ok(wanted.some((w) => got.includes(w)), `${what}: a pointer among ${JSON.stringify(wanted)} in ${res.body}`);
  return p;
}

/** The text of a reply / answer field, whether the API writes a string or {text, ...}. */
export function textOf(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && typeof (x as any).text === 'string') return (x as any).text;
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Citizens

const SURNAMES = ['亓', '郗', '訾', '璩', '禚', '厍'];
const GIVEN = ['望舒', '砚秋', '沐晗', '清晏', '知遥', '云岫'];

/** A citizen's name that no demo record holds (rare surnames and given names). */
export function citizenName(): string {
  return SURNAMES[randomInt(0, SURNAMES.length)] + GIVEN[randomInt(0, GIVEN.length)];
}

/**
 * The citizen of an opinion as a role that may not see it: the name's first character and
 * asterisks (张*), the mobile as 138****1234, and neither value in clear anywhere in the body.
 */
export function assertMaskedCitizen(body: string, item: any, name: string, mobile: string, what: string): void {
  assert.ok(item?.citizen && typeof item.citizen === 'object', `${what}: a citizen object: ${JSON.stringify(item).slice(0, 400)}`);
  const first = [...name][0];
  assert.match(String(item.citizen.name), new RegExp(`^${first}\\*+$`), `${what}: citizen.name masked like 张*: ${JSON.stringify(item.citizen)}`);
  assert.equal(item.citizen.mobile, masked(mobile), `${what}: citizen.mobile masked like 138****1234`);
  assertNoClearContact(body, name, mobile, what);
}

/** Neither the full name nor the full mobile anywhere in a body (raw text). */
export function assertNoClearContact(body: string, name: string, mobile: string, what: string): void {
  assert.ok(!body.includes(mobile), `${what}: the full mobile ${mobile} appears in ${body.slice(0, 600)}`);
  assert.ok(!body.includes(name), `${what}: the full name ${name} appears in ${body.slice(0, 600)}`);
}

/**
 * A tracking code as a role that may not see it: masked to its last 2 characters (the full
 * code nowhere in the body).
 */
export function assertMaskedCode(body: string, item: any, code: string, what: string): void {
  assert.equal(typeof item.tracking_code, 'string', `${what}: tracking_code is a string`);
  assert.notEqual(item.tracking_code, code, `${what}: tracking_code is masked`);
  assert.ok(item.tracking_code.endsWith(code.slice(-2)), `${what}: the masked code ${item.tracking_code} ends with the last 2 characters of ${code}`);
  assert.ok(!body.includes(code) && !body.includes(code.replace(/-/g, '')), `${what}: the full code ${code} appears in the body`);
}

// ---------------------------------------------------------------------------------------
// Attachments made byte by byte

/** A valid 2×2 RGB PNG; `padTo` grows it with an ancillary chunk. */
export function png(padTo = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = [head, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw))];
  const end = chunk('IEND', Buffer.alloc(0));
  const size = parts.reduce((n, b) => n + b.length, 0) + end.length;
  if (padTo > size) {
    assert.ok(padTo - size >= 20, 'room for a padding chunk');
    parts.push(chunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(padTo - size - 12 - 8, 0x61)])));
  }
  const out = Buffer.concat([...parts, end]);
  if (padTo) assert.equal(out.length, padTo, 'png padded to the size asked');
  return out;
}

/** A minimal valid one-page PDF. */
export function pdf(text = 'Huying'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 12 Tf 20 50 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** An HTML page with a script. */
export function html(): Buffer {
  return Buffer.from('<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>\n', 'utf8');
}

/** A Windows executable's head: MZ header pointing at a PE signature and a COFF header. */
export function exe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt16LE(0x90, 2);
  b.writeUInt32LE(0x80, 0x3c);
  b.write('This program cannot be run in DOS mode.\r\r\n$', 0x4e, 'latin1');
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84); // i386
  b.writeUInt16LE(1, 0x86); // sections
  b.writeUInt16LE(0xe0, 0x94); // optional header size
  b.writeUInt16LE(0x102, 0x96); // characteristics: executable, 32-bit
  b.writeUInt16LE(0x10b, 0x98); // PE32 magic
  return b;
}

export function attachment(filename: string, contentType: string, bytes: Buffer): Record<string, string> {
  return { filename, content_type: contentType, data_base64: bytes.toString('base64') };
}

// ---------------------------------------------------------------------------------------
// The bureau: who is who, sessions on demand, the opinion API and builders

/** A demo username, a user made here (by its key), 'admin' (the admin token), a named token, or null (anonymous). */
export type Who = string | null;

export interface Case {
  id: string;
  code: string;
  last4: string;
  name: string;
  mobile: string;
  title: string;
  content: string;
  /** The opinion as the last step answered it (keeper's view unless said otherwise). */
  item: any;
}

let titleCounter = 0;

export class Bureau {
  readonly server: ClockedServer;
  /** The 金水区 congress: station 1's. */
  congress = '';
  station = { id: '1', name: '' };
  /** Another station of the same congress, with its own keeper ('keeper.other'). */
  otherStation = { id: '', name: '' };
  /** Two active units of the congress ('unit.a' and 'unit.b' are users of them). */
  unitA = { id: '', name: '' };
  unitB = { id: '', name: '' };
  /** Station 1's deputies of its own congress, by mandate id. */
  stationDeputies: any[] = [];
  /** The deputies the accounts 'deputy.a' and 'deputy.b' act for: {mandateId, personId, name}. */
  deputyA = { mandateId: '', personId: '', name: '' };
  deputyB = { mandateId: '', personId: '', name: '' };
  /** Made-up users: key → username / password. */
  private made = new Map<string, { username: string; password: string }>();
  private tokens = new Map<string, string>();
  private sessions = new Map<string, Session>();

  constructor(server: ClockedServer) {
    this.server = server;
  }

  static async open(server: ClockedServer): Promise<Bureau> {
    const b = new Bureau(server);
    await b.init();
    return b;
  }

  private async init(): Promise<void> {
    const staff = await this.as('staff.jinshui');
    const grant = staff.user.grants.find((g: any) => g.role === 'staff');
    assert.ok(grant, `staff.jinshui has a staff grant: ${JSON.stringify(staff.user)}`);
    this.congress = String(grant.scope_id);
    const keeper = await this.as('keeper.jinshui');
    const kg = keeper.user.grants.find((g: any) => g.role === 'station_keeper');
    assert.ok(kg, 'keeper.jinshui has a station_keeper grant');
    this.station = { id: String(kg.scope_id), name: kg.scope_name };

    const page = await api(this.server, 'GET', `/api/v1/public/stations/${this.station.id}`);
    expectStatus(page, 200, `GET /api/v1/public/stations/${this.station.id}`);
    this.stationDeputies = page.json.deputies
      .filter((d: any) => String(d.congress_id) === this.congress)
      .sort((a: any, b: any) => Number(a.id) - Number(b.id));
    assert.ok(this.stationDeputies.length >= 2, `station ${this.station.id} has two deputies of congress ${this.congress}`);
    const [da, db] = this.stationDeputies;
    this.deputyA = { mandateId: String(da.id), personId: String(da.person_id), name: da.name };
    this.deputyB = { mandateId: String(db.id), personId: String(db.person_id), name: db.name };

    const units = await api(this.server, 'GET', '/api/v1/units?page_size=100', { session: staff });
    expectStatus(units, 200, 'GET /api/v1/units as staff.jinshui');
    const own = units.json.items.filter((u: any) => String(u.congress_id) === this.congress && u.active !== false);
    assert.ok(own.length >= 2, `two active units of congress ${this.congress}: ${units.body.slice(0, 400)}`);
    this.unitA = { id: String(own[0].id), name: own[0].name };
    this.unitB = { id: String(own[1].id), name: own[1].name };

    const stations = await api(this.server, 'GET', '/api/v1/stations?page_size=100', { token: this.server.token });
    expectStatus(stations, 200, 'GET /api/v1/stations');
    const other = stations.json.items.find((s: any) => String(s.congress_id) === this.congress && String(s.id) !== this.station.id && s.active !== false);
    assert.ok(other, `another station of congress ${this.congress}`);
    this.otherStation = { id: String(other.id), name: other.name };

    const c = this.congress;
    await this.makeUser('deputy.a', { congress_id: c, person_id: this.deputyA.personId, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: c }] });
    await this.makeUser('deputy.b', { congress_id: c, person_id: this.deputyB.personId, grants: [{ role: 'deputy', scope_type: 'congress', scope_id: c }] });
    await this.makeUser('unit.a', { congress_id: c, grants: [{ role: 'unit_handler', scope_type: 'unit', scope_id: this.unitA.id }] });
    await this.makeUser('unit.b', { congress_id: c, grants: [{ role: 'unit_handler', scope_type: 'unit', scope_id: this.unitB.id }] });
    await this.makeUser('leader.jinshui', { congress_id: c, grants: [{ role: 'leader', scope_type: 'congress', scope_id: c }] });
    await this.makeUser('keeper.other', { congress_id: c, grants: [{ role: 'station_keeper', scope_type: 'station', scope_id: this.otherStation.id }] });
  }

  /**
   * POST /api/v1/users (admin token) and a first sign-in that replaces the one-time
   * password; `key` names the user in `as()` from then on.
   */
  async makeUser(key: string, spec: { congress_id?: string; person_id?: string; grants: any[]; display_name?: string }): Promise<string> {
    const username = `t.${key.replace(/[^a-z]/g, '')}${randomInt(0, 1e6)}`;
    const res = await api(this.server, 'POST', '/api/v1/users', {
      token: this.server.token,
      body: { username, display_name: spec.display_name ?? `测试${key}`, ...spec },
    });
    expectStatus(res, 201, `POST /api/v1/users ${key} ${JSON.stringify(spec)}`);
    const otp = res.json.one_time_password;
    const s = await login(this.server, username, otp);
    const pw = await api(this.server, 'POST', '/api/v1/auth/password', { session: s, body: { current_password: otp, new_password: GOOD_PASSWORD } });
    expectStatus(pw, 204, `first password of ${key}`);
    this.made.set(key, { username, password: GOOD_PASSWORD });
    return username;
  }

  /** Registers a bearer token under a name usable as `who`. */
  addToken(name: string, token: string): void {
    this.tokens.set(name, token);
  }

  // -- clock and sessions ------------------------------------------------------------

  /** Moves the clock to `time` on civil date `d` in Beijing; sessions are signed in again. */
  day(d: string, time = '09:00'): void {
    setNow(this.server, beijing(d, time));
    this.sessions.clear();
  }

  /** Moves the clock by minutes (sessions kept). */
  advance(minutes: number): void {
    this.server.clock.advance(minutes);
  }

  today(): string {
    return beijingDate(this.server.clock.now());
  }

  async as(who: string): Promise<Session> {
    let s = this.sessions.get(who);
    if (!s) {
      const m = this.made.get(who);
      s = m ? await login(this.server, m.username, m.password) : await login(this.server, who, DEMO_PASSWORD);
      this.sessions.set(who, s);
    }
    return s;
  }

  async auth(who: Who): Promise<Pick<ApiOptions, 'session' | 'token'>> {
    if (who === null) return {};
    if (who === 'admin') return { token: this.server.token };
    const t = this.tokens.get(who);
    if (t) return { token: t };
    return { session: await this.as(who) };
  }

  async call(who: Who, method: string, p: string, opts: Omit<ApiOptions, 'session' | 'token'> = {}): Promise<ApiResponse> {
    return api(this.server, method, p, { ...(await this.auth(who)), ...opts });
  }

  // -- bodies --------------------------------------------------------------------------

  /** A complete opinion body addressed to station 1 (online channel), with a fresh citizen. */
  body(over: Record<string, unknown> = {}): Record<string, any> {
    const n = ++titleCounter;
    const tag = `${Date.now().toString(36)}${n}`;
    return {
      station_id: this.station.id,
      channel: 'online',
      category: 'urban',
      title: `小区门口路灯长期不亮（${tag}）`,
      content: `经三路与纬五路交叉口往北约两百米的路灯已经坏了一个多月，晚上行人和电动车都看不清路，希望尽快维修。（${tag}）`,
      name: citizenName(),
      mobile: newMobile(),
      location: '金水区经三路纬五路口',
      publish: false,
      ...over,
    };
  }

  // -- the public API ------------------------------------------------------------------

  /** POST /api/v1/public/opinions, whatever the answer. */
  submitRes(body: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return api(this.server, 'POST', '/api/v1/public/opinions', { body, headers });
  }

  /**
   * A public submission that must succeed, moved out of the intake queue and found again in
   * the keeper's station box.
   */
  async submit(over: Record<string, unknown> = {}): Promise<Case> {
    const body = this.body(over);
    const res = await this.submitRes(body);
    expectStatus(res, 201, `POST /api/v1/public/opinions ${JSON.stringify({ ...body, attachments: undefined }).slice(0, 300)}`);
    const code = res.json.tracking_code;
    assert.match(String(code), TRACKING_CODE_RE, `tracking_code format: ${res.body}`);
    await this.processIntake();
    const item = await this.findByCode(code, body.title);
    return { id: String(item.id), code, last4: body.mobile.slice(-4), name: body.name, mobile: body.mobile, title: body.title, content: body.content, item };
  }

  /** The keeper of station 1 finds an opinion by its (full) tracking code. */
  async findByCode(code: string, title: string, who: Who = 'keeper.jinshui'): Promise<any> {
    const q = await this.call(who, 'GET', `/api/v1/opinions?box=station&q=${encodeURIComponent(title)}&page_size=100`);
    expectStatus(q, 200, `GET /api/v1/opinions?box=station&q=… as ${who}`);
    let hit = q.json.items.find((o: any) => o.tracking_code === code);
    if (!hit) {
      const all = await this.list(who, 'box=station');
      hit = all.find((o: any) => o.tracking_code === code);
    }
    assert.ok(hit, `opinion ${code} in ${who}'s station box`);
    return hit;
  }

  /** Every item of GET /api/v1/opinions?<query> (pages of 100). */
  async list(who: Who, query: string): Promise<any[]> {
    const out: any[] = [];
    for (let page = 1; page <= 100; page++) {
      const res = await this.call(who, 'GET', `/api/v1/opinions?${query}&page=${page}&page_size=100`);
      expectStatus(res, 200, `GET /api/v1/opinions?${query} as ${who}`);
      assert.ok(Array.isArray(res.json.items), `items: ${res.body.slice(0, 300)}`);
      out.push(...res.json.items);
      if (res.json.items.length < 100) return out;
    }
    throw new Error('more than 100 pages of opinions');
  }

  trackRes(code: string, last4: string): Promise<ApiResponse> {
    return api(this.server, 'POST', '/api/v1/public/opinions/track', { body: { code, last4 } });
  }

  async track(c: { code: string; last4: string }): Promise<any> {
    const res = await this.trackRes(c.code, c.last4);
    expectStatus(res, 200, `POST /api/v1/public/opinions/track ${c.code}`);
    return res.json;
  }

  rateRes(c: { code: string; last4: string }, rating: string, comment?: string): Promise<ApiResponse> {
    return api(this.server, 'POST', '/api/v1/public/opinions/rate', { body: { code: c.code, last4: c.last4, rating, ...(comment ? { comment } : {}) } });
  }

  async rate(c: { code: string; last4: string }, rating: string, comment?: string): Promise<any> {
    const res = await this.rateRes(c, rating, comment);
    expectStatus(res, 200, `POST /api/v1/public/opinions/rate ${c.code} ${rating}`);
    return res.json;
  }

  // -- the workbench API ---------------------------------------------------------------

  /** POST /api/v1/opinions as `who`, whatever the answer. */
  registerRes(who: Who, body: unknown): Promise<ApiResponse> {
    return this.call(who, 'POST', '/api/v1/opinions', { body });
  }

  /** An opinion registered by `who` (the keeper by default, channel phone). */
  async register(who: Who = 'keeper.jinshui', over: Record<string, unknown> = {}): Promise<Case> {
    const body = this.body({ channel: 'phone', ...over });
    const res = await this.registerRes(who, body);
    expectStatus(res, 201, `POST /api/v1/opinions as ${who} ${JSON.stringify(body).slice(0, 300)}`);
    const item = res.json;
    assert.ok(item.id !== undefined && item.id !== null, `the opinion has an id: ${res.body.slice(0, 300)}`);
    let code = item.tracking_code;
    if (!TRACKING_CODE_RE.test(String(code))) code = (await this.findByCode(String(code), body.title)).tracking_code;
    return { id: String(item.id), code, last4: body.mobile.slice(-4), name: body.name, mobile: body.mobile, title: body.title, content: body.content, item };
  }

  getRes(id: string, who: Who): Promise<ApiResponse> {
    return this.call(who, 'GET', `/api/v1/opinions/${id}`);
  }

  async get(id: string, who: Who = 'keeper.jinshui'): Promise<any> {
    const res = await this.getRes(id, who);
    expectStatus(res, 200, `GET /api/v1/opinions/${id} as ${who}`);
    return res.json;
  }

  act(who: Who, id: string, action: string, body: unknown = {}): Promise<ApiResponse> {
    return this.call(who, 'POST', `/api/v1/opinions/${id}/${action}`, { body });
  }

  /** A transition that must succeed; returns the opinion it answers. */
  async do(who: Who, id: string, action: string, body: unknown = {}): Promise<any> {
    const res = await this.act(who, id, action, body);
    expectStatus(res, 200, `POST /api/v1/opinions/${id}/${action} as ${who} ${JSON.stringify(body)}`);
    assert.equal(String(res.json?.id), id, `${action} answers the opinion`);
    return res.json;
  }

  async timeline(id: string, who: Who = 'keeper.jinshui'): Promise<any[]> {
    const res = await this.call(who, 'GET', `/api/v1/opinions/${id}/timeline`);
    expectStatus(res, 200, `GET /api/v1/opinions/${id}/timeline as ${who}`);
    assert.ok(Array.isArray(res.json.items), `timeline items: ${res.body.slice(0, 300)}`);
    return res.json.items;
  }

  // -- builders (each returns the case with `item` as the last step answered) ------------

  async received(over: Record<string, unknown> = {}): Promise<Case> {
    return this.submit(over);
  }

  async accepted(over: Record<string, unknown> = {}, who: Who = 'keeper.jinshui'): Promise<Case> {
    const c = await this.received(over);
    c.item = await this.do(who, c.id, 'accept', { note: '已受理，将尽快处理' });
    return c;
  }

  async answeredOnSpot(over: Record<string, unknown> = {}, text = '已联系城管部门，路灯将于三日内修复。'): Promise<Case> {
    const c = await this.accepted(over);
    c.item = await this.do('keeper.jinshui', c.id, 'answer-on-spot', { text });
    return c;
  }

  async referred(over: Record<string, unknown> = {}, unitId = this.unitA.id): Promise<Case> {
    const c = await this.accepted(over);
    c.item = await this.do('keeper.jinshui', c.id, 'refer', { unit_id: unitId, note: '请职能部门核实处理' });
    return c;
  }

  async unitReplied(over: Record<string, unknown> = {}): Promise<Case> {
    const c = await this.referred(over);
    c.item = await this.do('unit.a', c.id, 'unit-reply', { text: '经核实，该路段路灯线路老化，已安排更换。' });
    return c;
  }

  async replied(over: Record<string, unknown> = {}, text = '经区城管局核实，路灯线路已更换，现已恢复照明。'): Promise<Case> {
    const c = await this.unitReplied(over);
    c.item = await this.do('keeper.jinshui', c.id, 'reply', { text });
    return c;
  }

  // -- the intake queue ------------------------------------------------------------------

  /**
   * POST /api/v1/opinions/intake/run (administrator token): every public submission still
   * queued in opinion_intake becomes an opinion now → {processed, failed, pending}. The test
   * servers run no intake worker, so a test that submits through the public API and then
   * looks for the opinion (boards, timeline, audit, messages, inboxes) calls this first.
   */
  async processIntake(): Promise<{ processed: number; failed: number; pending: number }> {
    const res = await this.call('admin', 'POST', '/api/v1/opinions/intake/run', { body: {} });
    expectStatus(res, 200, 'POST /api/v1/opinions/intake/run');
    for (const k of ['processed', 'failed', 'pending']) {
      assert.ok(Number.isInteger(res.json?.[k]) && res.json[k] >= 0, `intake/run: ${k} is a count: ${res.body.slice(0, 300)}`);
    }
    return res.json;
  }

  // -- the notifier ----------------------------------------------------------------------

  /** POST /api/v1/notifier/run (administrator token). */
  async runNotifier(): Promise<any> {
    const res = await this.call('admin', 'POST', '/api/v1/notifier/run', { body: {} });
    expectStatus(res, 200, 'POST /api/v1/notifier/run');
    return res.json;
  }

  /** Every delivery of GET /api/v1/notifier/deliveries (administrator token). */
  async deliveries(query = ''): Promise<{ items: any[]; bodies: string[] }> {
    const items: any[] = [];
    const bodies: string[] = [];
    for (let page = 1; page <= 100; page++) {
      const res = await this.call('admin', 'GET', `/api/v1/notifier/deliveries?${query}${query ? '&' : ''}page=${page}&page_size=100`);
      expectStatus(res, 200, `GET /api/v1/notifier/deliveries?${query}`);
      assert.ok(Array.isArray(res.json.items), `deliveries items: ${res.body.slice(0, 300)}`);
      items.push(...res.json.items);
      bodies.push(res.body);
      if (res.json.items.length < 100) return { items, bodies };
    }
    throw new Error('more than 100 pages of deliveries');
  }
}

/** POSTs raw bytes as application/json (for what JSON.stringify cannot write, e.g. invalid UTF-8). */
export async function postRaw(server: { url: string }, p: string, bytes: Buffer, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const res = await fetch(server.url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: new Uint8Array(bytes),
    redirect: 'manual',
  });
  const out = Buffer.from(await res.arrayBuffer());
  const h: Record<string, string> = {};
  res.headers.forEach((v, k) => (h[k.toLowerCase()] = v));
  const text = out.toString('utf8');
  let json: any;
  if (/json/.test(h['content-type'] ?? '') && text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: h, body: text, bytes: out, json, cookies: [] };
}

/** Today in Beijing on a server's clock. */
export function todayOf(server: ClockedServer): string {
  return beijingDate(server.clock.now());
}
