// Test harness for the black-box API tests: fresh databases, a real `huying serve`
// process per test file, and raw-socket HTTP for what fetch cannot send.
//
// Environment:
//   HYTEST_BIN           the server binary (default <repo>/build/release/huying)
//   HYTEST_ENGINE   sqlite (default) | postgresql
//   HYTEST_PG_URL   base URL of a PostgreSQL the tests may create databases in
//                        (default: the contents of <repo>/build/pg/url, written by
//                        scripts/start-postgres.sh)
//   HYTEST_VERBOSE  1: copy every server stderr line to this process's stderr
//   HYTEST_KEEP     1: keep temporary directories and databases after the tests
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const huyingBin = process.env.HYTEST_BIN ?? path.join(repoRoot, 'build', 'release', 'huying');

export type Engine = 'sqlite' | 'postgresql';

export function defaultEngine(): Engine {
  const e = process.env.HYTEST_ENGINE ?? 'sqlite';
  if (e !== 'sqlite' && e !== 'postgresql') throw new Error(`HYTEST_ENGINE must be sqlite or postgresql, not ${e}`);
  return e;
}

export function pgBaseUrl(): string {
  const fromEnv = process.env.HYTEST_PG_URL;
  if (fromEnv) return fromEnv;
  const file = path.join(repoRoot, 'build', 'pg', 'url');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new Error('HYTEST_PG_URL is not set and build/pg/url is missing: run scripts/start-postgres.sh');
}

/** The same URL pointing at another database of the same cluster. */
export function withDatabase(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = '/' + dbName;
  return u.toString();
}

// ---------------------------------------------------------------------------------------
// Child processes

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (no shell) and collects its output. */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${opts.timeoutMs ?? 60000} ms\n${stderr}`));
    }, opts.timeoutMs ?? 60000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // the child may exit without reading its input
      child.stdin.end(opts.input);
    }
  });
}

/**
 * The environment for `huying` processes: ours without any HUYING_* variable (the test
 * runner's own HYTEST_* / HYTEST_BIN must not reach the server's configuration),
 * plus `extra`.
 */
export function huyingEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HUYING_')) env[k] = v;
  return { ...env, ...extra };
}

/** Runs a `huying` sub-command. */
export function huying(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  return run(huyingBin, args, { env: opts.env ?? huyingEnv(), timeoutMs: opts.timeoutMs ?? 120000 });
}

async function mustSucceed(what: string, r: Promise<RunResult>): Promise<RunResult> {
  const res = await r;
  if (res.code !== 0) {
    throw new Error(`${what} failed (exit ${res.code}, signal ${res.signal})\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
  }
  return res;
}

/** psql against `url`, stopping at the first error; returns stdout (unaligned, tuples only). */
export async function psql(url: string, sql: string): Promise<string> {
  const r = await mustSucceed(
    `psql ${sql}`,
    run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { timeoutMs: 30000 }),
  );
  return r.stdout.trim();
}

/** sqlite3 CLI on a database file, waiting up to 10 s on a locked database. */
export async function sqlite(file: string, sql: string): Promise<string> {
  const r = await mustSucceed(`sqlite3 ${sql}`, run('sqlite3', ['-cmd', '.timeout 10000', file, sql], { timeoutMs: 30000 }));
  return r.stdout.trim();
}

// ---------------------------------------------------------------------------------------
// Databases

export interface TestDatabase {
  engine: Engine;
  /** The URL `huying --database` takes. */
  url: string;
  /** sqlite: the database file. */
  file?: string;
  /** postgresql: the database name and the admin URL of the cluster (database postgres). */
  name?: string;
  adminUrl?: string;
  /** Runs SQL against this database with the engine's CLI (sqlite3 or psql). */
  sql(statement: string): Promise<string>;
  drop(): Promise<void>;
}

