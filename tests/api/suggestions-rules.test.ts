// The rules of the suggestion workflow (docs/suggestions.md "States and actions",
// "Deadlines"; DOMAIN.md §2, §6): illegal transitions → 409 invalid_state with
// current_state; who may act (404 when the caller cannot see the item, 403 when the role
// may not); return / reject / withdraw; invitations; the reassignment window and decision;
// extensions capped at 6 months; contact before answer; answer classes; the evaluation
// window and its closure by the scheduler; re-handling and the assessment flag; two staff
// assigning at once; If-Match on edits; numbers per year and the unknown-year error.
// Every test sets the clock to the days it needs (Beijing civil dates of 2026).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import {
  Desk,
  addMonths,
  addWorkingDays,
  assertActions,
  assertInvalidState,
  assertPointers,
  startSuggestionsServer,
} from './suggestions-fixtures.ts';

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
const STAFF = 'staff.henan';
const sid = (s: any) => String(s.id);

describe('illegal transitions → 409 invalid_state naming the current state', () => {
  test('register a returned item → 409, current_state returned', async () => {
    desk.day('2026-03-02');
    const s = await desk.submitted();
    await desk.do(STAFF, sid(s), 'return', { reason: '请补充调研数据' });
    assertInvalidState(await desk.act(STAFF, sid(s), 'register'), 'returned', 'register a returned item');
    assert.equal((await desk.get(sid(s), LEAD)).state, 'returned', 'still returned');
  });

  test('register a draft → refused and nothing changes (staff cannot see drafts: 404)', async () => {
    // The congress box holds "all but drafts": a draft is the deputy's own until submitted,
    // so for staff it does not exist (404) rather than being in the wrong state (409).
    desk.day('2026-03-02');
    const s = await desk.draft();
    assertProblem(await desk.getRes(sid(s), STAFF), { status: 404 }, 'staff read a draft');
    assertProblem(await desk.act(STAFF, sid(s), 'register'), { status: 404 }, 'register a draft');
    assert.equal((await desk.get(sid(s), LEAD)).state, 'draft', 'still a draft');
  });

  test('submit twice → 409, current_state submitted', async () => {
    desk.day('2026-03-02');
    const s = await desk.submitted();
    assertInvalidState(await desk.act(LEAD, sid(s), 'submit'), 'submitted', 'second submit');
  });

  test('register twice → 409, current_state registered; the number is kept', async () => {
    desk.day('2026-03-02');
    const s = await desk.registered();
    assertInvalidState(await desk.act(STAFF, sid(s), 'register'), 'registered', 'second register');
    assert.equal((await desk.get(sid(s))).number, s.number);
  });

  test('answer before accepting → 409, current_state assigned', async () => {
    desk.day('2026-03-02');
    const s = await desk.assigned();
    const aid = desk.assignment(s, 'edu').id;
    // A contact first, so that only the missing acceptance stands in the way (record-contact is
    // allowed from assigned whatever the assignment's state).
    await desk.act('handler.edu', sid(s), 'record-contact', { ...desk.contactBody(), assignment_id: aid });
    assertInvalidState(await desk.act('handler.edu', sid(s), 'answer', { ...desk.answerBody('A'), assignment_id: aid }), 'assigned', 'answer while pending', null);
    assert.equal(desk.assignment(await desk.get(sid(s)), 'edu').state, 'pending');
  });

  test('accept twice → 409', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted();
    const res = await desk.act('handler.edu', sid(s), 'accept', { assignment_id: desk.assignment(s, 'edu').id });
    assertInvalidState(res, 'assigned', 'second accept', null);
  });

  test('evaluate before the answer → 409, current_state assigned', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted();
    assertInvalidState(await desk.act(LEAD, sid(s), 'evaluate', { attitude: 'satisfied', result: 'satisfied' }), 'assigned', 'evaluate early');
  });

  test('withdraw after assignment → 409, current_state assigned (withdrawal is allowed until assigned)', async () => {
    desk.day('2026-03-02');
    const s = await desk.assigned();
    assertInvalidState(await desk.act(LEAD, sid(s), 'withdraw', { reason: '问题已解决' }), 'assigned', 'withdraw after assign');
    assertActions(await desk.get(sid(s), LEAD), 'assigned, as the lead', []);
  });

  test('withdraw is allowed from draft, submitted, returned and registered', async () => {
    desk.day('2026-03-02');
    const items = [
      await desk.draft(),
      await desk.submitted(),
      await desk.do(STAFF, sid(await desk.submitted()), 'return', { reason: '请补充具体建议' }),
      await desk.registered(),
    ];
    for (const s of items) {
      assertActions(await desk.get(sid(s), LEAD), `${s.state}, as the lead`, ['withdraw'], ['invite', 'uninvite', 'submit']);
      const w = await desk.do(LEAD, sid(s), 'withdraw', { reason: '拟与其他代表联名另行提出' });
      assert.equal(w.state, 'withdrawn', `withdrawn from ${s.state}`);
      assertActions(w, 'withdrawn, as the lead', []);
      assertInvalidState(await desk.act(LEAD, sid(s), 'withdraw', {}), 'withdrawn', 'withdraw twice');
    }
  });

  test('an invited co-signer cannot confirm a withdrawn item → 409, current_state withdrawn', async () => {
    desk.day('2026-03-02');
    const s = await desk.draft({ cosigners: ['deputy.luoyang'], confirm: false });
    await desk.do(LEAD, sid(s), 'withdraw', {});
    assertInvalidState(await desk.act('deputy.luoyang', sid(s), 'cosign'), 'withdrawn', 'cosign a withdrawn item');
  });

  test('a closed item: evaluate again → 409, current_state closed', async () => {
    desk.day('2026-03-02');
    const s = await desk.answered();
    await desk.do(LEAD, sid(s), 'evaluate', { attitude: 'satisfied', result: 'basically_satisfied' });
    assertInvalidState(await desk.act(LEAD, sid(s), 'evaluate', { attitude: 'satisfied', result: 'satisfied' }), 'closed', 'evaluate twice');
  });
});

