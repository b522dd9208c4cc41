// A tracking code is never issued for an opinion that did not commit (docs/opinions.md
// "Channels": the code is made inside the transaction and returned only after it commits).
// Faults are injected into the database under the running server: on PostgreSQL a deferred
// constraint trigger on `opinions` that raises at COMMIT, so that every statement succeeds
// and only the commit fails; on both engines a trigger that aborts the insert into
// `opinion_events`, so that the transaction fails half-way. Each time the submission answers
// a 5xx problem without a tracking code, and no opinion, event or outbound message is left;
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

async function counts(): Promise<{ opinions: number; events: number; deliveries: number }> {
  return {
    opinions: await count('SELECT count(*) FROM opinions'),
    events: await count('SELECT count(*) FROM opinion_events'),
    deliveries: await count('SELECT count(*) FROM message_deliveries'),
  };
}

/** The failed submission: a 5xx problem, no tracking code (nor anything shaped like one), nothing stored. */
async function assertNothingIssued(res: ApiResponse, title: string, before_: Awaited<ReturnType<typeof counts>>, what: string): Promise<void> {
  assert.ok(res.status >= 500 && res.status <= 599, `${what}: a 5xx, got ${res.status} ${res.body.slice(0, 400)}`);
  assertProblem(res, { status: res.status }, what);
  assert.ok(!('tracking_code' in (res.json ?? {})), `${what}: no tracking_code in ${res.body}`);
  const { instance: _instance, ...rest } = res.json ?? {};
  assert.doesNotMatch(JSON.stringify(rest), /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}/, `${what}: nothing shaped like a tracking code`);
  assert.equal(await count(`SELECT count(*) FROM opinions WHERE title = ${quote(title)}`), 0, `${what}: no row in opinions`);
  assert.deepEqual(await counts(), before_, `${what}: no opinion, event or message left behind`);
}

describe('fault injection', () => {
  test('PostgreSQL: a deferred constraint trigger on opinions raising at COMMIT → public submission 5xx without tracking_code, no row; keeper registration too', { skip: engine !== 'postgresql' && 'PostgreSQL only' }, async () => {
    await sql(`CREATE FUNCTION hytest_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'hytest: injected failure at commit'; END $$`);
    await sql(`CREATE CONSTRAINT TRIGGER hytest_fail_at_commit AFTER INSERT ON opinions
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hytest_fail_at_commit()`);
    try {
      const before_ = await counts();
      const body = bureau.body();
      await assertNothingIssued(await bureau.submitRes(body), body.title, before_, 'public submission failing at COMMIT');
      const reg = bureau.body({ channel: 'phone' });
      await assertNothingIssued(await bureau.registerRes('keeper.jinshui', reg), reg.title, before_, 'keeper registration failing at COMMIT');
    } finally {
      await sql('DROP TRIGGER IF EXISTS hytest_fail_at_commit ON opinions');
      await sql('DROP FUNCTION IF EXISTS hytest_fail_at_commit()');
    }
    const body = bureau.body();
    const ok = await bureau.submitRes(body);
    expectStatus(ok, 201, 'the same server accepts opinions once the trigger is gone');
    assert.equal(await count(`SELECT count(*) FROM opinions WHERE tracking_code = ${quote(ok.json.tracking_code.replace(/-/g, ''))} OR tracking_code = ${quote(ok.json.tracking_code)}`), 1, 'the issued code is stored');
  });

  test(`${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: a trigger aborting the insert into opinion_events fails inside the transaction → 5xx without tracking_code, no row in opinions`, async () => {
    if (engine === 'sqlite') {
      await sql(`CREATE TRIGGER hytest_fail_in_tx BEFORE INSERT ON opinion_events BEGIN SELECT RAISE(ABORT, 'hytest: injected failure'); END`);
    } else {
      await sql(`CREATE FUNCTION hytest_fail_in_tx() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'hytest: injected failure'; END $$`);
      await sql('CREATE TRIGGER hytest_fail_in_tx BEFORE INSERT ON opinion_events FOR EACH ROW EXECUTE FUNCTION hytest_fail_in_tx()');
    }
    try {
      const before_ = await counts();
      const body = bureau.body();
      await assertNothingIssued(await bureau.submitRes(body), body.title, before_, 'public submission failing inside the transaction');
      const reg = bureau.body({ channel: 'phone' });
      await assertNothingIssued(await bureau.registerRes('keeper.jinshui', reg), reg.title, before_, 'keeper registration failing inside the transaction');
    } finally {
      if (engine === 'sqlite') {
        await sql('DROP TRIGGER IF EXISTS hytest_fail_in_tx');
      } else {
        await sql('DROP TRIGGER IF EXISTS hytest_fail_in_tx ON opinion_events');
        await sql('DROP FUNCTION IF EXISTS hytest_fail_in_tx()');
      }
    }
    expectStatus(await bureau.submitRes(bureau.body()), 201, 'the same server accepts opinions once the trigger is gone');
  });

  test('a failed transition leaves the opinion as it was: an aborted accept answers 5xx and the opinion stays received with no new event or message', async () => {
    const c = await bureau.submit();
    const events = await count(`SELECT count(*) FROM opinion_events WHERE opinion_id = ${Number(c.id)}`);
    const deliveries = await count(`SELECT count(*) FROM message_deliveries WHERE opinion_id = ${Number(c.id)}`);
    if (engine === 'sqlite') {
      await sql(`CREATE TRIGGER hytest_fail_event BEFORE INSERT ON opinion_events BEGIN SELECT RAISE(ABORT, 'hytest: injected failure'); END`);
    } else {
      await sql(`CREATE FUNCTION hytest_fail_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'hytest: injected failure'; END $$`);
      await sql('CREATE TRIGGER hytest_fail_event BEFORE INSERT ON opinion_events FOR EACH ROW EXECUTE FUNCTION hytest_fail_event()');
    }
    try {
      const res = await bureau.act('keeper.jinshui', c.id, 'accept');
      assert.ok(res.status >= 500, `accept fails: ${res.status} ${res.body.slice(0, 300)}`);
    } finally {
      if (engine === 'sqlite') await sql('DROP TRIGGER IF EXISTS hytest_fail_event');
      else {
        await sql('DROP TRIGGER IF EXISTS hytest_fail_event ON opinion_events');
        await sql('DROP FUNCTION IF EXISTS hytest_fail_event()');
      }
    }
    const o = await bureau.get(c.id);
    assert.equal(o.state, 'received', 'the opinion is unchanged');
    assert.equal(await count(`SELECT count(*) FROM opinion_events WHERE opinion_id = ${Number(c.id)}`), events, 'no event');
    assert.equal(await count(`SELECT count(*) FROM message_deliveries WHERE opinion_id = ${Number(c.id)}`), deliveries, 'no message to the citizen');
    assert.equal((await bureau.do('keeper.jinshui', c.id, 'accept')).state, 'accepted', 'accepting works again');
  });
});
