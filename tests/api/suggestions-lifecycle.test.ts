// The happy path of one suggestion (docs/suggestions.md, DOMAIN.md §2 and §6), step by
// step on the test clock: draft → co-signer invited and confirming in their own session →
// submitted → registered (第NNNN号) → assigned to a lead unit and a co-unit → both accept →
// the co-unit's view → a recorded contact → a class B answer (plan and plan date required)
// → answered, seen by the lead and the co-signer → evaluated 满意 → closed. Every deadline
// is checked against the State Council's 2026 calendar: registration on Friday 04-03 puts
// the assignment deadline past Qingming (04-06); assignment on 04-20 puts the reassignment
// window past Labour Day (05-01..05); the answer on 04-30 puts the evaluation deadline past
// Labour Day and onto the make-up Saturday 05-09. Each step checks `state` and
// `allowed_actions` for every role, and the timeline names each step's actor and role.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import {
  Desk,
  addMonths,
  addWorkingDays,
  assertActions,
  assertPointers,
  beijingDate,
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

// The scenario's days (Beijing), and the deadlines they imply.
const CREATED = '2026-03-02'; // Monday: the clock's start
const REGISTERED = '2026-04-03'; // Friday before Qingming
const ASSIGN_DUE = '2026-04-20'; // + 10 WD skipping Mon 04-06 (weekends only: 04-17)
const ASSIGNED = '2026-04-20';
const REASSIGN_UNTIL = '2026-05-07'; // + 10 WD skipping 05-01, 05-04, 05-05 (weekends only: 05-04)
const VIEW_DUE = '2026-06-20'; // + 2 months
const ANSWER_DUE = '2026-07-20'; // + 3 months
const ACCEPTED = '2026-04-21';
const VIEW_SENT = '2026-04-22';
const CONTACTED = '2026-04-23';
const ANSWERED = '2026-04-30'; // Thursday before Labour Day
const EVALUATION_DUE = '2026-05-18'; // + 10 WD counting Sat 05-09 (weekends only: 05-14; no make-up day: 05-19)
const EVALUATED = '2026-05-11';

const LEAD = 'deputy.henan';
const COSIGNER = 'deputy.luoyang';
const STAFF = 'staff.henan';

let id = '';
let number = 0;
/** The steps done so far, for the timeline: [day, action, username]. */
const steps: Array<[string, string, string]> = [];

/** GET as `who`, checking the state and the actions offered to that caller. */
async function seenBy(who: string, state: string, has: any[], maybe: any[] = []): Promise<any> {
  const s = await desk.get(id, who);
  assert.equal(s.state, state, `${who} sees state ${state}`);
  assertActions(s, `${state}, as ${who}`, has, maybe);
  return s;
}

async function hiddenFrom(who: string, what: string): Promise<void> {
  assertProblem(await desk.getRes(id, who), { status: 404 }, `${what}: ${who} cannot see it`);
}