describe('who may act: cannot see it → 404, the role may not → 403', () => {
  test('a deputy who is not the lead (nor invited) gets 404 for someone else\'s draft', async () => {
    desk.day('2026-03-02');
    const s = await desk.draft();
    for (const who of ['deputy.luoyang', 'deputy.zhengzhou']) {
      assertProblem(await desk.getRes(sid(s), who), { status: 404 }, `GET as ${who}`);
      assertProblem(await desk.act(who, sid(s), 'submit'), { status: 404 }, `submit as ${who}`);
      assertProblem(
        await desk.call(who, 'PATCH', `/api/v1/suggestions/${sid(s)}`, { ifMatch: `"${s.version}"`, body: { title: '越权修改' } }),
        { status: 404 },
        `PATCH as ${who}`,
      );
      assertProblem(await desk.call(who, 'GET', `/api/v1/suggestions/${sid(s)}/timeline`), { status: 404 }, `timeline as ${who}`);
    }
    assertProblem(await desk.getRes(sid(s), null), { status: 401 }, 'anonymous');
  });

  test('staff of another congress get 404 (read and register)', async () => {
    desk.day('2026-03-02');
    const s = await desk.submitted();
    assertProblem(await desk.getRes(sid(s), 'staff.zhongyuan'), { status: 404 }, 'GET as 中原区 staff');
    assertProblem(await desk.act('staff.zhongyuan', sid(s), 'register'), { status: 404 }, 'register as 中原区 staff');
    assert.equal((await desk.get(sid(s))).state, 'submitted');
  });

  test('a unit with no assignment on the item gets 404 (register, accept, read)', async () => {
    desk.day('2026-03-02');
    const submitted = await desk.submitted();
    assertProblem(await desk.act('handler.edu', sid(submitted), 'register'), { status: 404 }, 'a unit registers');
    assertProblem(await desk.getRes(sid(submitted), 'handler.edu'), { status: 404 }, 'a unit reads a submitted item');
    const assigned = await desk.assigned({ leadUnit: 'edu' });
    assertProblem(await desk.getRes(sid(assigned), 'handler.health'), { status: 404 }, 'another unit reads');
    assertProblem(
      await desk.act('handler.health', sid(assigned), 'accept', { assignment_id: desk.assignment(assigned, 'edu').id }),
      { status: 404 },
      'another unit accepts the edu assignment',
    );
    assert.equal((await desk.get(sid(submitted))).state, 'submitted');
  });

  test('the lead deputy may not register their own item → 403', async () => {
    desk.day('2026-03-02');
    const s = await desk.submitted();
    assertProblem(await desk.act(LEAD, sid(s), 'register'), { status: 403 }, 'lead registers');
    assertProblem(await desk.act(LEAD, sid(s), 'return', { reason: '自己退回' }), { status: 403 }, 'lead returns');
    assert.equal((await desk.get(sid(s))).state, 'submitted');
  });

  test('a confirmed co-signer may not submit or invite → 403', async () => {
    desk.day('2026-03-02');
    const s = await desk.draft({ cosigners: ['deputy.luoyang'] });
    assertProblem(await desk.act('deputy.luoyang', sid(s), 'submit'), { status: 403 }, 'co-signer submits');
    assertProblem(
      await desk.act('deputy.luoyang', sid(s), 'invite', { mandate_id: await desk.mandate(LEAD) }),
      { status: 403 },
      'co-signer invites',
    );
    assert.equal((await desk.get(sid(s), LEAD)).state, 'draft');
  });

  test('staff may not submit a returned item; a unit may not decide its own request → 403', async () => {
    desk.day('2026-03-02');
    const r = await desk.do(STAFF, sid(await desk.submitted()), 'return', { reason: '请补充情况' });
    assertProblem(await desk.act(STAFF, sid(r), 'submit'), { status: 403 }, 'staff submits for the deputy');
    const s = await desk.assigned();
    const req = await desk.do('handler.edu', sid(s), 'request-reassignment', { reason: '不属于我厅职责' });
    const pending = req.requests.find((q: any) => q.kind === 'reassignment' && q.state === 'pending');
    assert.ok(pending, 'a pending reassignment request');
    assertProblem(
      await desk.act('handler.edu', sid(s), 'decide-reassignment', { request_id: pending.id, approve: true, unit_id: desk.unit.health }),
      { status: 403 },
      'a unit decides its own reassignment',
    );
    assert.equal((await desk.get(sid(s))).requests.find((q: any) => q.id === pending.id).state, 'pending');
  });

  test('only the lead deputy evaluates: staff and the answering unit → 403', async () => {
    desk.day('2026-03-02');
    const s = await desk.answered({ cosigners: ['deputy.luoyang'] });
    const body = { attitude: 'satisfied', result: 'satisfied' };
    assertProblem(await desk.act(STAFF, sid(s), 'evaluate', body), { status: 403 }, 'staff evaluates');
    assertProblem(await desk.act('head.edu', sid(s), 'evaluate', body), { status: 403 }, 'the unit evaluates');
    assertProblem(await desk.act('deputy.luoyang', sid(s), 'evaluate', body), { status: 403 }, 'the co-signer evaluates');
    assert.equal((await desk.get(sid(s))).state, 'answered');
  });

  test('a co-unit may not answer (lead mode: the lead unit answers) → 403', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted({ leadUnit: 'edu', coUnits: ['health'] });
    const aid = desk.assignment(s, 'health').id;
    await desk.do('handler.health', sid(s), 'record-contact', { ...desk.contactBody({ method: 'phone' }), assignment_id: aid });
    assertProblem(await desk.act('handler.health', sid(s), 'answer', { ...desk.answerBody('A'), assignment_id: aid }), { status: 403 }, 'co-unit answers');
    assertActions(await desk.get(sid(s), 'handler.health'), 'assigned, as the co-unit', ['submit-view', 'request-reassignment'], ['record-contact']);
    assert.equal((await desk.get(sid(s))).state, 'assigned');
  });

  test('a co-unit may not ask for an extension (lead or separate units only) → 403', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted({ leadUnit: 'edu', coUnits: ['health'] });
    const aid = desk.assignment(s, 'health').id;
    assertProblem(
      await desk.act('handler.health', sid(s), 'request-extension', { assignment_id: aid, until: '2026-07-01', reason: '情况复杂' }),
      { status: 403 },
      'co-unit asks for an extension',
    );
    assert.deepEqual((await desk.get(sid(s))).requests, []);
  });
});