export async function createDatabase(engine: Engine = defaultEngine()): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huying-test-db-'));
    const file = path.join(dir, 'huying.db');
    return {
      engine,
      url: `sqlite://${file}`,
      file,
      sql: (s) => sqlite(file, s),
      drop: async () => {
        if (process.env.HYTEST_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = pgBaseUrl();
  const name = `huying_t_${randomBytes(6).toString('hex')}`;
  await psql(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  return {
    engine,
    url,
    name,
    adminUrl,
    sql: (s) => psql(url, s),
    drop: async () => {
      if (process.env.HYTEST_KEEP !== '1') await psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A fresh database with migrations applied and (by default) the demo data loaded. */
export async function prepareDatabase(
  opts: { engine?: Engine; migrate?: boolean; demoData?: boolean; args?: string[] } = {},
): Promise<TestDatabase> {
  const db = await createDatabase(opts.engine ?? defaultEngine());
  const extra = opts.args ?? [];
  if (opts.migrate !== false) await mustSucceed('huying migrate', huying(['migrate', '--database', db.url, ...extra]));
  if (opts.migrate !== false && opts.demoData !== false) {
    await mustSucceed('huying demo-data', huying(['demo-data', '--database', db.url, ...extra]));
  }
  return db;
}

/** `huying token create`: the token is stdout's last non-empty line. `args`: extra flags. */
export async function createToken(dbUrl: string, name = 'test', role = 'admin', args: string[] = []): Promise<string> {
  const r = await mustSucceed(
    'huying token create',
    huying(['token', 'create', '--database', dbUrl, '--name', name, '--role', role, ...args]),
  );
  const lines = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const token = lines.at(-1);
  if (!token) throw new Error(`huying token create printed no token:\n${r.stdout}\n${r.stderr}`);
  return token;
}

// ---------------------------------------------------------------------------------------
// The server

export interface LogLine {
  raw: string;
  /** The parsed JSON line, or undefined when the line is not JSON. */
  json?: Record<string, unknown>;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TestServer {
  url: string;
  host: string;
  port: number;
  token: string;
  db: TestDatabase;
  dbUrl: string;
  engine: Engine;
  webRoot: string;
  /** The injectable clock the server reads (when started with `clock`). */
  clock?: TestClock;
  proc: ChildProcess;
  /** Every stderr line so far, in order. */
  logs: LogLine[];
  /** Resolves when the process has exited. */
  exited: Promise<ExitInfo>;
  exitInfo(): ExitInfo | undefined;
  /** Awaits the exit without sending a signal; rejects after timeoutMs. */
  waitExit(timeoutMs?: number): Promise<ExitInfo>;
  /** Resolves with the first log line (past or future) matching `pred`. */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** fetch() relative to the server URL. */
  fetch(p: string, init?: RequestInit): Promise<Response>;
  /** Sends SIGTERM (or `signal`), awaits the exit; the database is dropped unless keepDatabase. */
  stop(opts?: { signal?: NodeJS.Signals; timeoutMs?: number; keepDatabase?: boolean }): Promise<ExitInfo>;
}

export interface StartOptions {
  engine?: Engine;
  /** Reuse a prepared database instead of making a fresh one. */
  db?: TestDatabase;
  /** Load the demo data into the fresh database (default true). */
  demoData?: boolean;
  /** Create an admin token (default true). */
  token?: boolean;
  /** Extra flags for `huying serve`. */
  args?: string[];
  /** Replace the default flags entirely (only `serve` is prepended). */
  rawArgs?: string[];
  env?: NodeJS.ProcessEnv;
  webRoot?: string;
  threads?: number;
  timeoutMs?: number;
  /**
   * Run on this clock: `--clock-file` for serve and for the migrate / demo-data / token
   * commands that prepare the database, so that every timestamp lives in test time.
   */
  clock?: TestClock;
}

/** Makes a web root with a tiny index.html, so the API tests do not depend on the web build. */
export function makeWebRoot(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huying-test-web-'));
  const all = { 'index.html': '<!doctype html><html><head><title>呼应</title></head><body><div id="app"></div></body></html>\n', ...files };
  for (const [name, content] of Object.entries(all)) {
    const p = path.join(dir, name);
    mkdirp(path.dirname(p));
    writeFileSync(p, content);
  }
  return dir;
}

function mkdirp(dir: string) {
  mkdirSync(dir, { recursive: true });
}

export function parseLogLine(raw: string): LogLine {
  try {
    const j = JSON.parse(raw);
    if (j && typeof j === 'object' && !Array.isArray(j)) return { raw, json: j };
  } catch {
    /* not JSON */
  }
  return { raw };
}

/**
 * Spawns `huying serve` and resolves once it logs `"event":"listening"`.
 * Rejects (with the server's stderr) if it exits first or does not listen in time.
 */
export async function spawnServer(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{
  proc: ChildProcess;
  logs: LogLine[];
  port: number;
  host: string;
  exited: Promise<ExitInfo>;
  exitInfo(): ExitInfo | undefined;
  waitForLog: TestServer['waitForLog'];
}> {
  const proc = spawn(huyingBin, args, { env: opts.env ?? huyingEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let exit: ExitInfo | undefined;
  const verbose = process.env.HYTEST_VERBOSE === '1';
  let partial = '';
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const raw = partial.slice(0, nl).replace(/\r$/, '');
      partial = partial.slice(nl + 1);
      if (!raw) continue;
      const line = parseLogLine(raw);
      logs.push(line);
      if (verbose) process.stderr.write(`[huying ${proc.pid}] ${raw}\n`);
      events.emit('line', line);
    }
  });
  let stdout = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = new Promise<ExitInfo>((resolve) => {
    proc.on('close', (code, signal) => {
      if (partial) {
        const line = parseLogLine(partial);
        partial = '';
        logs.push(line);
        events.emit('line', line);
      }
      exit = { code, signal };
      events.emit('exit', exit);
      resolve(exit);
    });
  });
  const spawnError = new Promise<never>((_, reject) => proc.on('error', reject));

  const waitForLog = (pred: (l: LogLine) => boolean, timeoutMs = 10000): Promise<LogLine> => {
    const found = logs.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onLine = (l: LogLine) => {
        if (pred(l)) {
          cleanup();
          resolve(l);
        }
      };
      const onExit = (e: ExitInfo) => {
        cleanup();
        reject(new Error(`server exited (${JSON.stringify(e)}) before the expected log line\n${tail(logs)}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line\n${tail(logs)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        events.off('line', onLine);
        events.off('exit', onExit);
      };
      events.on('line', onLine);
      if (exit) onExit(exit);
      else events.on('exit', onExit);
    });
  };

  let listening: LogLine;
  try {
    listening = await Promise.race([
      waitForLog((l) => l.json?.event === 'listening', opts.timeoutMs ?? 30000),
      spawnError,
    ]);
  } catch (e) {
    if (!exit) proc.kill('SIGKILL');
    await exited;
    throw new Error(`huying ${args.join(' ')} did not start: ${(e as Error).message}\nstdout:\n${stdout}`);
  }
  const port = Number(listening.json!.port);
  const host = String(listening.json!.host ?? '127.0.0.1');
  if (!Number.isInteger(port) || port <= 0) throw new Error(`listening line without a port: ${listening.raw}`);
  return { proc, logs, port, host, exited, exitInfo: () => exit, waitForLog };
}

export function tail(logs: LogLine[], n = 30): string {
  return logs.slice(-n).map((l) => l.raw).join('\n');
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const engine = opts.db?.engine ?? opts.engine ?? defaultEngine();
  const clockArgs = opts.clock ? ['--clock-file', opts.clock.file] : [];
  const db = opts.db ?? (await prepareDatabase({ engine, demoData: opts.demoData, args: clockArgs }));
  const token = opts.token === false ? '' : await createToken(db.url, 'test', 'admin', clockArgs);
  const ownWebRoot = !opts.webRoot;
  const webRoot = opts.webRoot ?? makeWebRoot();
  const args = opts.rawArgs
    ? ['serve', ...opts.rawArgs]
    : [
        'serve',
        '--database', db.url,
        '--host', '127.0.0.1',
        '--port', '0',
        '--web-root', webRoot,
        '--threads', String(opts.threads ?? 2),
        ...clockArgs,
        ...(opts.args ?? []),
      ];
  let s;
  try {
    s = await spawnServer(args, { env: opts.env, timeoutMs: opts.timeoutMs });
  } catch (e) {
    if (!opts.db) await db.drop().catch(() => {});
    if (ownWebRoot) rmSync(webRoot, { recursive: true, force: true });
    throw e;
  }
  // The web root made for this server goes when the server does, however it ends.
  if (ownWebRoot && process.env.HYTEST_KEEP !== '1') {
    s.exited.then(() => rmSync(webRoot, { recursive: true, force: true }));
  }
  const url = `http://127.0.0.1:${s.port}`;
  const server: TestServer = {
    url,
    host: s.host,
    port: s.port,
    token,
    db,
    dbUrl: db.url,
    engine,
    webRoot,
    clock: opts.clock,
    proc: s.proc,
    logs: s.logs,
    exited: s.exited,
    exitInfo: s.exitInfo,
    waitExit: async (timeoutMs = 15000) => {
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([
        s.exited,
        new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (r === 'timeout') throw new Error(`server still running after ${timeoutMs} ms\n${tail(s.logs)}`);
      return r;
    },
    waitForLog: s.waitForLog,
    fetch: (p, init) => fetch(url + p, init),
    stop: async ({ signal = 'SIGTERM', timeoutMs = 15000, keepDatabase = false } = {}) => {
      if (!s.exitInfo()) s.proc.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        s.exited,
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (result === 'timeout') {
        s.proc.kill('SIGKILL');
        await s.exited;
        if (!keepDatabase && !opts.db) await db.drop().catch(() => {});
        throw new Error(`server did not exit within ${timeoutMs} ms of ${signal}\n${tail(s.logs)}`);
      }
      if (!keepDatabase && !opts.db) await db.drop().catch(() => {});
      return result;
    },
  };
  return server;
}

// ---------------------------------------------------------------------------------------
// HTTP helpers

export interface SimpleResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Raw body bytes. */
  bytes: Buffer;
}

export async function simplify(res: Response): Promise<SimpleResponse> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  return { status: res.status, headers, body: bytes.toString('utf8'), bytes };
}

/** fetch + read the whole body. */
export async function request(server: { url: string }, p: string, init: RequestInit = {}): Promise<SimpleResponse> {
  return simplify(await fetch(server.url + p, init));
}

export function authHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

export async function getJson(server: { url: string }, p: string, init: RequestInit = {}): Promise<{ res: SimpleResponse; json: any }> {
  const res = await request(server, p, init);
  assert.equal(res.status, 200, `GET ${p}: ${res.status} ${res.body}`);
  assert.match(res.headers['content-type'] ?? '', /^application\/json\b/, `GET ${p} content-type`);
  return { res, json: JSON.parse(res.body) };
}

export interface ProblemExpectation {
  status: number;
  /** The stable machine code; `type` must be urn:huying:problem:<code>. */
  code?: string;
}

/**
 * Asserts an RFC 9457 problem: content type, type/title/status/detail/instance/code, and
 * instance == X-Request-Id. Returns the parsed problem.
 */
export function assertProblem(res: SimpleResponse, exp: ProblemExpectation, context = ''): any {
  const where = context ? `${context}: ` : '';
  assert.equal(res.status, exp.status, `${where}status ${res.status}, body ${res.body.slice(0, 500)}`);
  assert.match(
    res.headers['content-type'] ?? '',
    /^application\/problem\+json\b/,
    `${where}content-type is ${res.headers['content-type']}`,
  );
  let p: any;
  try {
    p = JSON.parse(res.body);
  } catch {
    assert.fail(`${where}problem body is not JSON: ${res.body.slice(0, 500)}`);
  }
  assert.equal(typeof p, 'object', `${where}problem is an object`);
  assert.equal(p.status, exp.status, `${where}problem.status`);
  assert.equal(typeof p.title, 'string', `${where}problem.title is a string`);
  assert.ok(p.title.length > 0, `${where}problem.title is not empty`);
  assert.equal(typeof p.detail, 'string', `${where}problem.detail is a string`);
  assert.equal(typeof p.type, 'string', `${where}problem.type is a string`);
  assert.match(p.type, /^urn:huying:problem:[a-z0-9_]+$/, `${where}problem.type`);
  assert.equal(typeof p.code, 'string', `${where}problem.code is a string`);
  assert.equal(p.type, `urn:huying:problem:${p.code}`, `${where}type matches code`);
  if (exp.code) assert.equal(p.code, exp.code, `${where}problem.code`);
  const rid = res.headers['x-request-id'];
  assert.ok(rid, `${where}X-Request-Id header present`);
  assert.equal(p.instance, rid, `${where}problem.instance equals X-Request-Id`);
  return p;
}

// ---------------------------------------------------------------------------------------
// Raw HTTP over node:net, for what fetch cannot do (oversized headers, partial bodies,
// pipelining, path traversal with un-normalised paths).

export interface RawResponse extends SimpleResponse {
  statusLine: string;
  httpVersion: string;
}

/** An HTTP/1.1 client connection that reads responses as they arrive. */
export class RawConnection {
  readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  private closedFlag = false;
  private error: Error | undefined;
  private waiters: Array<() => void> = [];
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.closedFlag = true;
        this.wake();
        resolve();
      });
    });
    socket.on('end', () => this.wake());
    socket.on('error', (e) => {
      // A reset after the server has written its answer is fine; keep the data read so far.
      this.error = e;
      this.wake();
    });
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 10000): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new RawConnection(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get isClosed() {
    return this.closedFlag;
  }

  /** Whether unread response bytes have arrived. */
  get hasData() {
    return this.buf.length > 0;
  }

  /** Writes bytes; resolves when flushed to the kernel. Write errors (EPIPE) resolve false. */
  write(data: string | Buffer): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closedFlag || this.socket.destroyed) return resolve(false);
      this.socket.write(data, (err) => resolve(!err));
    });
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private waitForData(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const ms = deadline - Date.now();
      if (ms <= 0) return reject(new Error('timed out reading the response'));
      const timer = setTimeout(() => reject(new Error(`timed out reading the response; got so far: ${JSON.stringify(this.buf.toString('latin1').slice(0, 300))}`)), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private ended(): boolean {
    return this.closedFlag || this.socket.readableEnded || (this.error !== undefined && this.socket.destroyed);
  }

  /** Reads one response. `head`: the request was HEAD (no body follows). */
  async readResponse(opts: { head?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10000);
    // Header block.
    let end: number;
    while ((end = this.buf.indexOf('\r\n\r\n')) < 0) {
      if (this.ended()) {
        throw new Error(
          `connection closed before a complete response header (${this.error?.message ?? 'EOF'}); got ${JSON.stringify(this.buf.toString('latin1').slice(0, 300))}`,
        );
      }
      await this.waitForData(deadline);
    }
    const headText = this.buf.subarray(0, end).toString('latin1');
    this.buf = this.buf.subarray(end + 4);
    const [statusLine, ...headerLines] = headText.split('\r\n');
    const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new Error(`bad status line: ${statusLine}`);
    const status = Number(m[2]);
    const headers: Record<string, string> = {};
    for (const hl of headerLines) {
      const i = hl.indexOf(':');
      if (i < 0) continue;
      const k = hl.slice(0, i).trim().toLowerCase();
      const v = hl.slice(i + 1).trim();
      headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
    }
    // Header values are UTF-8 on the wire in practice; re-decode.
    for (const k of Object.keys(headers)) headers[k] = Buffer.from(headers[k], 'latin1').toString('utf8');

    let body: Buffer;
    const noBody = opts.head || status === 204 || status === 304 || (status >= 100 && status < 200);
    if (noBody) {
      body = Buffer.alloc(0);
    } else if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        let le: number;
        while ((le = this.buf.indexOf('\r\n')) < 0) {
          if (this.ended()) throw new Error('connection closed inside a chunked body');
          await this.waitForData(deadline);
        }
        const size = parseInt(this.buf.subarray(0, le).toString('latin1').split(';')[0], 16);
        if (Number.isNaN(size)) throw new Error('bad chunk size');
        if (size === 0) {
          // Trailers end with an empty line.
          let te: number;
          while ((te = this.buf.indexOf('\r\n\r\n', le - 2 < 0 ? 0 : le - 2)) < 0) {
            if (this.ended()) throw new Error('connection closed inside chunked trailers');
            await this.waitForData(deadline);
          }
          this.buf = this.buf.subarray(te + 4);
          break;
        }
        while (this.buf.length < le + 2 + size + 2) {
          if (this.ended()) throw new Error('connection closed inside a chunk');
          await this.waitForData(deadline);
        }
        parts.push(Buffer.from(this.buf.subarray(le + 2, le + 2 + size)));
        this.buf = this.buf.subarray(le + 2 + size + 2);
      }
      body = Buffer.concat(parts);
    } else if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      while (this.buf.length < n) {
        if (this.ended()) {
          throw new Error(`connection closed after ${this.buf.length} of ${n} body bytes (${this.error?.message ?? 'EOF'})`);
        }
        await this.waitForData(deadline);
      }
      body = Buffer.from(this.buf.subarray(0, n));
      this.buf = this.buf.subarray(n);
    } else {
      while (!this.ended()) await this.waitForData(deadline);
      body = this.buf;
      this.buf = Buffer.alloc(0);
    }
    return {
      status,
      statusLine,
      httpVersion: m[1],
      headers,
      body: body.toString('utf8'),
      bytes: body,
    };
  }

  /** Resolves when the peer closes the connection (EOF or reset), rejects on timeout. */
  async waitClosed(timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended()) await this.waitForData(deadline);
  }

  close() {
    this.socket.destroy();
  }
}

/** Sends one raw request on a new connection and reads one response. */
export async function rawRequest(
  port: number,
  data: string | Buffer,
  opts: { head?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const c = await RawConnection.connect(port);
  try {
    await c.write(data);
    return await c.readResponse(opts);
  } finally {
    c.close();
  }
}

/** Builds a request head. `headers` may hold a Content-Length; Host and Connection default. */
export function requestHead(method: string, target: string, headers: Record<string, string | number> = {}): string {
  const h: Record<string, string | number> = { Host: '127.0.0.1', ...headers };
  return `${method} ${target} HTTP/1.1\r\n` + Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

/** Resolves to the error code of a connection attempt (e.g. ECONNREFUSED), or 'connected'. */
export function tryConnect(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function tmpDir(prefix = 'huying-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The 18 city-level regions of Henan (GB/T 2260), in code order. */
export const HENAN_CITIES: ReadonlyArray<readonly [string, string]> = [
  ['410100', '郑州市'],
  ['410200', '开封市'],
  ['410300', '洛阳市'],
  ['410400', '平顶山市'],
  ['410500', '安阳市'],
  ['410600', '鹤壁市'],
  ['410700', '新乡市'],
  ['410800', '焦作市'],
  ['410900', '濮阳市'],
  ['411000', '许昌市'],
  ['411100', '漯河市'],
  ['411200', '三门峡市'],
  ['411300', '南阳市'],
  ['411400', '商丘市'],
  ['411500', '信阳市'],
  ['411600', '周口市'],
  ['411700', '驻马店市'],
  ['419001', '济源市'],
];

// ---------------------------------------------------------------------------------------
// An injectable clock: `huying serve --clock-file F` reads the current instant from F on
// every use, so deadlines (lockout windows, session expiry, token expiry) are tested by
// rewriting the file instead of sleeping.

/** Monday 2026-03-02 09:00 in Beijing: where every test clock starts. */
export const CLOCK_START = '2026-03-02T09:00:00+08:00';

export class TestClock {
  readonly dir: string;
  readonly file: string;
  private ms: number;

  constructor(start: string | Date = CLOCK_START) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'huying-clock-'));
    this.file = path.join(this.dir, 'now');
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new Error(`bad clock start ${String(start)}`);
    this.write();
  }

  /** The instant the server sees. */
  now(): Date {
    return new Date(this.ms);
  }

  /** The instant as ISO-8601 in UTC, e.g. 2026-03-02T01:00:00.000Z. */
  iso(offsetMinutes = 0): string {
    return new Date(this.ms + offsetMinutes * 60000).toISOString();
  }

  set(t: string | Date | number): void {
    const ms = typeof t === 'number' ? t : new Date(t).getTime();
    if (Number.isNaN(ms)) throw new Error(`bad instant ${String(t)}`);
    this.ms = ms;
    this.write();
  }

  /** Moves the clock by `minutes` (fractions allowed). */
  advance(minutes: number): void {
    this.set(this.ms + Math.round(minutes * 60000));
  }

  advanceSeconds(seconds: number): void {
    this.set(this.ms + Math.round(seconds * 1000));
  }

  /** Removes the clock's directory (unless HYTEST_KEEP=1). */
  dispose(): void {
    if (process.env.HYTEST_KEEP !== '1') rmSync(this.dir, { recursive: true, force: true });
  }

  // Write-then-rename: the server never reads a half-written file.
  private write(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, new Date(this.ms).toISOString());
    renameSync(tmp, this.file);
  }
}

/** setNow / advance as free functions over a server started with a clock. */
export function setNow(server: { clock?: TestClock }, iso: string | Date): void {
  if (!server.clock) throw new Error('the server was started without a clock');
  server.clock.set(iso);
}
export function advance(server: { clock?: TestClock }, minutes: number): void {
  if (!server.clock) throw new Error('the server was started without a clock');
  server.clock.advance(minutes);
}

// ---------------------------------------------------------------------------------------
// Cookie sessions, CSRF tokens and bearer tokens.

export const SESSION_COOKIE = 'huying_session';

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case → value ('' for flags such as HttpOnly). */
  attrs: Record<string, string>;
  raw: string;
}

export function parseSetCookie(raw: string): SetCookie {
  const [pair, ...rest] = raw.split(';');
  const eq = pair.indexOf('=');
  const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
  const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
  const attrs: Record<string, string> = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    if (!k) continue;
    attrs[k] = i < 0 ? '' : a.slice(i + 1).trim();
  }
  return { name, value, attrs, raw };
}

