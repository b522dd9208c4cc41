// The intake queue of public submissions (docs/opinions.md "Channels (API)", Intake): the
// 201 of POST /api/v1/public/opinions comes after one row is appended to `opinion_intake`;
// the intake worker — here only POST /api/v1/opinions/intake/run, the test servers run
// with --opinion-intake-interval-ms 0 — then makes each row an opinion (timeline step at
// the time of receipt, audit row opinion.receive, the message to the citizen, the keepers'
// inbox notice) and deletes the row in the same transaction. While queued the opinion is
// already trackable (received, one step, cannot be rated); a row that fails to move stays
// queued with attempts and last_error and moves once the fault is gone; intake/run is for
// administrators; /metrics counts the queue; queued rows survive a restart; two nodes moving
// one queue at once move each row once; a burst of
// submissions shares the writer and one bad submission fails alone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestClock, api, assertProblem, defaultEngine, request, startServer, type ApiResponse, type TestServer } from './harness.ts';
import { assertSameProblem, expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import {
  Bureau,
  OPINION_SERVER_FLAGS,
  TRACKING_ALPHABET,
  TRACKING_CODE_RE,
  addWorkingDays,
  assertInvalidState,
  startOpinionsServer,
} from './opinions-fixtures.ts';
import { addDays, beijingDate } from './suggestions-fixtures.ts';

const engine = defaultEngine();

let server: ClockedServer;
let bureau: Bureau;
before(async () => {
  server = await startOpinionsServer();
  bureau = await Bureau.open(server);
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A tracking code as stored: the 10 characters, or as shown with dashes. */
const codeIn = (code: string) => `(tracking_code = ${quote(code.replace(/-/g, ''))} OR tracking_code = ${quote(code)})`;
const countIn = async (s: TestServer, q: string) => Number(await s.db.sql(q));
const count = (q: string) => countIn(server, q);

/** A public submission answered 201 and (the servers here run no worker) still queued. */
interface Queued {
  code: string;
  last4: string;
  name: string;
  mobile: string;
  title: string;
  content: string;
  receivedAt: string;
  acceptDue: string;
}

async function queue(over: Record<string, unknown> = {}): Promise<Queued> {
  const body = bureau.body(over);
  const res = await bureau.submitRes(body);
  expectStatus(res, 201, 'POST /api/v1/public/opinions');
  assert.match(String(res.json.tracking_code), TRACKING_CODE_RE, `tracking_code: ${res.body}`);
  assert.equal(res.json.state, 'received', `state in the 201: ${res.body}`);
  return {
    code: res.json.tracking_code,
    last4: body.mobile.slice(-4),
    name: body.name,
    mobile: body.mobile,
    title: body.title,
    content: body.content,
    receivedAt: res.json.received_at,
    acceptDue: res.json.accept_due,
  };
}

/** Empties the queue (earlier tests may leave rows) and checks it is empty. */
async function drain(): Promise<void> {
  const run = await bureau.processIntake();
  assert.equal(run.pending, 0, `nothing left queued: ${JSON.stringify(run)}`);
  assert.equal(await count('SELECT count(*) FROM opinion_intake'), 0, 'opinion_intake is empty');
}

/** How many rows hold this code in opinion_intake and in opinions. */
async function where(s: TestServer, code: string): Promise<{ intake: number; opinions: number }> {
  return {
    intake: await countIn(s, `SELECT count(*) FROM opinion_intake WHERE ${codeIn(code)}`),
    opinions: await countIn(s, `SELECT count(*) FROM opinions WHERE ${codeIn(code)}`),
  };
}

/** The three counts of an intake run (whatever else it may say). */
function tally(run: any): { processed: number; failed: number; pending: number } {
  return { processed: run.processed, failed: run.failed, pending: run.pending };
}

/** Every row an opinion brings with it, over all opinions. */
async function everything(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['opinions', 'opinion_events', 'message_deliveries', 'notifications']) {
    out[t] = await count(`SELECT count(*) FROM ${t}`);
  }
  out.receive_audit = await count(`SELECT count(*) FROM audit_log WHERE action = 'opinion.receive'`);
  return out;
}

/** A trigger aborting every INSERT into `table` inside the transaction (both engines). */
async function failInserts(name: string, table: string): Promise<void> {
  if (engine === 'sqlite') {
    await server.db.sql(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'hytest: injected failure'); END`);
  } else {
    await server.db.sql(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'hytest: injected failure'; END $$`);
    await server.db.sql(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  }
}

async function dropTrigger(name: string, table: string): Promise<void> {
  if (engine === 'sqlite') {
    await server.db.sql(`DROP TRIGGER IF EXISTS ${name}`);
  } else {
    await server.db.sql(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
    await server.db.sql(`DROP FUNCTION IF EXISTS ${name}()`);
  }
}

/** A well-formed code that no opinion holds (random from the alphabet). */
function unknownCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += TRACKING_ALPHABET[Math.floor(Math.random() * TRACKING_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The status page of a queued (or just moved) opinion: received, one step at the time of receipt, nothing to rate. */
function assertReceivedPage(res: ApiResponse, q: Queued, what: string): any {
  expectStatus(res, 200, `${what}: POST /api/v1/public/opinions/track`);
  const page = res.json;
  assert.equal(page.tracking_code, q.code, `${what}: tracking_code`);
  assert.equal(page.state, 'received', `${what}: state`);
  assert.equal(page.title, q.title, `${what}: title`);
  assert.equal(page.content, q.content, `${what}: content`);
  assert.equal(page.station_name, bureau.station.name, `${what}: station_name`);
  assert.equal(Date.parse(page.received_at), Date.parse(q.receivedAt), `${what}: received_at as the 201 said: ${page.received_at}`);
  assert.ok(Array.isArray(page.steps) && page.steps.length === 1, `${what}: one step: ${JSON.stringify(page.steps)}`);
  const [step] = page.steps;
  assert.equal(step.state, 'received', `${what}: the step is received`);
  assert.equal(Date.parse(step.at), Date.parse(q.receivedAt), `${what}: the step is at the time of receipt: ${JSON.stringify(step)}`);
  assert.ok([step.label, step.note].includes('意见已登记'), `${what}: the step says 意见已登记: ${JSON.stringify(step)}`);
  assert.equal(page.answer, null, `${what}: no answer`);
  assert.equal(page.rating, null, `${what}: no rating`);
  assert.equal(page.can_rate, false, `${what}: cannot be rated`);
  assert.ok(!res.body.includes(q.mobile) && !res.body.includes(q.name), `${what}: no name or mobile on the page`);
  return page;
}

/** The value of huying_opinion_intake_pending in GET /metrics. */
async function pendingMetric(s: { url: string } = server): Promise<number> {
  const res = await request(s, '/metrics');
  assert.equal(res.status, 200, 'GET /metrics');
  const m = /^huying_opinion_intake_pending(?:\{[^}]*\})?\s+(\S+)\s*$/m.exec(res.body);
  assert.ok(m, `a huying_opinion_intake_pending line in /metrics:\n${res.body.split('\n').filter((l) => /intake|opinion/.test(l)).join('\n')}`);
  return Number(m[1]);
}

describe('a queued public submission', () => {
  test('is queued (one row in opinion_intake, none in opinions) and already trackable: received, one step at the time of receipt, cannot be rated; wrong last4 → the same 404 not_found as an unknown code', async () => {
    await drain();
    const q = await queue();
    assert.deepEqual(await where(server, q.code), { intake: 1, opinions: 0 }, 'queued, not yet an opinion');
    assert.equal(await count('SELECT count(*) FROM opinion_intake'), 1, 'one row in the queue');
    const row = await server.db.sql(`SELECT attempts FROM opinion_intake WHERE ${codeIn(q.code)}`);
    assert.equal(Number(row), 0, 'not yet attempted');

    assertReceivedPage(await bureau.trackRes(q.code, q.last4), q, 'queued');
    const dashless = await bureau.trackRes(q.code.replace(/-/g, '').toLowerCase(), q.last4);
    assertReceivedPage(dashless, q, 'queued, code lower-case without dashes');

    const wrong = String((Number(q.last4) + 1) % 10000).padStart(4, '0');
    const a = await bureau.trackRes(q.code, wrong);
    const b = await bureau.trackRes(unknownCode(), q.last4);
    assertProblem(a, { status: 404, code: 'not_found' }, 'queued, wrong last4');
    assertProblem(b, { status: 404, code: 'not_found' }, 'unknown code');
    assertSameProblem(a, b, 'wrong digits of a queued opinion vs an unknown code');
    assert.equal(a.headers['content-type'], b.headers['content-type'], 'same content type');
    assert.deepEqual(await where(server, q.code), { intake: 1, opinions: 0 }, 'tracking moved nothing');
    await drain();
  });

  test('rating it while queued → 409 invalid_state with current_state received; nothing changes', async () => {
    await drain();
    const q = await queue();
    assertInvalidState(await bureau.rateRes(q, 'satisfied', '还没处理'), 'received', 'rate a queued opinion');
    const wrong = String((Number(q.last4) + 1) % 10000).padStart(4, '0');
    assertProblem(await bureau.rateRes({ code: q.code, last4: wrong }, 'satisfied'), { status: 404, code: 'not_found' }, 'rate a queued opinion with wrong digits');
    assert.deepEqual(await where(server, q.code), { intake: 1, opinions: 0 }, 'still queued');
    assertReceivedPage(await bureau.trackRes(q.code, q.last4), q, 'after the refused rating');
    await drain();
  });
});

describe('POST /api/v1/opinions/intake/run', () => {
  test('moves a queued submission: {processed ≥ 1, failed 0, pending 0}; the opinion in the keeper\'s station box with its step, received_at and accept_due of the receipt (not of the move), an opinion.receive audit row, a pending message to the citizen, an opinion_new notice for keeper.jinshui; the queue is empty; tracking shows the same code', async () => {
    await drain();
    const q = await queue();
    const receivedOn = bureau.today();
    assert.equal(q.acceptDue, addWorkingDays(receivedOn, 3), 'accept_due in the 201 = received on + 3 working days');
    // The move happens on a later day: what the opinion keeps must be the receipt's.
    bureau.day(addDays(receivedOn, 1), '10:00');
    assert.notEqual(addWorkingDays(bureau.today(), 3), q.acceptDue, 'precondition: a deadline counted from the move would differ');

    const run = await bureau.processIntake();
    assert.ok(run.processed >= 1, `processed ≥ 1: ${JSON.stringify(run)}`);
    assert.equal(run.failed, 0, `failed 0: ${JSON.stringify(run)}`);
    assert.equal(run.pending, 0, `pending 0: ${JSON.stringify(run)}`);
    assert.deepEqual(await where(server, q.code), { intake: 0, opinions: 1 }, 'an opinion now, no longer queued');
    assert.equal(await count('SELECT count(*) FROM opinion_intake'), 0, 'the queue is empty');

    const item = await bureau.findByCode(q.code, q.title);
    const id = String(item.id);
    assert.equal(item.state, 'received');
    assert.equal(item.title, q.title);
    assert.equal(item.content, q.content);
    assert.equal(item.channel, 'online');
    assert.equal(String(item.station?.id), bureau.station.id);
    assert.equal(Date.parse(item.received_at), Date.parse(q.receivedAt), `received_at is the receipt's: ${item.received_at}`);
    assert.equal(beijingDate(new Date(item.received_at)), receivedOn, 'received on the day of the submission');
    assert.equal(item.accept_due, q.acceptDue, 'accept_due as the 201 told the citizen');

    const timeline = await bureau.timeline(id);
    assert.equal(timeline.length, 1, `one step: ${JSON.stringify(timeline)}`);
    assert.equal(timeline[0].action, 'receive');
    assert.equal(timeline[0].state, 'received');
    assert.equal(Date.parse(timeline[0].at), Date.parse(q.receivedAt), `the step is dated at the submission: ${JSON.stringify(timeline[0])}`);

    const audit = await bureau.call('admin', 'GET', `/api/v1/audit?action=opinion.receive&record_type=opinion&record_id=${id}`);
    expectStatus(audit, 200, 'GET /api/v1/audit?action=opinion.receive');
    assert.equal(audit.json.items.length, 1, `one opinion.receive row: ${audit.body.slice(0, 400)}`);

    assert.equal(await count(`SELECT count(*) FROM message_deliveries WHERE opinion_id = ${Number(id)}`), 1, 'one message to the citizen');
    assert.equal(await count(`SELECT count(*) FROM message_deliveries WHERE opinion_id = ${Number(id)} AND state = 'pending'`), 1, 'the message is pending (no sender in this process)');

    const inbox = await bureau.call('keeper.jinshui', 'GET', '/api/v1/notifications?page_size=100');
    expectStatus(inbox, 200, 'inbox of keeper.jinshui');
    const mine = inbox.json.items.filter((n: any) => n.record_type === 'opinion' && String(n.record_id) === id);
    assert.equal(mine.length, 1, `keeper.jinshui is told once: ${JSON.stringify(mine)}`);
    assert.equal(mine[0].kind, 'opinion_new');

    const page = assertReceivedPage(await bureau.trackRes(q.code, q.last4), q, 'moved');
    assert.equal(page.tracking_code, q.code, 'the citizen\'s code still finds it');

    const again = await bureau.processIntake();
    assert.deepEqual(tally(again), { processed: 0, failed: 0, pending: 0 }, 'a second run has nothing to do');
    assert.deepEqual(await where(server, q.code), { intake: 0, opinions: 1 }, 'moved once');
  });

  test('a row that fails to move (a trigger aborting INSERT into opinions) stays queued with attempts and last_error, is still trackable, leaves nothing behind; once the trigger is dropped the next run moves it', async () => {
    await drain();
    const before_ = await everything();
    let q: Queued;
    try {
      await failInserts('hytest_intake_move', 'opinions');
      q = await queue();
      let run = await bureau.processIntake();
      assert.deepEqual(tally(run), { processed: 0, failed: 1, pending: 1 }, 'the run reports the failure');
      assert.deepEqual(await where(server, q.code), { intake: 1, opinions: 0 }, 'still queued');
      assert.equal(Number(await server.db.sql(`SELECT attempts FROM opinion_intake WHERE ${codeIn(q.code)}`)), 1, 'attempts 1');
      const lastError = await server.db.sql(`SELECT last_error FROM opinion_intake WHERE ${codeIn(q.code)}`);
      assert.ok(lastError.trim().length > 0, `last_error is set: ${JSON.stringify(lastError)}`);
      assert.deepEqual(await everything(), before_, 'no opinion, event, message, notice or audit row of the failed move');
      assertReceivedPage(await bureau.trackRes(q.code, q.last4), q, 'queued after a failed move');
      assert.equal(await pendingMetric(), 1, 'the metric counts the row that failed');

      run = await bureau.processIntake();
      assert.deepEqual(tally(run), { processed: 0, failed: 1, pending: 1 }, 'tried again on the next run, failing again');
      assert.equal(Number(await server.db.sql(`SELECT attempts FROM opinion_intake WHERE ${codeIn(q.code)}`)), 2, 'attempts 2');

      // Three more: the worker would now leave it for an operator; an operator's run still tries.
      for (let i = 0; i < 3; i++) await bureau.processIntake();
      const listed = await bureau.call('admin', 'GET', '/api/v1/opinions/intake');
      expectStatus(listed, 200, 'GET /api/v1/opinions/intake');
      assert.equal(listed.json.total, 1, `one queued row: ${listed.body}`);
      const [row] = listed.json.items;
      assert.equal(row.attempts, 5, 'attempts 5');
      assert.equal(row.left_for_operator, true, 'left for an operator after 5 attempts');
      assert.ok(row.last_error.length > 0, 'last_error listed');
      assert.equal(Date.parse(row.received_at), Date.parse(q.receivedAt), 'received_at listed');
      const plain = q.code.replace(/-/g, '');
      assert.equal(row.tracking_code, '*'.repeat(8) + plain.slice(8), `the code is masked: ${row.tracking_code}`);
      assert.ok(!listed.body.includes(q.mobile) && !listed.body.includes(q.name) && !listed.body.includes(plain),
        `no mobile, name or whole code in the list: ${listed.body}`);
      for (const who of ['keeper.jinshui', 'staff.jinshui']) {
        assertProblem(await bureau.call(who, 'GET', '/api/v1/opinions/intake'), { status: 403 }, `GET /api/v1/opinions/intake as ${who}`);
      }
    } finally {
      await dropTrigger('hytest_intake_move', 'opinions');
    }
    const run = await bureau.processIntake();
    assert.deepEqual(tally(run), { processed: 1, failed: 0, pending: 0 }, 'an operator\'s run moves it once the fault is gone');
    assert.deepEqual(await where(server, q!.code), { intake: 0, opinions: 1 }, 'an opinion now');
    const item = await bureau.findByCode(q!.code, q!.title);
    assert.equal(Date.parse(item.received_at), Date.parse(q!.receivedAt), 'received_at is still the receipt\'s');
    const after_ = await everything();
    assert.equal(after_.opinions, before_.opinions + 1, 'one opinion');
    assert.equal(after_.receive_audit, before_.receive_audit + 1, 'one opinion.receive audit row');
    assert.equal(await count(`SELECT count(*) FROM opinion_events WHERE opinion_id = ${Number(item.id)}`), 1, 'one timeline step');
    assert.equal(await count(`SELECT count(*) FROM message_deliveries WHERE opinion_id = ${Number(item.id)}`), 1, 'one message');
  });

  test('administrators only: keeper.jinshui and staff.jinshui → 403, anonymous → 401; nothing moves', async () => {
    await drain();
    const q = await queue();
    for (const who of ['keeper.jinshui', 'staff.jinshui']) {
      assertProblem(await bureau.call(who, 'POST', '/api/v1/opinions/intake/run', { body: {} }), { status: 403 }, `intake/run as ${who}`);
    }
    assertProblem(await bureau.call(null, 'POST', '/api/v1/opinions/intake/run', { body: {} }), { status: 401 }, 'intake/run anonymous');
    assert.deepEqual(await where(server, q.code), { intake: 1, opinions: 0 }, 'still queued');
    await drain();
  });

  test('GET /metrics: huying_opinion_intake_pending is the number of queued rows', async () => {
    await drain();
    assert.equal(await pendingMetric(), 0, 'nothing queued');
    await queue();
    await queue();
    const queued = await count('SELECT count(*) FROM opinion_intake');
    assert.equal(queued, 2, 'two rows queued');
    assert.equal(await pendingMetric(), queued, 'the metric equals the queued rows');
    const run = await bureau.processIntake();
    assert.deepEqual(tally(run), { processed: 2, failed: 0, pending: 0 });
    assert.equal(await pendingMetric(), 0, 'nothing queued after the run');
  });

  test('a burst of submissions at once: each answered 201 with its own code and queued; one bad submission among them fails alone; one run moves the others', async () => {
    await drain();
    const marker = `hytestbad${Date.now().toString(36)}`;
    // Only the submission whose JSON holds the marker is refused by the database.
    if (engine === 'sqlite') {
      await server.db.sql(`CREATE TRIGGER hytest_bad_one BEFORE INSERT ON opinion_intake WHEN NEW.submission LIKE '%${marker}%'
        BEGIN SELECT RAISE(ABORT, 'hytest: injected failure'); END`);
    } else {
      await server.db.sql(`CREATE FUNCTION hytest_bad_one() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.submission LIKE '%${marker}%' THEN RAISE EXCEPTION 'hytest: injected failure'; END IF; RETURN NEW; END $$`);
      await server.db.sql('CREATE TRIGGER hytest_bad_one BEFORE INSERT ON opinion_intake FOR EACH ROW EXECUTE FUNCTION hytest_bad_one()');
    }
    let results: ApiResponse[];
    const bodies = Array.from({ length: 12 }, (_, i) => bureau.body(i === 5 ? { title: `路灯不亮 ${marker}` } : {}));
    try {
      results = await Promise.all(bodies.map((b) => bureau.submitRes(b)));
    } finally {
      await dropTrigger('hytest_bad_one', 'opinion_intake');
    }
    const bad = results[5];
    assert.ok(bad.status >= 500 && bad.status <= 599, `the bad one: a 5xx, got ${bad.status} ${bad.body.slice(0, 300)}`);
    assert.ok(!('tracking_code' in (bad.json ?? {})), 'the bad one: no tracking code');
    const good = results.filter((_, i) => i !== 5);
    good.forEach((r, i) => expectStatus(r, 201, `submission ${i} of the burst`));
    const codes = good.map((r) => r.json.tracking_code);
    assert.equal(new Set(codes).size, codes.length, `all codes differ: ${codes}`);
    assert.equal(await count('SELECT count(*) FROM opinion_intake'), good.length, 'every accepted one is queued, the bad one is not');
    const run = await bureau.processIntake();
    assert.deepEqual(tally(run), { processed: good.length, failed: 0, pending: 0 });
    for (const code of codes) assert.deepEqual(await where(server, code), { intake: 0, opinions: 1 }, `${code} is an opinion`);
  });
});

describe('a restart', () => {
  test('queued rows survive a restart: submitted with no worker, SIGTERM, started again on the same database → still queued and trackable; intake/run moves them', async () => {
    const flags = Object.entries(OPINION_SERVER_FLAGS).flatMap(([k, v]) => [k, v]);
    const clock = new TestClock();
    let first: TestServer | undefined;
    let second: TestServer | undefined;
    try {
      first = await startServer({ clock, args: flags });
      const body = bureau.body(); // station 1 of the demo data, the same in every test database
      const res = await api(first, 'POST', '/api/v1/public/opinions', { body });
      expectStatus(res, 201, 'POST /api/v1/public/opinions on the first server');
      const code = res.json.tracking_code;
      assert.deepEqual(await where(first, code), { intake: 1, opinions: 0 }, 'queued on the first server');
      const exit = await first.stop({ keepDatabase: true });
      assert.deepEqual(exit, { code: 0, signal: null }, 'the first server exits 0 on SIGTERM');

      second = await startServer({ db: first.db, token: false, clock, args: flags });
      assert.deepEqual(await where(second, code), { intake: 1, opinions: 0 }, 'still queued after the restart');
      const track = await api(second, 'POST', '/api/v1/public/opinions/track', { body: { code, last4: body.mobile.slice(-4) } });
      expectStatus(track, 200, 'tracking after the restart');
      assert.equal(track.json.state, 'received');
      assert.equal(track.json.can_rate, false);

      const run = await api(second, 'POST', '/api/v1/opinions/intake/run', { token: first.token, body: {} });
      expectStatus(run, 200, 'POST /api/v1/opinions/intake/run on the restarted server');
      assert.deepEqual(tally(run.json), { processed: 1, failed: 0, pending: 0 });
      assert.deepEqual(await where(second, code), { intake: 0, opinions: 1 }, 'an opinion after the run');
      const after_ = await api(second, 'POST', '/api/v1/public/opinions/track', { body: { code, last4: body.mobile.slice(-4) } });
      expectStatus(after_, 200, 'tracking the moved opinion');
      assert.equal(after_.json.tracking_code, code);
    } finally {
      if (second) {
        const exit = await second.stop();
        assert.deepEqual(exit, { code: 0, signal: null }, 'the second server exits 0 on SIGTERM');
      } else if (first && !first.exitInfo()) {
        await first.stop({ keepDatabase: true });
      }
      await first?.db.drop();
      clock.dispose();
    }
  });
});

describe('two nodes', () => {
  test('two servers on one database moving the same queue at once: each queued submission becomes exactly one opinion', async () => {
    await drain();
    const before_ = await everything();
    const queued: Queued[] = [];
    for (let i = 0; i < 40; i++) queued.push(await queue({ title: `两个节点同时处理 ${i}` }));
    const flags = Object.entries(OPINION_SERVER_FLAGS).flatMap(([k, v]) => [k, v]);
    const other = await startServer({ db: server.db, token: false, clock: server.clock, args: flags });
    try {
      const [a, b] = await Promise.all([
        api(server, 'POST', '/api/v1/opinions/intake/run', { token: server.token, body: {} }),
        api(other, 'POST', '/api/v1/opinions/intake/run', { token: server.token, body: {} }),
      ]);
      expectStatus(a, 200, 'intake/run on the first node');
      expectStatus(b, 200, 'intake/run on the second node');
      assert.equal(a.json.failed + b.json.failed, 0, `nothing failed: ${a.body} ${b.body}`);
      assert.equal(a.json.processed + b.json.processed, 40, `each row moved once between the two: ${a.body} ${b.body}`);
    } finally {
      const exit = await other.stop({ keepDatabase: true });
      assert.deepEqual(exit, { code: 0, signal: null }, 'the second node exits 0 on SIGTERM');
    }
    for (const q of queued) assert.deepEqual(await where(server, q.code), { intake: 0, opinions: 1 }, `${q.code}: one opinion`);
    const after_ = await everything();
    assert.equal(after_.opinions - before_.opinions, 40, 'forty opinions');
    assert.equal(after_.opinion_events - before_.opinion_events, 40, 'one first step each');
    assert.equal(after_.message_deliveries - before_.message_deliveries, 40, 'one message each');
    assert.equal(after_.receive_audit - before_.receive_audit, 40, 'one audit row each');
  });
});