describe('return and reject', () => {
  test('return needs a reason (422); returned → the lead edits with If-Match and submits again', async () => {
    desk.day('2026-03-02');
    const s = await desk.submitted();
    assertPointers(await desk.act(STAFF, sid(s), 'return', {}), ['/reason'], 'return without a reason');
    const r = await desk.do(STAFF, sid(s), 'return', { reason: '请按一事一议要求拆分' });
    assert.equal(r.state, 'returned');
    assert.equal(r.return_reason, '请按一事一议要求拆分');
    assertActions(await desk.get(sid(s), LEAD), 'returned, as the lead', ['submit', 'invite', 'withdraw'], ['uninvite']);
    assertActions(await desk.get(sid(s), STAFF), 'returned, as staff', []);
    const g = await desk.getRes(sid(s), LEAD);
    const edited = await desk.call(LEAD, 'PATCH', `/api/v1/suggestions/${sid(s)}`, {
      ifMatch: g.headers['etag'],
      body: { title: '关于农村寄宿制学校宿舍改造的建议', content: '只谈宿舍改造一件事：……' },
    });
    expectStatus(edited, 200, 'PATCH a returned item');
    assert.equal(edited.json.title, '关于农村寄宿制学校宿舍改造的建议');
    assert.equal(edited.json.state, 'returned');
    const again = await desk.do(LEAD, sid(s), 'submit');
    assert.equal(again.state, 'submitted');
    assertActions(await desk.get(sid(s), STAFF), 'resubmitted, as staff', ['return', 'reject', 'register']);
  });

  test('reject needs a reason_code from not_accepted_reasons (422 otherwise) → not_accepted', async () => {
    desk.day('2026-03-02');
    const s = await desk.submitted();
    assertPointers(await desk.act(STAFF, sid(s), 'reject', {}), ['/reason_code'], 'no reason code');
    assertPointers(await desk.act(STAFF, sid(s), 'reject', { reason_code: 'spam' }), ['/reason_code'], 'a code not in the list');
    assert.equal((await desk.get(sid(s))).state, 'submitted', 'the refused rejections changed nothing');
    const r = await desk.do(STAFF, sid(s), 'reject', { reason_code: 'no_content', note: '未提出具体建议' });
    assert.equal(r.state, 'not_accepted');
    assert.match(JSON.stringify(r.not_accepted_reason), /no_content|没有实际内容/, `not_accepted_reason: ${JSON.stringify(r.not_accepted_reason)}`);
    assertActions(await desk.get(sid(s), LEAD), 'not_accepted, as the lead', []);
    assertInvalidState(await desk.act(LEAD, sid(s), 'withdraw', {}), 'not_accepted', 'withdraw a rejected item');
  });
});