export interface Session {
  /** The Cookie header value to send: huying_session=... */
  cookie: string;
  csrf: string;
  user: any;
  expiresAt: string;
  /** The Set-Cookie of the login answer, parsed. */
  setCookie: SetCookie;
}

export interface ApiResponse extends SimpleResponse {
  /** The parsed body when it is JSON (problem or not), else undefined. */
  json: any;
  /** Every Set-Cookie header, parsed. */
  cookies: SetCookie[];
}

export interface ApiOptions {
  /** Authenticate with this session's cookie (and, by default, its CSRF token). */
  session?: Session;
  /** Authenticate with this bearer token. */
  token?: string;
  /** A JSON body (objects are stringified; strings sent as they are). */
  body?: unknown;
  headers?: Record<string, string>;
  /** false: send no X-CSRF-Token; a string: send that instead of the session's. */
  csrf?: false | string;
  /** An If-Match value (e.g. an ETag). */
  ifMatch?: string;
}

/**
 * One API request. With `session`, sends its cookie and, unless `csrf: false`, its
 * X-CSRF-Token (on every method: the server only checks state-changing ones).
 */
export async function api(server: { url: string }, method: string, p: string, opts: ApiOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (opts.session) {
    headers['cookie'] = opts.session.cookie;
    if (opts.csrf !== false) headers['x-csrf-token'] = typeof opts.csrf === 'string' ? opts.csrf : opts.session.csrf;
  } else if (typeof opts.csrf === 'string') {
    headers['x-csrf-token'] = opts.csrf;
  }
  if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.ifMatch !== undefined) headers['if-match'] = opts.ifMatch;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, opts.headers ?? {});
  const res = await fetch(server.url + p, { method, headers, body, redirect: 'manual' });
  const cookies = res.headers.getSetCookie().map(parseSetCookie);
  const simple = await simplify(res);
  let json: any;
  if (/json/.test(simple.headers['content-type'] ?? '') && simple.body.length > 0) {
    try {
      json = JSON.parse(simple.body);
    } catch {
      json = undefined;
    }
  }
  return { ...simple, json, cookies };
}

