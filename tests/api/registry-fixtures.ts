// Shared set-up for the registry tests (registry-*.test.ts, docs/registry.md): valid
// GB 11643 ID numbers, CSV files in UTF-8 / UTF-8 with BOM / GB18030, the import endpoint
// and its progress polling, the public directory's lists walked page by page, great-circle
// distances and reception days computed here to check the server against. Not a test file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { api, type ApiResponse, type TestServer } from './harness.ts';
import { asAdminToken, ok, type Auth } from './accounts-fixtures.ts';

// ---------------------------------------------------------------------------------------
// ID numbers (GB 11643-1999 公民身份号码): 6-digit region, 8-digit birth date, 3-digit
// sequence, check character from ISO 7064 MOD 11-2.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  assert.match(first17, /^\d{17}$/, `17 digits: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

/** The same ID number with a wrong check character. */
export function withBadCheckChar(id: string): string {
  const good = id[17];
  const bad = ID_CHECK.split('').find((c) => c !== good)!;
  return id.slice(0, 17) + bad;
}

let idCounter = 0;
const idBaseDay = Date.UTC(1960, 0, 1) / 86400_000 + randomInt(0, 9000);

/**
 * A valid ID number nobody else in this process has, and (by its registration region,
 * Beijing's 东城区 unless told) none of the demo data's Henan-born deputies either: a
 * per-process counter gives the sequence number and, unless a birth date is given, steps
 * the birth date every 1000 numbers. Returns the birth date too, as YYYY-MM-DD.
 */