describe('invitations', () => {
  test('invite: a deputy of another congress, or the lead, → 422 at /mandate_id', async () => {
    desk.day('2026-03-02');
    const s = await desk.draft();
    const cityMandates = await desk.call('deputy.zhengzhou', 'GET', '/api/v1/auth/session');
    const list = cityMandates.json.mandates ?? [];
    assert.ok(list.length >= 1, `deputy.zhengzhou has a mandate: ${cityMandates.body.slice(0, 300)}`);
    const foreign = list.find((m: any) => String(m.congress_id) !== desk.henan);
    assert.ok(foreign, 'a mandate of another congress');
    assertPointers(await desk.act(LEAD, sid(s), 'invite', { mandate_id: String(foreign.id) }), ['/mandate_id'], 'a city deputy');
    assertPointers(await desk.act(LEAD, sid(s), 'invite', { mandate_id: await desk.mandate(LEAD) }), ['/mandate_id'], 'the lead');
    assert.deepEqual((await desk.get(sid(s), LEAD)).cosigners, []);
  });

  test('decline and uninvite', async () => {
    desk.day('2026-03-02');
    const a = await desk.draft({ cosigners: ['deputy.luoyang'], confirm: false });
    const d = await desk.do('deputy.luoyang', sid(a), 'decline');
    assert.equal(d.cosigners[0].state, 'declined');
    const b = await desk.draft({ cosigners: ['deputy.luoyang'], confirm: false });
    const m = await desk.mandate('deputy.luoyang');
    const u = await desk.do(LEAD, sid(b), 'uninvite', { mandate_id: m });
    assert.ok(
      !u.cosigners.some((c: any) => String(c.mandate_id) === m && (c.state === 'invited' || c.state === 'confirmed')),
      `no longer invited: ${JSON.stringify(u.cosigners)}`,
    );
  });
});