/** POST /api/v1/auth/login, whatever the answer. */
export function tryLogin(
  server: { url: string },
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  return api(server, 'POST', '/api/v1/auth/login', { body: { username, password }, headers });
}

/** Turns a 200 login answer into a Session. */
export function sessionFrom(res: ApiResponse, what = 'login'): Session {
  assert.equal(res.status, 200, `${what}: ${res.status} ${res.body.slice(0, 500)}`);
  const c = res.cookies.find((k) => k.name === SESSION_COOKIE);
  assert.ok(c, `${what}: a ${SESSION_COOKIE} cookie is set (got ${JSON.stringify(res.cookies.map((k) => k.raw))})`);
  assert.ok(c.value.length > 0, `${what}: the session cookie has a value`);
  assert.equal(typeof res.json?.csrf_token, 'string', `${what}: csrf_token in the body`);
  assert.ok(res.json.user && typeof res.json.user === 'object', `${what}: user in the body`);
  return { cookie: `${c.name}=${c.value}`, csrf: res.json.csrf_token, user: res.json.user, expiresAt: res.json.expires_at, setCookie: c };
}

/** Logs in (asserting 200) and returns the session. */
export async function login(server: { url: string }, username: string, password: string): Promise<Session> {
  return sessionFrom(await tryLogin(server, username, password), `login ${username}`);
}

/** login / tryLogin / api bound to one server. */
export function client(server: { url: string }) {
  return {
    login: (username: string, password: string) => login(server, username, password),
    tryLogin: (username: string, password: string, headers?: Record<string, string>) => tryLogin(server, username, password, headers),
    api: (method: string, p: string, opts?: ApiOptions) => api(server, method, p, opts),
  };
}
