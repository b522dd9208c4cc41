// The in-app inbox (docs/suggestions.md "Notifications", "Scheduler"): who is told of a
// submission, an invitation, a new assignment, an answer and an evaluation request; the
// unread count, read and read-all; due-soon and overdue notices made by the deadline sweep
// after the clock moves, each exactly once however often the sweep runs; two sweeps at the
// same moment (two API calls on either engine; two `huying scheduler run` processes on one
// PostgreSQL database) close each expired item once and notify each event once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, defaultEngine, huying } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import { Desk, addMonths, addWorkingDays, addDays, startSuggestionsServer } from './suggestions-fixtures.ts';

let server: ClockedServer;
let desk: Desk;
before(async () => {
  server = await startSuggestionsServer();
  desk = await Desk.open(server);
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

const LEAD = 'deputy.henan';
const COSIGNER = 'deputy.luoyang';
const STAFF = 'staff.henan';
const sid = (s: any) => String(s.id);

/** Exactly one notification of `kind` about suggestion `id` for `who`; returns it. */
async function one(who: string, id: string, kind: string): Promise<any> {
  const found = await desk.notificationsAbout(who, id, kind);
  assert.equal(found.length, 1, `${who}: one ${kind} about ${id}, got ${JSON.stringify(found)}`);
  const n = found[0];
  for (const k of ['id', 'kind', 'title', 'body', 'record_type', 'record_id', 'created_at']) assert.ok(k in n, `${kind}: ${k} in ${JSON.stringify(n)}`);
  assert.equal(n.record_type, 'suggestion');
  assert.equal(typeof n.title, 'string');
  assert.ok(n.title.length > 0, 'a title');
  return n;
}

async function none(who: string, id: string, kind?: string): Promise<void> {
  const found = await desk.notificationsAbout(who, id, kind);
  assert.deepEqual(found, [], `${who}: no ${kind ?? 'notification'} about ${id}`);
}

describe('event notifications', () => {
  test('submitted → the staff of the congress, nobody of another congress', async () => {
    desk.day('2026-03-02');
    const s = await desk.submitted();
    const n = await one(STAFF, sid(s), 'submitted');
    assert.equal(n.read_at, null, 'unread');
    await none('staff.zhongyuan', sid(s));
    await none(LEAD, sid(s), 'submitted');
  });

  test('cosign_invitation → the invited deputy only', async () => {
    desk.day('2026-03-02');
    const s = await desk.draft({ cosigners: [COSIGNER], confirm: false });
    await one(COSIGNER, sid(s), 'cosign_invitation');
    await none('deputy.zhengzhou', sid(s));
    await none(LEAD, sid(s), 'cosign_invitation');
  });

  test('assignment_new → every user of each assigned unit (lead and co), not other units', async () => {
    desk.day('2026-03-02');
    const both = await desk.assigned({ leadUnit: 'edu', coUnits: ['health'] });
    for (const u of ['handler.edu', 'head.edu', 'handler.health']) await one(u, sid(both), 'assignment_new');
    const eduOnly = await desk.assigned({ leadUnit: 'edu' });
    for (const u of ['handler.edu', 'head.edu']) await one(u, sid(eduOnly), 'assignment_new');
    await none('handler.health', sid(eduOnly));
  });

  test('answer_received → the lead and the confirmed co-signer; evaluation_requested → the lead only', async () => {
    desk.day('2026-03-02');
    const s = await desk.answered({ cosigners: [COSIGNER] });
    await one(LEAD, sid(s), 'answer_received');
    await one(COSIGNER, sid(s), 'answer_received');
    await one(LEAD, sid(s), 'evaluation_requested');
    await none(COSIGNER, sid(s), 'evaluation_requested');
    await none('deputy.zhengzhou', sid(s));
    await none('handler.health', sid(s));
  });

  test('a declined co-signer is not sent the answer', async () => {
    desk.day('2026-03-02');
    const s = await desk.draft({ cosigners: [COSIGNER], confirm: false });
    await desk.do(COSIGNER, sid(s), 'decline');
    await desk.do(LEAD, sid(s), 'submit');
    await desk.do(STAFF, sid(s), 'register');
    await desk.do(STAFF, sid(s), 'assign', desk.assignBody());
    let t = await desk.get(sid(s));
    const aid = desk.assignment(t, 'edu').id;
    await desk.do('handler.edu', sid(s), 'accept', { assignment_id: aid });
    await desk.do('handler.edu', sid(s), 'record-contact', { ...desk.contactBody(), assignment_id: aid });
    t = await desk.do('handler.edu', sid(s), 'answer', { ...desk.answerBody('A'), assignment_id: aid });
    assert.equal(t.state, 'answered');
    await one(LEAD, sid(s), 'answer_received');
    await none(COSIGNER, sid(s), 'answer_received');
  });
});

describe('the inbox: unread count, read, read-all', () => {
  test('unread-count follows new notifications, read and read-all; nobody reads another user\'s notification', async () => {
    desk.day('2026-03-02');
    const before = await desk.unreadCount('handler.health');
    const s = await desk.assigned({ leadUnit: 'health' });
    assert.equal(await desk.unreadCount('handler.health'), before + 1, 'one more unread');
    const n = await one('handler.health', sid(s), 'assignment_new');
    assert.equal(n.read_at, null);
    const unread = await desk.notifications('handler.health', 'unread=true');
    assert.equal(unread.length, before + 1, 'unread=true lists the unread ones');
    assert.ok(unread.every((x) => x.read_at === null));

    const foreign = await desk.call('handler.edu', 'POST', `/api/v1/notifications/${n.id}/read`, { body: {} });
    assertProblem(foreign, { status: 404 }, 'another user reads it');
    assert.equal(await desk.unreadCount('handler.health'), before + 1);

    const r = await desk.call('handler.health', 'POST', `/api/v1/notifications/${n.id}/read`, { body: {} });
    expectStatus(r, [200, 204], 'read');
    assert.equal(await desk.unreadCount('handler.health'), before, 'one fewer unread');
    const readOne = (await desk.notificationsAbout('handler.health', sid(s), 'assignment_new'))[0];
    assert.ok(readOne.read_at, 'read_at is set');
    const again = await desk.call('handler.health', 'POST', `/api/v1/notifications/${n.id}/read`, { body: {} });
    expectStatus(again, [200, 204], 'reading twice is harmless');
    assert.equal(await desk.unreadCount('handler.health'), before);

    await desk.assigned({ leadUnit: 'health' });
    assert.ok((await desk.unreadCount('handler.health')) >= 1);
    const all = await desk.call('handler.health', 'POST', '/api/v1/notifications/read-all', { body: {} });
    expectStatus(all, [200, 204], 'read-all');
    assert.equal(await desk.unreadCount('handler.health'), 0);
    assert.deepEqual(await desk.notifications('handler.health', 'unread=true'), []);
    assert.ok((await desk.notifications('handler.health')).length >= 2, 'read notifications stay in the inbox');
  });

  test('the inbox needs a sign-in', async () => {
    assertProblem(await desk.call(null, 'GET', '/api/v1/notifications'), { status: 401 }, 'anonymous list');
    assertProblem(await desk.call(null, 'GET', '/api/v1/notifications/unread-count'), { status: 401 }, 'anonymous count');
  });
});

describe('deadline notices from the sweep', () => {
  test('POST /api/v1/scheduler/run is for administrators', async () => {
    desk.day('2026-03-02');
    assertProblem(await desk.call(STAFF, 'POST', '/api/v1/scheduler/run', { body: {} }), { status: 403 }, 'staff');
    assertProblem(await desk.call(null, 'POST', '/api/v1/scheduler/run', { body: {} }), { status: 401 }, 'anonymous');
  });

  test('answer deadline: due_soon from 15 days before (unit users), overdue the day after; each once however often the sweep runs', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted();
    const due = desk.assignment(s, 'edu').answer_due;
    assert.equal(due, addMonths('2026-03-02', 3));
    assert.equal(due, '2026-06-02');

    desk.day(addDays(due, -16)); // 05-17: 16 days ahead, normal
    await desk.runScheduler();
    for (const u of ['handler.edu', 'head.edu']) await none(u, sid(s), 'due_soon');

    desk.day(addDays(due, -15)); // 05-18: 15 days ahead, due soon
    const first = await desk.runScheduler();
    assert.ok(first.notified >= 2, `at least the two unit users were notified: ${JSON.stringify(first)}`);
    const second = await desk.runScheduler();
    assert.deepEqual(second, { closed: 0, notified: 0 }, 'a second sweep at the same moment does nothing');
    for (const u of ['handler.edu', 'head.edu']) await one(u, sid(s), 'due_soon');
    await none('handler.health', sid(s));
    await none(STAFF, sid(s), 'due_soon');

    desk.day(addDays(due, -3));
    await desk.runScheduler();
    for (const u of ['handler.edu', 'head.edu']) await one(u, sid(s), 'due_soon'); // still once, days later

    desk.day(due, '23:00');
    await desk.runScheduler();
    for (const u of ['handler.edu', 'head.edu']) await none(u, sid(s), 'overdue'); // the due day itself is not overdue

    desk.day(addDays(due, 1));
    const late = await desk.runScheduler();
    assert.ok(late.notified >= 2, `overdue notices: ${JSON.stringify(late)}`);
    assert.deepEqual(await desk.runScheduler(), { closed: 0, notified: 0 }, 'the second sweep does nothing');
    for (const u of ['handler.edu', 'head.edu']) {
      await one(u, sid(s), 'overdue');
      await one(u, sid(s), 'due_soon');
    }
    const list = await desk.get(sid(s), 'handler.edu');
    assert.equal(desk.assignment(list, 'edu').due_status, 'overdue');
  });

  test('staff: the assignment deadline and a pending request, due_soon then overdue, once each', async () => {
    desk.day('2026-03-02');
    const registered = await desk.registered();
    assert.equal(registered.assign_due, addWorkingDays('2026-03-02', 10));
    assert.equal(registered.assign_due, '2026-03-16');
    const assigned = await desk.assigned();
    const req = await desk.do('handler.edu', sid(assigned), 'request-reassignment', { reason: '职责不符', assignment_id: desk.assignment(assigned, 'edu').id });
    assert.equal(req.requests[0].decide_due, '2026-03-16');

    await desk.runScheduler(); // 14 days ahead: both due soon
    await desk.runScheduler();
    await one(STAFF, sid(registered), 'due_soon');
    await one(STAFF, sid(assigned), 'due_soon');
    for (const u of ['handler.edu', 'head.edu']) await none(u, sid(registered));

    desk.day('2026-03-17');
    await desk.runScheduler();
    await desk.runScheduler();
    await one(STAFF, sid(registered), 'overdue');
    await one(STAFF, sid(assigned), 'overdue');
    await one(STAFF, sid(registered), 'due_soon');
    await none('staff.zhongyuan', sid(registered));
    const r = await desk.get(sid(registered));
    assert.equal(r.due_status, 'overdue');
  });

  test('two sweeps at once through the API close each expired item once and notify each event once', async () => {
    desk.day('2026-04-01');
    const expired = [];
    for (let i = 0; i < 3; i++) expired.push(await desk.answered());
    const dueSoon = [];
    for (let i = 0; i < 3; i++) dueSoon.push(await desk.accepted());
    // 04-01 + 10 WD = 04-16 (Qingming 04-06 off); on 06-20 every evaluation window is over and
    // every answer (due 07-01) is due within 15 days.
    assert.equal(expired[0].evaluation_due, '2026-04-16');
    desk.day('2026-06-20');
    const [a, b] = await Promise.all([desk.runScheduler(), desk.runScheduler()]);
    assert.ok(a.closed + b.closed >= expired.length, `both sweeps together closed them: ${JSON.stringify([a, b])}`);
    assert.deepEqual(await desk.runScheduler(), { closed: 0, notified: 0 }, 'nothing left to do');
    for (const s of expired) {
      const c = await desk.get(sid(s), LEAD);
      assert.equal(c.state, 'closed');
      assert.equal(c.close_reason, 'not_evaluated');
    }
    for (const s of dueSoon) for (const u of ['handler.edu', 'head.edu']) await one(u, sid(s), 'due_soon');
  });

  const engine = defaultEngine();
  test(
    'PostgreSQL: two `huying scheduler run` processes at the same moment close each expired item once and notify each event once',
    { skip: engine === 'sqlite' ? 'two processes sharing one database are a PostgreSQL deployment; SQLite runs one node' : false },
    async () => {
      desk.day('2026-07-01');
      const expired = [];
      for (let i = 0; i < 6; i++) expired.push(await desk.answered({ cosigners: i % 2 ? [COSIGNER] : [] }));
      const dueSoon = [];
      for (let i = 0; i < 6; i++) dueSoon.push(await desk.accepted());
      // 07-01 + 10 WD = 07-15; the answers are due on 10-01, within 15 days of 09-20.
      desk.day('2026-09-20');
      const args = ['scheduler', 'run', '--database', server.dbUrl, '--clock-file', server.clock.file];
      const [p, q] = await Promise.all([huying(args), huying(args)]);
      assert.equal(p.code, 0, `first process: ${p.stdout}\n${p.stderr}`);
      assert.equal(q.code, 0, `second process: ${q.stdout}\n${q.stderr}`);
      const closedBy = (r: { stdout: string; stderr: string }) => {
        const m = /closed\D{0,20}(\d+)/i.exec(r.stdout + r.stderr);
        assert.ok(m, `the run prints what it closed: ${r.stdout}${r.stderr}`);
        return Number(m[1]);
      };
      assert.ok(closedBy(p) + closedBy(q) >= expired.length, `the two runs closed the items between them:\n${p.stdout}\n${q.stdout}`);
      assert.deepEqual(await desk.runScheduler(), { closed: 0, notified: 0 }, 'a later sweep finds nothing left');
      for (const s of expired) {
        const c = await desk.get(sid(s), LEAD);
        assert.equal(c.state, 'closed');
        assert.equal(c.close_reason, 'not_evaluated');
        const closures = (await desk.timeline(sid(s))).filter((i) => /clos|not_evaluated/i.test(`${i.action}`));
        assert.equal(closures.length, 1, `closed once: ${JSON.stringify(closures)}`);
      }
      for (const s of dueSoon) for (const u of ['handler.edu', 'head.edu']) await one(u, sid(s), 'due_soon');
    },
  );
});