describe('reassignment', () => {
  const ASSIGNED = '2026-04-20';
  const UNTIL = '2026-05-07'; // + 10 WD; Labour Day 05-01, 05-04, 05-05 not counted (weekends only: 05-04)

  test('after reassign_until (working days) the request is not offered and refused with 409', async () => {
    assert.equal(addWorkingDays(ASSIGNED, 10), UNTIL);
    desk.day(ASSIGNED);
    const s = await desk.accepted();
    assert.equal(desk.assignment(s, 'edu').reassign_until, UNTIL);
    desk.day('2026-05-06'); // past a weekends-only count, within the real one
    assertActions(await desk.get(sid(s), 'handler.edu'), 'assigned on 05-06, as the unit', ['request-reassignment', 'record-contact', 'request-extension'], ['answer']);
    desk.day(UNTIL, '17:30');
    assertActions(await desk.get(sid(s), 'handler.edu'), 'assigned on the last day, as the unit', ['request-reassignment', 'record-contact', 'request-extension'], ['answer']);
    desk.day('2026-05-08');
    const late = await desk.get(sid(s), 'handler.edu');
    assertActions(late, 'assigned after the window, as the unit', ['record-contact', 'request-extension'], ['answer']);
    const res = await desk.act('handler.edu', sid(s), 'request-reassignment', { reason: '不属于我厅职责', assignment_id: desk.assignment(s, 'edu').id });
    assertProblem(res, { status: 409 }, 'request after the window');
    assert.deepEqual((await desk.get(sid(s))).requests, [], 'no request was recorded');
  });

  test('an approved reassignment ends the old assignment and starts a new one for the new unit, same role, fresh deadlines', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted();
    desk.day('2026-03-03');
    const r = await desk.do('handler.edu', sid(s), 'request-reassignment', { reason: '该事项属于卫生健康部门职责', assignment_id: desk.assignment(s, 'edu').id });
    const req = r.requests.find((q: any) => q.kind === 'reassignment');
    assert.ok(req, `the request is listed: ${JSON.stringify(r.requests)}`);
    assert.equal(req.state, 'pending');
    assert.equal(req.reason, '该事项属于卫生健康部门职责');
    assert.equal(req.unit_name, '河南省教育厅');
    assert.equal(req.decide_due, addWorkingDays('2026-03-03', 10), 'decide_due = requested on + 10 WD');
    assert.equal(req.decide_due, '2026-03-17');
    assertActions(await desk.get(sid(s), STAFF), 'assigned with a pending reassignment, as staff', ['decide-reassignment']);
    assertActions(await desk.get(sid(s), 'handler.edu'), 'assigned with its request pending, as the unit', ['record-contact', 'request-extension'], ['answer', 'request-reassignment']);

    desk.day('2026-03-05');
    assertPointers(await desk.act(STAFF, sid(s), 'decide-reassignment', { request_id: req.id, approve: true }), ['/unit_id'], 'approve without a unit');
    const d = await desk.do(STAFF, sid(s), 'decide-reassignment', { request_id: req.id, approve: true, unit_id: desk.unit.health, note: '改由省卫健委主办' });
    const decided = d.requests.find((q: any) => q.id === req.id);
    assert.equal(decided.state, 'approved');
    assert.ok(decided.decided_at, 'decided_at');
    const old = d.assignments.find((a: any) => String(a.unit.id) === desk.unit.edu);
    assert.equal(old.state, 'reassigned', 'the old assignment ends');
    const fresh = desk.assignment(d, 'health');
    assert.equal(fresh.role, 'lead', 'same role');
    assert.equal(fresh.state, 'pending');
    assert.equal(fresh.assigned_on, '2026-03-05', 'starts today');
    assert.equal(fresh.reassign_until, addWorkingDays('2026-03-05', 10));
    assert.equal(fresh.answer_due, '2026-06-05', 'answer_due = new assigned on + 3 months');
    assert.equal(d.state, 'assigned');
    assertActions(await desk.get(sid(s), 'handler.health'), 'assigned, as the new unit', ['accept', 'request-reassignment'], ['record-contact']);
    const oldView = await desk.getRes(sid(s), 'handler.edu');
    if (oldView.status === 200) assertActions(oldView.json, 'reassigned away, as the old unit', []);
    else assertProblem(oldView, { status: 404 }, 'the old unit');
    const accepted = await desk.do('handler.health', sid(s), 'accept', { assignment_id: fresh.id });
    assert.equal(desk.assignment(accepted, 'health').state, 'accepted');
  });

  test('a rejected reassignment keeps the assignment', async () => {
    desk.day('2026-03-02');
    const s = await desk.assigned();
    const r = await desk.do('handler.edu', sid(s), 'request-reassignment', { reason: '职责不清', assignment_id: desk.assignment(s, 'edu').id });
    const req = r.requests.find((q: any) => q.kind === 'reassignment');
    const d = await desk.do(STAFF, sid(s), 'decide-reassignment', { request_id: req.id, approve: false, note: '属于教育厅职责' });
    assert.equal(d.requests.find((q: any) => q.id === req.id).state, 'rejected');
    assert.equal(desk.assignment(d, 'edu').state, 'pending');
    assert.equal(d.assignments.length, 1);
  });
});

describe('extension', () => {
  test('until beyond assigned on + 6 months → 422; not after the current due → 422; within → approved moves answer_due', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted();
    const a = desk.assignment(s, 'edu');
    assert.equal(a.answer_due, '2026-06-02');
    assert.equal(addMonths('2026-03-02', 6), '2026-09-02');
    const ask = (until: string) => desk.act('handler.edu', sid(s), 'request-extension', { assignment_id: a.id, until, reason: '涉及多部门，情况复杂' });
    assertPointers(await ask('2026-09-03'), ['/until'], 'one day past 6 months');
    assertPointers(await ask('2026-05-29'), ['/until'], 'before the current due');
    assertPointers(await ask('2026-06-02'), ['/until'], 'equal to the current due');
    assert.deepEqual((await desk.get(sid(s))).requests, [], 'refused requests are not recorded');
    const r = await ask('2026-09-02');
    expectStatus(r, 200, 'exactly 6 months');
    const req = r.json.requests.find((q: any) => q.kind === 'extension');
    assert.equal(req.state, 'pending');
    assert.equal(req.until, '2026-09-02');
    assert.equal(req.decide_due, '2026-03-16', 'decide_due = requested on + 10 WD');
    assertActions(await desk.get(sid(s), STAFF), 'assigned with a pending extension, as staff', ['decide-extension']);
    const d = await desk.do(STAFF, sid(s), 'decide-extension', { request_id: req.id, approve: true });
    assert.equal(d.requests.find((q: any) => q.id === req.id).state, 'approved');
    const moved = desk.assignment(d, 'edu');
    assert.equal(moved.answer_due, '2026-09-02', 'answer_due moved to until');
    assert.equal(moved.extended, true);
  });
});

