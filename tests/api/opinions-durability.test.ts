// A tracking code is never issued for an opinion that did not commit (docs/opinions.md
// "Channels": the code is made inside the transaction and returned only after it commits).
// A public submission's commit is the one that appends its row to `opinion_intake`
// ("Intake"); a keeper's registration writes `opinions` (and its timeline) directly. Faults
// are injected into the database under the running server: on PostgreSQL deferred
// constraint triggers on `opinion_intake` and on `opinions` that raise at COMMIT, so that
// every statement succeeds and only the commit fails; on both engines triggers that abort
// the insert into `opinion_intake` (public path) and into `opinion_events` (keeper path), so
// that the transaction fails half-way. Each time the submission answers a 5xx problem
// without a tracking code, and no queued row, opinion, event or outbound message is left;
// once the trigger is dropped the same server takes opinions again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, defaultEngine, type ApiResponse } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import { Bureau, startOpinionsServer } from './opinions-fixtures.ts';

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

const sql = (s: string) => server.db.sql(s);
const count = async (s: string) => Number(await sql(s));
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function counts(): Promise<{ intake: number; opinions: number; events: number; deliveries: number }> {
  return {
    intake: await count('SELECT count(*) FROM opinion_intake'),
    opinions: await count('SELECT count(*) FROM opinions'),
    events: await count('SELECT count(*) FROM opinion_events'),
    deliveries: await count('SELECT count(*) FROM message_deliveries'),
  };
}

/** The failed submission: a 5xx problem, no tracking code, nothing stored, and none of the citizen's personal data in the server's log (database errors name the values bound to the failed statement). */
async function assertNothingIssued(res: ApiResponse, sent: Record<string, any>, before_: Awaited<ReturnType<typeof counts>>, what: string): Promise<void> {
  const { title } = sent;
  // The failure's own log line first (it may reach us after the response), then every line.
  const requestId = res.headers['x-request-id'];
  await server.waitForLog((l) => l.json?.event === 'unhandled_exception' && l.json?.request_id === requestId);
  const leaked = server.logs.filter((l) => l.raw.includes(sent.mobile) || l.raw.includes(sent.name));
  assert.deepEqual(leaked.map((l) => l.raw), [], `${what}: the citizen's name and mobile are in no log line`);
  assert.ok(res.status >= 500 && res.status <= 599, `${what}: a 5xx, got ${res.status} ${res.body.slice(0, 400)}`);
  assertProblem(res, { status: res.status }, what);
  assert.ok(!('tracking_code' in (res.json ?? {})), `${what}: no tracking_code in ${res.body}`);
  const { instance: _instance, ...rest } = res.json ?? {};
  assert.doesNotMatch(JSON.stringify(rest), /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}/, `${what}: nothing shaped like a tracking code`);
  assert.equal(await count(`SELECT count(*) FROM opinions WHERE title = ${quote(title)}`), 0, `${what}: no row in opinions`);
  // The queued submission is JSON: look for the title's ASCII tag, which no escaping changes.
  const tag = /（(\w+)）$/.exec(title)?.[1] ?? title;
  assert.equal(await count(`SELECT count(*) FROM opinion_intake WHERE submission LIKE ${quote(`%${tag}%`)}`), 0, `${what}: no row in opinion_intake`);
  assert.deepEqual(await counts(), before_, `${what}: no queued row, opinion, event or message left behind`);
}

/** A tracking code as stored: the 10 characters, or as shown with dashes. */
const codeIn = (code: string) => `(tracking_code = ${quote(code.replace(/-/g, ''))} OR tracking_code = ${quote(code)})`;

/**
 * After the fault is gone: a public submission → 201 with a code that is queued in
 * opinion_intake, and once the intake runs, an opinion with that code.
 */
async function assertAcceptedAgain(what: string): Promise<void> {
  const ok = await bureau.submitRes(bureau.body());
  expectStatus(ok, 201, what);
  const code = ok.json.tracking_code;
  assert.equal(await count(`SELECT count(*) FROM opinion_intake WHERE ${codeIn(code)}`), 1, `${what}: the issued code is queued`);
  const run = await bureau.processIntake();
  assert.equal(run.failed, 0, `${what}: the intake moves it: ${JSON.stringify(run)}`);
  assert.equal(await count(`SELECT count(*) FROM opinion_intake WHERE ${codeIn(code)}`), 0, `${what}: no longer queued`);
  assert.equal(await count(`SELECT count(*) FROM opinions WHERE ${codeIn(code)}`), 1, `${what}: the issued code is an opinion`);
}