export function newIdNumber(birthDate?: string, region = '110101'): { id: string; birthDate: string } {
  const n = idCounter++;
  const seq = n % 1000;
  const day = birthDate ?? new Date((idBaseDay + Math.floor(n / 1000)) * 86400_000).toISOString().slice(0, 10);
  const first17 = `${region}${day.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return { id: first17 + idCheckChar(first17), birthDate: day };
}

/** A YYYY-MM-DD that is a day of the calendar. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}

/** A mainland mobile number no test has used in this process (138 + counter + random). */
let mobileCounter = randomInt(0, 1000);
export function newMobile(): string {
  return `138${String(mobileCounter++ % 10000).padStart(4, '0')}${String(randomInt(0, 10000)).padStart(4, '0')}`;
}

/** A home address that cannot appear by chance in any other field. */
export function newHomeAddress(): string {
  return `河南省郑州市中原区秘苑路${randomInt(1, 999)}号${randomInt(1, 30)}号楼${randomInt(101, 2999)}室`;
}

// ---------------------------------------------------------------------------------------
// CSV files

/** The import columns: English key → the Chinese header. */
export const COLUMNS: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  id_number: '身份证号',
  region_code: '选区代码',
  start_date: '当选日期',
  birth_date: '出生日期',
  ethnicity: '民族',
  party: '党派',
  occupation: '职务',
  mobile: '手机',
  home_address: '家庭住址',
  delegation: '代表团',
  deputy_group: '代表小组',
  station_id: '联络站编号',
};

/** The columns a file has unless a test says otherwise (the documented ones, without station_id). */
export const DEFAULT_COLUMNS = Object.keys(COLUMNS).filter((c) => c !== 'station_id');

/** One row of a deputies CSV, by English column key. */
export type DeputyRow = { [column: string]: string | undefined };

/**
 * A complete, valid row: a fresh ID number, mobile and home address; `over` replaces any
 * field (an empty string leaves it empty).
 */
export function deputyRow(over: DeputyRow = {}): DeputyRow {
  const region = over.region_code ?? '410102';
  const given = over.birth_date && isRealDate(over.birth_date) ? over.birth_date : undefined;
  const { id, birthDate } = newIdNumber(given);
  return {
    name: '李秀英',
    gender: '女',
    id_number: id,
    region_code: region,
    start_date: '2021-12-01',
    birth_date: birthDate,
    ethnicity: '汉族',
    party: '中国共产党',
    occupation: '郑州市中原区某街道社区党委书记',
    mobile: newMobile(),
    home_address: newHomeAddress(),
    delegation: '',
    deputy_group: '',
    ...over,
  };
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export interface CsvOptions {
  /** Column keys in order (default: DEFAULT_COLUMNS). */
  columns?: string[];
  /** Write the header in Chinese (default) or with the English keys. */
  header?: 'zh' | 'en';
  /** Line ending (default CRLF, as Excel writes). */
  eol?: string;
}

/** A CSV text: the header row and one line per row. */
export function csvText(rows: DeputyRow[], opts: CsvOptions = {}): string {
  const cols = opts.columns ?? DEFAULT_COLUMNS;
  const eol = opts.eol ?? '\r\n';
  const head = cols.map((c) => (opts.header === 'en' ? c : COLUMNS[c] ?? c));
  const lines = [head.map(csvField).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvField(r[c] ?? '')).join(','));
  return lines.join(eol) + eol;
}

/** UTF-8 bytes, with a BOM when asked. */
export function utf8(text: string, bom = false): Buffer {
  const b = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) : b;
}

/** GB18030 bytes, by the system's iconv (glibc: libc-bin). */
export function gb18030(text: string): Buffer {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });
}

/** True when the bytes are not valid UTF-8 (what `encoding=auto` keys on). */
export function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// The import endpoint

export interface ImportOptions {
  term?: number;
  dryRun?: boolean;
  encoding?: 'auto' | 'utf-8' | 'gb18030';
  auth?: Auth;
  contentType?: string;
}

/** POST /api/v1/deputies/imports with the file as the body, whatever the answer. */
export async function postImport(server: TestServer, congressId: string, body: Buffer | string, opts: ImportOptions = {}): Promise<ApiResponse> {
  const qs = new URLSearchParams({ congress_id: congressId });
  if (opts.term !== undefined) qs.set('term', String(opts.term));
  if (opts.dryRun) qs.set('dry_run', 'true');
  if (opts.encoding) qs.set('encoding', opts.encoding);
  const auth = opts.auth ?? asAdminToken(server);
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'text/csv' };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.session) {
    headers.cookie = auth.session.cookie;
    headers['x-csrf-token'] = auth.session.csrf;
  }
  const res = await fetch(`${server.url}/api/v1/deputies/imports?${qs}`, {
    method: 'POST',
    headers,
    body: new Uint8Array(typeof body === 'string' ? Buffer.from(body, 'utf8') : body),
    redirect: 'manual',
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const h: Record<string, string> = {};
  res.headers.forEach((v, k) => (h[k.toLowerCase()] = v));
  const text = bytes.toString('utf8');
  let json: any;
  if (/json/.test(h['content-type'] ?? '') && text) json = JSON.parse(text);
  return { status: res.status, headers: h, body: text, bytes, json, cookies: [] };
}

export const FINAL_STATES = ['succeeded', 'failed'];

/** The shape of GET /api/v1/imports/{id}. */
export function assertImportShape(j: any, where: string): void {
  for (const k of ['id', 'kind', 'dry_run', 'state', 'encoding', 'total_rows', 'processed_rows', 'imported_rows', 'errors']) {
    assert.ok(k in j, `${where}: import has ${k}: ${JSON.stringify(j).slice(0, 400)}`);
  }
  assert.equal(typeof j.id, 'string', `${where}: id is a string`);
  assert.equal(j.kind, 'deputies', `${where}: kind`);
  assert.equal(typeof j.dry_run, 'boolean', `${where}: dry_run is a boolean`);
  assert.ok(['running', ...FINAL_STATES].includes(j.state), `${where}: state ${j.state}`);
  for (const k of ['total_rows', 'processed_rows', 'imported_rows']) assert.ok(Number.isInteger(j[k]) && j[k] >= 0, `${where}: ${k} = ${j[k]}`);
  assert.ok(j.processed_rows <= j.total_rows || j.total_rows === 0, `${where}: processed ${j.processed_rows} ≤ total ${j.total_rows}`);
  assert.ok(Array.isArray(j.errors), `${where}: errors is an array`);
  for (const e of j.errors) {
    // Row 1 is the header; row 0 stands for the file as a whole (e.g. it cannot be decoded).
    assert.ok(Number.isInteger(e.row) && e.row >= 0, `${where}: error row ${JSON.stringify(e)}`);
    assert.equal(typeof e.column, 'string', `${where}: error column ${JSON.stringify(e)}`);
    assert.equal(typeof e.reason, 'string', `${where}: error reason ${JSON.stringify(e)}`);
    assert.ok(e.reason.length > 0, `${where}: error reason not empty ${JSON.stringify(e)}`);
  }
}

/**
 * Polls GET /api/v1/imports/{id} until the state is final: a bounded number of polls,
 * 20 ms apart (a poll interval, not a wait for time to pass). Checks every snapshot's
 * shape. Returns the final state and every snapshot seen (assertProgress checks them).
 */
export async function waitImport(server: TestServer, id: string, auth: Auth = asAdminToken(server), maxPolls = 6000): Promise<{ final: any; snapshots: any[] }> {
  const snapshots: any[] = [];
  for (let i = 0; i < maxPolls; i++) {
    const j = await ok(api(server, 'GET', `/api/v1/imports/${id}`, auth), `GET /api/v1/imports/${id}`);
    assertImportShape(j, `import ${id} poll ${i}`);
    assert.equal(j.id, id, 'the import polled');
    snapshots.push(j);
    if (FINAL_STATES.includes(j.state)) return { final: j, snapshots };
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`import ${id} still running after ${maxPolls} polls: ${JSON.stringify(snapshots.at(-1))}`);
}

/**
 * The snapshots of a running import make a progress bar: once rows are processed the
 * total is known (processed ≤ total), and processed_rows never goes back (within a phase,
 * when the server reports phases).
 */
export function assertProgress(snapshots: any[]): void {
  let prev: any;
  for (const j of snapshots) {
    if (j.state === 'running' && j.processed_rows > 0) {
      assert.ok(j.total_rows >= j.processed_rows, `while running, total_rows (${j.total_rows}) is known and ≥ processed_rows (${j.processed_rows})`);
    }
    if (prev && prev.state === 'running' && j.state === 'running' && (j.phase === undefined || j.phase === prev.phase)) {
      assert.ok(j.processed_rows >= prev.processed_rows, `processed_rows never goes back: ${prev.processed_rows} → ${j.processed_rows} (phase ${prev.phase} → ${j.phase})`);
    }
    prev = j;
  }
}

/** Posts an import (asserting 202 + Location), waits for its final state and returns it. */
export async function runImport(server: TestServer, congressId: string, body: Buffer | string, opts: ImportOptions = {}): Promise<{ final: any; started: any; snapshots: any[]; res: ApiResponse }> {
  const res = await postImport(server, congressId, body, opts);
  assert.equal(res.status, 202, `POST /api/v1/deputies/imports: ${res.status} ${res.body.slice(0, 800)}`);
  const started = res.json;
  assert.ok(started && typeof started.id === 'string', `202 body has an id: ${res.body.slice(0, 400)}`);
  assert.equal(res.headers['location'], `/api/v1/imports/${started.id}`, 'Location of the import');
  const auth = opts.auth ?? asAdminToken(server);
  const { final, snapshots } = await waitImport(server, started.id, auth);
  assert.equal(final.dry_run, !!opts.dryRun, 'dry_run echoed');
  return { final, started, snapshots, res };
}

/** Imports rows that must all go in; returns the final import. */
export async function importRows(server: TestServer, congressId: string, rows: DeputyRow[], opts: ImportOptions & CsvOptions = {}): Promise<any> {
  const { final } = await runImport(server, congressId, csvText(rows, opts), opts);
  assert.deepEqual(final.errors, [], `a clean import has no errors: ${JSON.stringify(final.errors)}`);
  assert.equal(final.state, 'succeeded', `import state: ${JSON.stringify(final)}`);
  assert.equal(final.imported_rows, rows.length, 'imported_rows');
  return final;
}

// ---------------------------------------------------------------------------------------
// Lists

/** Every item of a paged list (page_size 200), following pages up to `maxPages`. */
export async function allPages(server: TestServer, p: string, auth: Auth | undefined = undefined, maxPages = 100): Promise<any[]> {
  const items: any[] = [];
  const sep = p.includes('?') ? '&' : '?';
  for (let page = 1; page <= maxPages; page++) {
    const j = await ok(api(server, 'GET', `${p}${sep}page=${page}&page_size=200`, auth ?? {}), `GET ${p} page ${page}`);
    assert.ok(Array.isArray(j.items), `${p}: items`);
    items.push(...j.items);
    if (items.length >= j.total || j.items.length === 0) return items;
  }
  assert.fail(`${p}: more than ${maxPages} pages`);
}

/** The staff list of one congress (admin token): every mandate. */
export function staffDeputies(server: TestServer, congressId: string, extra = ''): Promise<any[]> {
  return allPages(server, `/api/v1/deputies?congress_id=${congressId}${extra}`, asAdminToken(server));
}

/** The public search: every item. */
export function publicDeputies(server: TestServer, query: string): Promise<any[]> {
  return allPages(server, `/api/v1/public/deputies?${query}`);
}

/** The mandates (staff view) of these ID numbers' holders in a congress, by unmasked name + masked id. */
export async function mandatesByName(server: TestServer, congressId: string, name: string): Promise<any[]> {
  return (await staffDeputies(server, congressId, `&q=${encodeURIComponent(name)}`)).filter((d) => d.name === name);
}

// ---------------------------------------------------------------------------------------
// Private fields

export const PRIVATE_KEYS = ['id_number', 'mobile', 'home_address', 'birth_date'];

/**
 * Asserts that no key anywhere in the JSON is a private field and that no string value
 * contains any of the private values (nor does the raw body).
 */
export function assertNoPrivate(body: string, privateValues: string[], where: string): void {
  for (const v of privateValues) assert.ok(!body.includes(v), `${where}: the body contains the private value ${v}`);
  const walk = (node: unknown, p: string) => {
    if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        assert.ok(!PRIVATE_KEYS.includes(k), `${where}: private key ${p}.${k}`);
        walk(v, `${p}.${k}`);
      }
    } else if (typeof node === 'string') {
      for (const v of privateValues) assert.ok(!node.includes(v), `${where}: ${p} = ${node} holds a private value`);
    }
  };
  walk(JSON.parse(body), '$');
}

// ---------------------------------------------------------------------------------------
// Geography and reception days

export const EARTH_RADIUS_M = 6371008.8;

/** Great-circle distance in metres (haversine). */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The point `metres` away from (lat, lng) on a bearing (degrees from north). */
export function offsetPoint(lat: number, lng: number, metres: number, bearingDeg: number): [number, number] {
  const rad = Math.PI / 180;
  const d = metres / EARTH_RADIUS_M;
  const b = bearingDeg * rad;
  const la1 = lat * rad;
  const lo1 = lng * rad;
  const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
  const lo2 = lo1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
  return [la2 / rad, lo2 / rad];
}

/** The calendar date in Asia/Shanghai (UTC+8, no DST) of an instant, as YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The next `count` reception days on or after `from` (YYYY-MM-DD) for "weekly:1,4" (ISO
 * weekdays) or "monthly:9,19" (days of the month; a day a month lacks is skipped).
 */
export function nextReceptionDays(schedule: string, from: string, count = 5): string[] {
  const m = /^(weekly|monthly):(\d+(?:,\d+)*)$/.exec(schedule);
  assert.ok(m, `a reception schedule the test understands: ${JSON.stringify(schedule)}`);
  const days = new Set(m[2].split(',').map(Number));
  const out: string[] = [];
  let t = Date.parse(`${from}T00:00:00Z`);
  for (let i = 0; out.length < count && i < 800; i++, t += 86400_000) {
    const d = new Date(t);
    const key = m[1] === 'weekly' ? ((d.getUTCDay() + 6) % 7) + 1 : d.getUTCDate();
    if (days.has(key)) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Deputies made on the spot

let tagCounter = randomInt(0, 1000);
/** An occupation that tells this deputy apart from any demo deputy of the same name. */
export function taggedOccupation(base = '社区工作者'): string {
  return `${base}（测试${tagCounter++}）`;
}

/**
 * Imports the rows into a congress (all must go in) and returns each row's staff record,
 * told apart from demo deputies of the same name by a tagged occupation.
 */
export async function importDeputies(server: TestServer, congressId: string, rows: DeputyRow[], opts: ImportOptions & CsvOptions = {}): Promise<any[]> {
  const tagged: DeputyRow[] = rows.map((r): DeputyRow => ({ ...r, occupation: r.occupation && /（测试\d+）$/.test(r.occupation) ? r.occupation : taggedOccupation(r.occupation || undefined) }));
  await importRows(server, congressId, tagged, opts);
  const out: any[] = [];
  for (const r of tagged) {
    const found = (await staffDeputies(server, congressId, `&q=${encodeURIComponent(r.name!)}`)).filter((d) => d.name === r.name && d.occupation === r.occupation);
    assert.equal(found.length, 1, `${r.name} (${r.occupation}) in the staff list of congress ${congressId}: ${JSON.stringify(found)}`);
    out.push({ ...found[0], row: r });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Stations made on the spot

export interface StationSpec {
  name: string;
  congress_id: string;
  kind?: 'home' | 'station' | 'hub' | 'online';
  region_code?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  opening_hours?: string;
  reception_schedule?: string;
  phone?: string;
}

/** POST /api/v1/stations (admin token) → the station's public page. */
export async function createStation(server: TestServer, spec: StationSpec): Promise<any> {
  const res = await api(server, 'POST', '/api/v1/stations', { token: server.token, body: { kind: 'station', region_code: '410102', ...spec } });
  assert.equal(res.status, 201, `POST /api/v1/stations ${spec.name} (with kind, region_code, address, latitude, longitude, opening_hours, reception_schedule, phone): ${res.status} ${res.body.slice(0, 600)}`);
  return ok(api(server, 'GET', `/api/v1/public/stations/${res.json.id}`), `public page of station ${res.json.id}`);
}