describe('contact and answer', () => {
  test('answer without a recorded contact → 409 contact_required', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted();
    const res = await desk.act('handler.edu', sid(s), 'answer', { ...desk.answerBody('A'), assignment_id: desk.assignment(s, 'edu').id });
    assertProblem(res, { status: 409, code: 'contact_required' }, 'no contact');
    assert.equal((await desk.get(sid(s))).state, 'assigned');
  });

  test('class C needs reasons; an unknown class or contact method → 422', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted();
    const aid = desk.assignment(s, 'edu').id;
    assertPointers(
      await desk.act('handler.edu', sid(s), 'record-contact', { ...desk.contactBody({ method: 'pigeon' }), assignment_id: aid }),
      ['/method'],
      'unknown contact method',
    );
    await desk.do('handler.edu', sid(s), 'record-contact', { ...desk.contactBody({ method: 'letter' }), assignment_id: aid });
    assertPointers(await desk.act('handler.edu', sid(s), 'answer', { ...desk.answerBody('C', { reasons: undefined }), assignment_id: aid }), ['/reasons'], 'class C without reasons');
    assertPointers(await desk.act('handler.edu', sid(s), 'answer', { ...desk.answerBody('E'), assignment_id: aid }), ['/answer_class'], 'class E');
    const ok = await desk.do('handler.edu', sid(s), 'answer', { ...desk.answerBody('C'), assignment_id: aid });
    assert.equal(ok.answers[0].reasons, '受财力所限，需待以后逐步解决');
  });

  test('separate handling: answered only once every unit has answered', async () => {
    desk.day('2026-03-02');
    const s = await desk.accepted({ separate: ['edu', 'health'] });
    assert.equal(s.handling_mode, 'separate');
    for (const a of s.assignments) assert.equal(a.role, 'separate');
    for (const [u, user] of [['edu', 'handler.edu'], ['health', 'handler.health']] as const) {
      const aid = desk.assignment(s, u).id;
      await desk.do(user, sid(s), 'record-contact', { ...desk.contactBody(), assignment_id: aid });
    }
    const first = await desk.do('handler.edu', sid(s), 'answer', { ...desk.answerBody('A'), assignment_id: desk.assignment(s, 'edu').id });
    assert.equal(first.state, 'assigned', 'one of two units has answered');
    const second = await desk.do('handler.health', sid(s), 'answer', { ...desk.answerBody('D'), assignment_id: desk.assignment(s, 'health').id });
    assert.equal(second.state, 'answered');
    assert.equal(second.answers.length, 2);
  });
});

describe('the evaluation window', () => {
  const ANSWERED = '2026-04-30';
  const DUE = '2026-05-18'; // + 10 WD over Labour Day, counting Saturday 05-09

  test('on evaluation_due the lead may evaluate; the day after → not offered, 409; the scheduler closes it not_evaluated', async () => {
    assert.equal(addWorkingDays(ANSWERED, 10), DUE);
    desk.day(ANSWERED);
    const s = await desk.answered();
    assert.equal(s.evaluation_due, DUE);
    desk.day(DUE, '20:00');
    assertActions(await desk.get(sid(s), LEAD), 'answered on the last day, as the lead', ['evaluate']);
    desk.day('2026-05-19');
    const late = await desk.get(sid(s), LEAD);
    assert.equal(late.due_status, 'overdue');
    assertActions(late, 'answered after the window, as the lead', []);
    assertProblem(await desk.act(LEAD, sid(s), 'evaluate', { attitude: 'satisfied', result: 'satisfied' }), { status: 409 }, 'evaluate after the window');
    const run = await desk.runScheduler();
    assert.ok(run.closed >= 1, `the sweep closed at least this item: ${JSON.stringify(run)}`);
    const closed = await desk.get(sid(s), LEAD);
    assert.equal(closed.state, 'closed');
    assert.equal(closed.close_reason, 'not_evaluated');
    assert.deepEqual(closed.evaluations, []);
    assert.ok(closed.closed_at, 'closed_at');
    assertInvalidState(await desk.act(LEAD, sid(s), 'evaluate', { attitude: 'satisfied', result: 'satisfied' }), 'closed', 'evaluate after closure');
  });

  test('evaluate validates attitude and result (422)', async () => {
    desk.day('2026-03-02');
    const s = await desk.answered();
    assertPointers(await desk.act(LEAD, sid(s), 'evaluate', { attitude: 'happy', result: 'satisfied' }), ['/attitude'], 'attitude happy');
    assertPointers(await desk.act(LEAD, sid(s), 'evaluate', { attitude: 'satisfied' }), ['/result'], 'no result');
    assert.equal((await desk.get(sid(s))).state, 'answered');
  });
});