describe('a suggestion from draft to closed (rules: states, actions per role, working-day deadlines)', () => {
  test('the calendar of the scenario agrees with the State Council notice (self-check of the fixtures)', () => {
    assert.equal(addWorkingDays(REGISTERED, 10), ASSIGN_DUE);
    assert.equal(addWorkingDays(ASSIGNED, 10), REASSIGN_UNTIL);
    assert.equal(addMonths(ASSIGNED, 2), VIEW_DUE);
    assert.equal(addMonths(ASSIGNED, 3), ANSWER_DUE);
    assert.equal(addWorkingDays(ANSWERED, 10), EVALUATION_DUE);
  });

  test('draft: created by the lead deputy through the mandate in the congress; only the lead sees it', async () => {
    desk.day(CREATED);
    const res = await desk.createRes(LEAD, { title: '关于加快农村寄宿制学校改造的建议', category: 'education' });
    expectStatus(res, [200, 201], 'POST /api/v1/suggestions');
    const s = res.json;
    id = String(s.id);
    steps.push([CREATED, 'create', LEAD]);
    assert.equal(s.state, 'draft');
    assert.equal(String(s.congress_id), desk.henan, 'the congress of the mandate');
    assert.equal(s.number, null, 'no number before registration');
    assert.equal(s.title, '关于加快农村寄宿制学校改造的建议');
    assert.equal(s.category, 'education');
    assert.equal(s.category_label, '教育');
    assert.equal(String(s.lead?.mandate_id), await desk.mandate(LEAD), 'lead = the caller\'s mandate in the congress');
    const session = await desk.call(LEAD, 'GET', '/api/v1/auth/session');
    assert.equal(String(s.lead?.person_id), String(session.json.person_id), 'the lead is the person the account is linked to');
    assert.ok(s.lead?.name && desk.displayName(LEAD).startsWith(s.lead.name), `the account carries the lead's name: ${s.lead?.name} / ${desk.displayName(LEAD)}`);
    assert.deepEqual(s.cosigners, []);
    assert.equal(s.round, 1);
    assert.deepEqual(s.assignments, []);
    assertActions(s, 'draft, as the lead (creation answer)', ['invite', 'submit', 'withdraw'], ['uninvite']);
    await seenBy(LEAD, 'draft', ['invite', 'submit', 'withdraw'], ['uninvite']);
    await hiddenFrom(COSIGNER, 'a draft before the invitation');
    await hiddenFrom('handler.edu', 'a draft');
    await hiddenFrom('deputy.zhengzhou', 'a draft');
  });

  test('invite: the co-signer is invited and sees the draft with cosign/decline offered', async () => {
    const s = await desk.do(LEAD, id, 'invite', { mandate_id: await desk.mandate(COSIGNER) });
    steps.push([CREATED, 'invite', LEAD]);
    assert.equal(s.state, 'draft');
    assert.equal(s.cosigners.length, 1);
    assert.equal(String(s.cosigners[0].mandate_id), await desk.mandate(COSIGNER));
    assert.equal(s.cosigners[0].state, 'invited');
    assertActions(s, 'draft, as the lead after inviting', ['invite', 'uninvite', 'submit', 'withdraw']);
    const c = await seenBy(COSIGNER, 'draft', ['cosign', 'decline']);
    assert.equal(c.cosigners[0].state, 'invited');
  });

  test('cosign: the co-signer confirms in their own session', async () => {
    const s = await desk.do(COSIGNER, id, 'cosign');
    steps.push([CREATED, 'cosign', COSIGNER]);
    assert.equal(s.state, 'draft');
    assert.equal(s.cosigners[0].state, 'confirmed');
    assertActions(s, 'draft, as the confirmed co-signer', [], ['decline']);
    const l = await seenBy(LEAD, 'draft', ['invite', 'uninvite', 'submit', 'withdraw']);
    assert.equal(l.cosigners[0].state, 'confirmed', 'the lead sees the confirmation');
  });

  test('submit: submitted; staff may return, reject or register; units still cannot see it', async () => {
    const s = await desk.do(LEAD, id, 'submit');
    steps.push([CREATED, 'submit', LEAD]);
    assert.equal(s.state, 'submitted');
    assert.ok(s.submitted_at, 'submitted_at');
    assertActions(s, 'submitted, as the lead', ['withdraw']);
    await seenBy(LEAD, 'submitted', ['withdraw']);
    await seenBy(STAFF, 'submitted', ['return', 'reject', 'register']);
    await seenBy(COSIGNER, 'submitted', [], ['decline']);
    await hiddenFrom('handler.edu', 'submitted');
    await hiddenFrom('staff.zhongyuan', 'submitted');
  });

  test('register: number 第NNNN号, assign_due = registered on + 10 working days (past Qingming)', async () => {
    desk.day(REGISTERED);
    const s = await desk.do(STAFF, id, 'register');
    steps.push([REGISTERED, 'register', STAFF]);
    assert.equal(s.state, 'registered');
    assert.equal(typeof s.number, 'number', 'a number');
    assert.ok(Number.isInteger(s.number) && s.number >= 1, `number ${s.number}`);
    number = s.number;
    assert.equal(s.number_label, `第${String(s.number).padStart(4, '0')}号`, 'the label 第NNNN号');
    assert.equal(s.year, 2026);
    assert.equal(beijingDate(new Date(s.registered_at)), REGISTERED, 'registered_at');
    assert.equal(s.assign_due, ASSIGN_DUE, 'assign_due: 10 working days, Monday 04-06 (清明) not counted');
    assert.equal(s.due_date, ASSIGN_DUE, 'due_date is the assignment deadline');
    assert.equal(s.due_status, 'normal', '17 days ahead: normal');
    await seenBy(STAFF, 'registered', ['assign']);
    await seenBy(LEAD, 'registered', ['withdraw']);
    await seenBy(COSIGNER, 'registered', [], ['decline']);
    await hiddenFrom('handler.edu', 'registered, not assigned');
  });

  test('numbers are unique and increase by one per registration in the congress and year', async () => {
    const labels = new Set<string>();
    let prev = number;
    labels.add(`第${String(number).padStart(4, '0')}号`);
    for (let i = 0; i < 2; i++) {
      const s = await desk.registered();
      assert.equal(s.number, prev + 1, 'the next number');
      assert.match(s.number_label, /^第\d{4}号$/);
      assert.ok(!labels.has(s.number_label), `${s.number_label} is unique`);
      labels.add(s.number_label);
      prev = s.number;
    }
    assert.equal((await desk.get(id)).number, number, 'the first number is kept');
  });

  test('due_status turns due_soon within 15 days of assign_due', async () => {
    desk.day('2026-04-07');
    const s = await desk.get(id);
    assert.equal(s.due_date, ASSIGN_DUE);
    assert.equal(s.due_status, 'due_soon', '13 days ahead');
  });

  test('assign: lead unit + co-unit, deadlines per assignment (reassign window past Labour Day)', async () => {
    desk.day(ASSIGNED);
    const s = await desk.do(STAFF, id, 'assign', { mode: 'lead', lead_unit_id: desk.unit.edu, co_unit_ids: [desk.unit.health] });
    steps.push([ASSIGNED, 'assign', STAFF]);
    assert.equal(s.state, 'assigned');
    assert.equal(s.handling_mode, 'lead');
    assert.equal(beijingDate(new Date(s.assigned_at)), ASSIGNED);
    assert.equal(s.assignments.length, 2);
    const lead = desk.assignment(s, 'edu');
    const co = desk.assignment(s, 'health');
    assert.equal(lead.role, 'lead');
    assert.equal(co.role, 'co');
    for (const a of [lead, co]) {
      assert.equal(a.state, 'pending', `${a.unit.name}: pending acceptance`);
      assert.equal(a.assigned_on, ASSIGNED);
      assert.equal(a.reassign_until, REASSIGN_UNTIL, `${a.unit.name}: reassign_until = assigned on + 10 WD (05-01, 05-04, 05-05 off)`);
      assert.equal(a.extended, false);
      assert.equal(a.view, null);
    }
    assert.equal(lead.answer_due, ANSWER_DUE, 'answer_due = assigned on + 3 months');
    assert.equal(co.view_due, VIEW_DUE, 'the co-unit\'s view_due = assigned on + 2 months');
    assert.equal(lead.unit.name, '河南省教育厅');
    assert.equal(co.unit.name, '河南省卫生健康委员会');
    await seenBy(STAFF, 'assigned', []);
    await seenBy(LEAD, 'assigned', []);
    await seenBy(COSIGNER, 'assigned', [], ['decline']);
    for (const u of ['handler.edu', 'head.edu']) await seenBy(u, 'assigned', ['accept', 'request-reassignment'], ['record-contact']);
    await seenBy('handler.health', 'assigned', ['accept', 'request-reassignment'], ['record-contact']);
  });

  test('accept: each unit accepts its own assignment', async () => {
    desk.day(ACCEPTED);
    let s = await desk.get(id);
    s = await desk.do('handler.edu', id, 'accept', { assignment_id: desk.assignment(s, 'edu').id });
    steps.push([ACCEPTED, 'accept', 'handler.edu']);
    assert.equal(desk.assignment(s, 'edu').state, 'accepted');
    assert.equal(desk.assignment(s, 'health').state, 'pending', 'the co-unit has not accepted yet');
    s = await desk.do('handler.health', id, 'accept', { assignment_id: desk.assignment(s, 'health').id });
    steps.push([ACCEPTED, 'accept', 'handler.health']);
    assert.equal(desk.assignment(s, 'health').state, 'accepted');
    assert.equal(s.state, 'assigned');
    for (const u of ['handler.edu', 'head.edu']) {
      await seenBy(u, 'assigned', ['record-contact', 'request-reassignment', 'request-extension'], ['answer']);
    }
    await seenBy('handler.health', 'assigned', ['submit-view', 'request-reassignment'], ['record-contact']);
    await seenBy(STAFF, 'assigned', []);
    await seenBy(LEAD, 'assigned', []);
  });

  test('submit-view: the co-unit sends its view to the lead unit', async () => {
    desk.day(VIEW_SENT);
    const s = await desk.do('handler.health', id, 'submit-view', { text: '我委将配合做好学校卫生室建设工作。' });
    steps.push([VIEW_SENT, 'submit-view', 'handler.health']);
    const co = desk.assignment(s, 'health');
    assert.equal(co.view?.text, '我委将配合做好学校卫生室建设工作。');
    assert.equal(beijingDate(new Date(co.view.at)), VIEW_SENT);
    const seenByLeadUnit = await desk.get(id, 'handler.edu');
    assert.equal(desk.assignment(seenByLeadUnit, 'health').view?.text, '我委将配合做好学校卫生室建设工作。', 'the lead unit reads the view');
  });

  test('record-contact: the lead unit records a face-to-face contact', async () => {
    desk.day(CONTACTED);
    let s = await desk.get(id, 'handler.edu');
    s = await desk.do('handler.edu', id, 'record-contact', {
      assignment_id: desk.assignment(s, 'edu').id,
      method: 'face_to_face',
      date: CONTACTED,
      note: '到张伟代表所在单位当面沟通',
    });
    steps.push([CONTACTED, 'record-contact', 'handler.edu']);
    assert.equal(s.contacts.length, 1);
    assert.equal(s.contacts[0].method, 'face_to_face');
    assert.equal(s.contacts[0].date, CONTACTED);
    assert.equal(s.contacts[0].unit_name, '河南省教育厅');
    assert.equal(String(s.contacts[0].assignment_id), String(desk.assignment(s, 'edu').id));
    await seenBy('head.edu', 'assigned', ['answer', 'record-contact', 'request-reassignment', 'request-extension']);
  });

  test('answer class B without plan and plan_date → 422 naming both; with them → answered', async () => {
    desk.day(ANSWERED);
    let s = await desk.get(id, 'head.edu');
    const aid = desk.assignment(s, 'edu').id;
    const base = { assignment_id: aid, answer_class: 'B', text: '已列入2026—2028年改造计划。', signed_by: '周涛', answered_on: ANSWERED };
    assertPointers(await desk.act('head.edu', id, 'answer', base), ['/plan', '/plan_date'], 'class B without a plan');
    assertPointers(await desk.act('head.edu', id, 'answer', { ...base, plan: '分三年完成改造' }), ['/plan_date'], 'class B without a plan date');
    assert.equal((await desk.get(id)).state, 'assigned', 'the refused answers changed nothing');
    s = await desk.do('head.edu', id, 'answer', { ...base, plan: '分三年完成改造', plan_date: '2028-12-31' });
    steps.push([ANSWERED, 'answer', 'head.edu']);
    assert.equal(s.state, 'answered');
    assert.equal(desk.assignment(s, 'edu').state, 'answered');
    assert.equal(s.answers.length, 1);
    const a = s.answers[0];
    assert.equal(a.answer_class, 'B');
    assert.equal(a.class_label, '正在解决或列入计划逐步解决');
    assert.equal(a.plan, '分三年完成改造');
    assert.equal(a.plan_date, '2028-12-31');
    assert.equal(a.round, 1);
    assert.equal(a.signed_by, '周涛');
    assert.equal(a.answered_on, ANSWERED);
    assert.equal(a.unit?.name, '河南省教育厅');
    assert.equal(s.evaluation_due, EVALUATION_DUE, 'evaluation_due = answered on + 10 WD (05-01..05 off, Saturday 05-09 worked)');
    assert.equal(s.due_date, EVALUATION_DUE, 'due_date is the evaluation deadline');
    assert.equal(s.due_status, 'normal', '18 days ahead');
  });

  test('answered: the lead and the confirmed co-signer both read the answer; only the lead may evaluate', async () => {
    const l = await seenBy(LEAD, 'answered', ['evaluate']);
    const c = await seenBy(COSIGNER, 'answered', [], ['decline']);
    for (const [who, s] of [[LEAD, l], [COSIGNER, c]] as const) {
      assert.equal(s.answers?.length, 1, `${who} sees the answer`);
      assert.equal(s.answers[0].text, '已列入2026—2028年改造计划。', `${who} reads its text`);
    }
    for (const u of ['handler.edu', 'head.edu', 'handler.health']) await seenBy(u, 'answered', []);
    await seenBy(STAFF, 'answered', []);
  });

  test('due_status of the evaluation turns due_soon a week before', async () => {
    desk.day(EVALUATED);
    const s = await desk.get(id, LEAD);
    assert.equal(s.due_date, EVALUATION_DUE);
    assert.equal(s.due_status, 'due_soon', '7 days ahead');
  });

  test('evaluate 满意 → closed; nobody may act any more', async () => {
    const s = await desk.do(LEAD, id, 'evaluate', { attitude: 'satisfied', result: 'satisfied', comment: '办理认真，答复具体' });
    steps.push([EVALUATED, 'evaluate', LEAD]);
    assert.equal(s.state, 'closed');
    assert.equal(beijingDate(new Date(s.closed_at)), EVALUATED);
    assert.equal(s.assessment_flag, false);
    assert.ok('close_reason' in s, 'close_reason is part of the suggestion');
    assert.notEqual(s.close_reason, 'not_evaluated');
    assert.equal(s.evaluations.length, 1);
    assert.deepEqual(
      { round: s.evaluations[0].round, attitude: s.evaluations[0].attitude, result: s.evaluations[0].result, evaluated_on: s.evaluations[0].evaluated_on },
      { round: 1, attitude: 'satisfied', result: 'satisfied', evaluated_on: EVALUATED },
    );
    assert.equal(s.due_status ?? null, null, 'a closed item has no open deadline');
    for (const who of [LEAD, COSIGNER, STAFF, 'handler.edu', 'head.edu', 'handler.health']) await seenBy(who, 'closed', []);
  });

  test('the timeline lists every step, oldest first, with its actor and role', async () => {
    const items = await desk.timeline(id, LEAD);
    const known = new Set(steps.map(([, a]) => a));
    const got = items.filter((i) => known.has(i.action));
    assert.deepEqual(
      got.map((i) => i.action),
      steps.map(([, a]) => a),
      `the steps in order: ${JSON.stringify(items.map((i) => i.action))}`,
    );
    // The contract names no role values: the deputy's part (lead / co-signer), staff, and the
    // unit (its grant role, or "unit" possibly with the unit's name).
    const expectedRole: Record<string, RegExp> = {
      [LEAD]: /^(deputy|lead)$/,
      [COSIGNER]: /^(deputy|cosigner)$/,
      [STAFF]: /^staff$/,
      'handler.edu': /^(unit_handler|unit(:河南省教育厅)?)$/,
      'handler.health': /^(unit_handler|unit(:河南省卫生健康委员会)?)$/,
      'head.edu': /^(unit_head|unit(:河南省教育厅)?)$/,
    };
    for (let i = 0; i < steps.length; i++) {
      const [day, action, who] = steps[i];
      const item = got[i];
      const personal = desk.displayName(who).split('（')[0];
      assert.ok(typeof item.actor_name === 'string' && item.actor_name.includes(personal), `${action}: actor ${JSON.stringify(item.actor_name)} names ${personal}`);
      assert.match(item.role ?? '', expectedRole[who], `${action}: the role of ${who} (${JSON.stringify(item)})`);
      assert.equal(beijingDate(new Date(item.at)), day, `${action}: at ${item.at} on ${day}`);
    }
    for (let i = 1; i < items.length; i++) {
      assert.ok(Date.parse(items[i - 1].at) <= Date.parse(items[i].at), 'oldest first');
    }
    const again = await desk.timeline(id, COSIGNER);
    assert.equal(again.length, items.length, 'the co-signer reads the same timeline');
  });
});