/** Drops a trigger (and its function on PostgreSQL) whether or not it was made. */
async function dropTrigger(name: string, table: string): Promise<void> {
  if (engine === 'sqlite') {
    await sql(`DROP TRIGGER IF EXISTS ${name}`);
  } else {
    await sql(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
    await sql(`DROP FUNCTION IF EXISTS ${name}()`);
  }
}

/** A trigger aborting every INSERT into `table` inside the transaction. */
async function failInserts(name: string, table: string): Promise<void> {
  if (engine === 'sqlite') {
    await sql(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'hytest: injected failure'); END`);
  } else {
    await sql(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'hytest: injected failure'; END $$`);
    await sql(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  }
}

/** PostgreSQL: a deferred constraint trigger on `table` that raises at COMMIT. */
async function failAtCommit(name: string, table: string): Promise<void> {
  await sql(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'hytest: injected failure at commit'; END $$`);
  await sql(`CREATE CONSTRAINT TRIGGER ${name} AFTER INSERT ON ${table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${name}()`);
}

describe('fault injection', () => {
  test('PostgreSQL: deferred constraint triggers raising at COMMIT (on opinion_intake for the public form, on opinions for the keeper) → 5xx without tracking_code, no row', { skip: engine !== 'postgresql' && 'PostgreSQL only' }, async () => {
    await bureau.processIntake();
    try {
      await failAtCommit('hytest_intake_at_commit', 'opinion_intake');
      await failAtCommit('hytest_opinion_at_commit', 'opinions');
      const before_ = await counts();
      const body = bureau.body();
      await assertNothingIssued(await bureau.submitRes(body), body, before_, 'public submission failing at COMMIT');
      const reg = bureau.body({ channel: 'phone' });
      await assertNothingIssued(await bureau.registerRes('keeper.jinshui', reg), reg, before_, 'keeper registration failing at COMMIT');
    } finally {
      await dropTrigger('hytest_intake_at_commit', 'opinion_intake');
      await dropTrigger('hytest_opinion_at_commit', 'opinions');
    }
    await assertAcceptedAgain('the same server accepts opinions once the triggers are gone');
    const reg = await bureau.registerRes('keeper.jinshui', bureau.body({ channel: 'phone' }));
    expectStatus(reg, 201, 'the keeper registers again once the triggers are gone');
  });

  test(`${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: triggers aborting the insert into opinion_intake (public form) and into opinion_events (keeper) fail inside the transaction → 5xx without tracking_code, no row`, async () => {
    await bureau.processIntake();
    try {
      await failInserts('hytest_intake_in_tx', 'opinion_intake');
      await failInserts('hytest_event_in_tx', 'opinion_events');
      const before_ = await counts();
      const body = bureau.body();
      await assertNothingIssued(await bureau.submitRes(body), body, before_, 'public submission failing inside the transaction');
      const reg = bureau.body({ channel: 'phone' });
      await assertNothingIssued(await bureau.registerRes('keeper.jinshui', reg), reg, before_, 'keeper registration failing inside the transaction');
    } finally {
      await dropTrigger('hytest_intake_in_tx', 'opinion_intake');
      await dropTrigger('hytest_event_in_tx', 'opinion_events');
    }
    await assertAcceptedAgain('the same server accepts opinions once the triggers are gone');
    const reg = await bureau.registerRes('keeper.jinshui', bureau.body({ channel: 'phone' }));
    expectStatus(reg, 201, 'the keeper registers again once the triggers are gone');
  });

  test('a failed transition leaves the opinion as it was: an aborted accept answers 5xx and the opinion stays received with no new event or message', async () => {
    const c = await bureau.submit();
    const events = await count(`SELECT count(*) FROM opinion_events WHERE opinion_id = ${Number(c.id)}`);
    const deliveries = await count(`SELECT count(*) FROM message_deliveries WHERE opinion_id = ${Number(c.id)}`);
    try {
      await failInserts('hytest_fail_event', 'opinion_events');
      const res = await bureau.act('keeper.jinshui', c.id, 'accept');
      assert.ok(res.status >= 500, `accept fails: ${res.status} ${res.body.slice(0, 300)}`);
    } finally {
      await dropTrigger('hytest_fail_event', 'opinion_events');
    }
    const o = await bureau.get(c.id);
    assert.equal(o.state, 'received', 'the opinion is unchanged');
    assert.equal(await count(`SELECT count(*) FROM opinion_events WHERE opinion_id = ${Number(c.id)}`), events, 'no event');
    assert.equal(await count(`SELECT count(*) FROM message_deliveries WHERE opinion_id = ${Number(c.id)}`), deliveries, 'no message to the citizen');
    assert.equal((await bureau.do('keeper.jinshui', c.id, 'accept')).state, 'accepted', 'accepting works again');
  });
});