describe('re-handling', () => {
  test('不满意 → rehandling due evaluated on + 1 month (month end clamped) → answered again → 不满意 → closed, assessment_flag', async () => {
    desk.day('2026-03-20');
    const s = await desk.answered({ cosigners: ['deputy.luoyang'] });
    assert.equal(s.evaluation_due, '2026-04-03');
    desk.day('2026-03-31');
    const r = await desk.do(LEAD, sid(s), 'evaluate', { attitude: 'basically_satisfied', result: 'unsatisfied', comment: '未解决实际问题' });
    assert.equal(r.state, 'rehandling');
    assert.equal(r.round, 2);
    assert.equal(r.rehandling_due, '2026-04-30', '03-31 + 1 month, clamped to April\'s last day');
    const a = desk.assignment(r, 'edu');
    assert.equal(a.state, 'accepted', 'the answering assignment is back to accepted');
    assert.equal(a.answer_due, '2026-04-30');
    assert.equal(r.assessment_flag, false);
    assertActions(r, 'rehandling, as the lead', []);
    assertActions(await desk.get(sid(s), 'handler.edu'), 'rehandling, as the lead unit', ['answer', 'record-contact'], ['request-extension']);

    desk.day('2026-04-10');
    await desk.do('handler.edu', sid(s), 'record-contact', { ...desk.contactBody({ method: 'face_to_face' }), assignment_id: a.id });
    const again = await desk.do('handler.edu', sid(s), 'answer', { ...desk.answerBody('A', { text: '经再次办理，已落实专项资金。' }), assignment_id: a.id });
    assert.equal(again.state, 'answered');
    assert.equal(again.answers.length, 2);
    assert.equal(again.answers.find((x: any) => x.round === 2)?.text, '经再次办理，已落实专项资金。');
    assert.equal(again.evaluation_due, '2026-04-24', '04-10 + 10 WD');
    const cos = await desk.get(sid(s), 'deputy.luoyang');
    assert.equal(cos.answers.length, 2, 'the co-signer receives the second answer too');

    desk.day('2026-04-13');
    const closed = await desk.do(LEAD, sid(s), 'evaluate', { attitude: 'unsatisfied', result: 'unsatisfied' });
    assert.equal(closed.state, 'closed');
    assert.equal(closed.assessment_flag, true);
    assert.equal(closed.evaluations.length, 2);
    assert.deepEqual(closed.evaluations.map((e: any) => e.round), [1, 2]);
  });

  test('满意 or 基本满意 in round 1 closes without a flag', async () => {
    desk.day('2026-03-02');
    const s = await desk.answered();
    const c = await desk.do(LEAD, sid(s), 'evaluate', { attitude: 'satisfied', result: 'basically_satisfied' });
    assert.equal(c.state, 'closed');
    assert.equal(c.assessment_flag, false);
    assert.equal(c.round, 1);
  });
});

describe('concurrency and versions', () => {
  test('two staff sessions assign the same registered item at once → exactly one 200 and one 409', async () => {
    desk.day('2026-03-02');
    const s = await desk.registered();
    const [a, b] = [await desk.newSession(STAFF), await desk.newSession(STAFF)];
    const bodies = [
      { mode: 'lead', lead_unit_id: desk.unit.edu, co_unit_ids: [] },
      { mode: 'lead', lead_unit_id: desk.unit.health, co_unit_ids: [] },
    ];
    const results = await Promise.all(
      [a, b].map((session, i) => api(server, 'POST', `/api/v1/suggestions/${sid(s)}/assign`, { session, body: bodies[i] })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409], `one wins, one conflicts: ${results.map((r) => `${r.status} ${r.body.slice(0, 200)}`).join(' | ')}`);
    const winner = results.findIndex((r) => r.status === 200);
    assertProblem(results[1 - winner], { status: 409 }, 'the loser');
    const now = await desk.get(sid(s));
    assert.equal(now.assignments.length, 1, 'one assignment');
    assert.equal(String(now.assignments[0].unit.id), bodies[winner].lead_unit_id, 'the winner\'s unit');
  });

  test('PATCH: stale If-Match → 409 version_conflict; none → 428; a submitted item → 409', async () => {
    desk.day('2026-03-02');
    const s = await desk.draft();
    const g = await desk.getRes(sid(s), LEAD);
    expectStatus(g, 200, 'GET');
    const etag = g.headers['etag'];
    assert.equal(etag, `"${g.json.version}"`, 'the ETag is the quoted version');
    const path = `/api/v1/suggestions/${sid(s)}`;
    const first = await desk.call(LEAD, 'PATCH', path, { ifMatch: etag, body: { title: '关于加强乡村教师队伍建设的建议' } });
    expectStatus(first, 200, 'PATCH with the current version');
    assert.equal(first.json.version, g.json.version + 1);
    assert.equal(first.headers['etag'], `"${g.json.version + 1}"`);
    assertProblem(await desk.call(LEAD, 'PATCH', path, { ifMatch: etag, body: { title: '覆盖' } }), { status: 409, code: 'version_conflict' }, 'stale If-Match');
    assertProblem(await desk.call(LEAD, 'PATCH', path, { body: { title: '无条件' } }), { status: 428 }, 'no If-Match');
    assert.equal((await desk.get(sid(s), LEAD)).title, '关于加强乡村教师队伍建设的建议', 'the refused edits changed nothing');
    assertPointers(
      await desk.call(LEAD, 'PATCH', path, { ifMatch: first.headers['etag'], body: { title: '长'.repeat(101) } }),
      ['/title'],
      'a title over 100 characters',
    );
    const sub = await desk.do(LEAD, sid(s), 'submit');
    const res = await desk.call(LEAD, 'PATCH', path, { ifMatch: `"${sub.version}"`, body: { title: '提交后修改' } });
    assertInvalidState(res, 'submitted', 'edit a submitted item');
  });
});

describe('numbers per year and the calendar\'s years', () => {
  test('registration numbers start again at 第0001号 in a new year', async () => {
    const put = await desk.call('admin', 'PUT', '/api/v1/calendar/2027', {
      body: { source: '测试用日历', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
    });
    expectStatus(put, 200, 'PUT /api/v1/calendar/2027');
    desk.day('2027-03-01');
    const s = await desk.registered();
    assert.equal(s.year, 2027);
    assert.equal(s.number, 1);
    assert.equal(s.number_label, '第0001号');
    const t = await desk.registered();
    assert.equal(t.number_label, '第0002号');
  });

  test('a deadline in a year the calendar does not know → 500 calendar_year_unknown, never a guess', async () => {
    desk.day('2027-12-24'); // + 10 working days reaches into 2028, which no calendar covers
    const s = await desk.submitted();
    const res = await desk.act(STAFF, sid(s), 'register');
    assertProblem(res, { status: 500, code: 'calendar_year_unknown' }, 'register with an unknown year ahead');
    assert.equal((await desk.get(sid(s))).state, 'submitted', 'nothing changed');
  });
});

describe('settings', () => {
  test('GET suggestion-settings answers Henan\'s defaults', async () => {
    desk.day('2026-03-02');
    const res = await desk.call(STAFF, 'GET', `/api/v1/congresses/${desk.henan}/suggestion-settings`);
    expectStatus(res, 200, 'GET suggestion-settings');
    const j = res.json;
    assert.deepEqual(
      [j.assign_working_days, j.reassign_window_working_days, j.reassign_decision_working_days, j.cohandler_view_months, j.answer_months, j.extension_max_months, j.evaluation_working_days, j.rehandling_months, j.due_soon_days],
      [10, 10, 10, 2, 3, 6, 10, 1, 15],
    );
    assert.deepEqual(j.answer_classes.map((c: any) => [c.code, c.requires]), [['A', ''], ['B', 'plan'], ['C', 'reasons'], ['D', '']]);
    assert.deepEqual(
      j.not_accepted_reasons.map((r: any) => r.code),
      ['personal_affairs', 'forwarded_petition', 'academic', 'no_content', 'pending_case', 'conflict_of_interest'],
    );
    assert.ok(j.categories.some((c: any) => c.code === 'education' && c.label === '教育'));
    assertProblem(await desk.call('staff.zhongyuan', 'GET', `/api/v1/congresses/${desk.henan}/suggestion-settings`), { status: 404 }, 'another congress\'s staff');
  });
});
