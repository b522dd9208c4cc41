// Handling an opinion (docs/opinions.md "States and actions", DOMAIN.md §4): every
// transition by the roles the table names, with `state` and `allowed_actions` for each;
// illegal transitions → 409 invalid_state with current_state; the wrong role → 403, those
// who cannot see the opinion → 404 (keeper of another station, user of another unit,
// another deputy, staff of another congress); the referral deadline in working days across
// Labour Day 2026 (05-01..05, make-up Saturday 05-09) and the acceptance deadline, due_status
// normal → due_soon → overdue on the test clock and the `due=overdue` filter; escalation by
// the deputy into a draft suggestion that, driven to closed through the suggestions API,
// makes the opinion replied with the suggestion's answer, which the citizen then rates.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import {
  Bureau,
  addWorkingDays,
  assertInvalidState,
  assertNoClearContact,
  assertOpinionActions,
  assertPointer,
  startOpinionsServer,
  textOf,
  type Case,
} from './opinions-fixtures.ts';

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

/** An opinion to station 1 addressed to deputy A too (QR code of deputy A: the station is the deputy's). */
async function toDeputyA(): Promise<Case> {
  const b = bureau.body({ channel: 'qr', deputy_id: bureau.deputyA.mandateId });
  delete b.station_id;
  const res = await bureau.submitRes(b);
  expectStatus(res, 201, 'QR submission to deputy A');
  await bureau.processIntake();
  const item = await bureau.findByCode(res.json.tracking_code, b.title);
  return { id: String(item.id), code: res.json.tracking_code, last4: b.mobile.slice(-4), name: b.name, mobile: b.mobile, title: b.title, content: b.content, item };
}

describe('who hears of a new opinion', () => {
  test('a new opinion lands in the inbox of its station\'s keeper and of the deputy it is addressed to, once each, not in another keeper\'s', async () => {
    const inbox = async (who: string) => {
      const res = await api(server, 'GET', '/api/v1/notifications?page_size=100', { session: await bureau.as(who) });
      expectStatus(res, 200, `inbox of ${who}`);
      return res.json.items as any[];
    };
    const c = await toDeputyA();
    for (const who of ['keeper.jinshui', 'deputy.a']) {
      const mine = (await inbox(who)).filter((n) => n.record_type === 'opinion' && n.record_id === c.id);
      assert.equal(mine.length, 1, `${who} is told once`);
      assert.equal(mine[0].kind, 'opinion_new');
      assert.ok(mine[0].title.includes(c.title), `${who}'s notification names the opinion`);
    }
    const other = (await inbox('keeper.other')).filter((n) => n.record_type === 'opinion' && n.record_id === c.id);
    assert.equal(other.length, 0, 'the keeper of another station is not told');
  });
});

describe('transitions by the right role', () => {
  test('received: the keeper, the addressed deputy and staff are offered accept and reject; a leader sees it and is offered nothing', async () => {
    const c = await toDeputyA();
    for (const who of ['keeper.jinshui', 'deputy.a', 'staff.jinshui']) assertOpinionActions(await bureau.get(c.id, who), `received as ${who}`, ['accept', 'reject']);
    assertOpinionActions(await bureau.get(c.id, 'leader.jinshui'), 'received as a leader', []);
  });

  test('accept by the keeper → accepted; the keeper and staff are offered answer-on-spot and refer, the addressed deputy escalate too', async () => {
    const c = await toDeputyA();
    const o = await bureau.do('keeper.jinshui', c.id, 'accept', { note: '已受理' });
    assert.equal(o.state, 'accepted');
    assertOpinionActions(o, 'accepted as the keeper', ['answer-on-spot', 'refer']);
    assertOpinionActions(await bureau.get(c.id, 'staff.jinshui'), 'accepted as staff', ['answer-on-spot', 'refer']);
    assertOpinionActions(await bureau.get(c.id, 'deputy.a'), 'accepted as the deputy', ['answer-on-spot', 'refer', 'escalate']);
  });

  test('accept by the addressed deputy → accepted', async () => {
    const c = await toDeputyA();
    assert.equal((await bureau.do('deputy.a', c.id, 'accept')).state, 'accepted');
  });

  test('accept by staff of the congress → accepted', async () => {
    const c = await bureau.submit();
    assert.equal((await bureau.do('staff.jinshui', c.id, 'accept')).state, 'accepted');
  });

  test('reject by staff with reason court and guidance → rejected, nothing more offered, the citizen reads it', async () => {
    const c = await bureau.submit();
    const guidance = '该事项属于民事纠纷，请向金水区人民法院提起诉讼。';
    const o = await bureau.do('staff.jinshui', c.id, 'reject', { reason: 'court', guidance });
    assert.equal(o.state, 'rejected');
    assert.equal(o.reject_reason, 'court');
    assert.equal(o.guidance, guidance);
    assertOpinionActions(o, 'rejected', []);
    const page = await bureau.track(c);
    assert.equal(page.state, 'rejected');
    assert.equal(page.can_rate, false);
  });

  for (const reason of ['arbitration', 'review', 'other']) {
    test(`reject by the keeper with reason ${reason} → rejected`, async () => {
      const c = await bureau.submit();
      const o = await bureau.do('keeper.jinshui', c.id, 'reject', { reason, guidance: '请按指引向有关机关反映。' });
      assert.equal(o.reject_reason, reason);
    });
  }

  test('reject with an unknown reason → 422 /reason; without guidance → 422 /guidance', async () => {
    const c = await bureau.submit();
    assertPointer(await bureau.act('keeper.jinshui', c.id, 'reject', { reason: 'bored', guidance: '无' }), '/reason', 'unknown reason');
    assertPointer(await bureau.act('keeper.jinshui', c.id, 'reject', { reason: 'court' }), '/guidance', 'no guidance');
    assertPointer(await bureau.act('keeper.jinshui', c.id, 'reject', { reason: 'court', guidance: '   ' }), '/guidance', 'blank guidance');
    assert.equal((await bureau.get(c.id)).state, 'received', 'still received');
  });

  test('answer-on-spot by the addressed deputy → answered_on_spot with the text as the reply', async () => {
    const c = await toDeputyA();
    await bureau.do('deputy.a', c.id, 'accept');
    const text = '我已向街道办反映，本周内修复。';
    const o = await bureau.do('deputy.a', c.id, 'answer-on-spot', { text });
    assert.equal(o.state, 'answered_on_spot');
    assert.equal(textOf(o.reply), text);
    assertOpinionActions(o, 'answered on the spot', []);
    assert.equal(textOf((await bureau.track(c)).answer), text);
  });

  test('refer by staff → referred to the unit with referral_due; the unit replies; then the keeper replies → replied', async () => {
    const c = await bureau.accepted();
    let o = await bureau.do('staff.jinshui', c.id, 'refer', { unit_id: bureau.unitA.id, note: '请核实处理' });
    assert.equal(o.state, 'referred');
    assert.equal(String(o.unit?.id), bureau.unitA.id);
    assert.equal(o.unit?.name, bureau.unitA.name);
    assert.equal(o.referral_due, addWorkingDays(bureau.today(), 15), 'referral_due = today + 15 working days');
    assert.equal(o.due_date, o.referral_due, 'the open deadline is the referral');
    assertOpinionActions(await bureau.get(c.id, 'unit.a'), 'referred, as the unit', ['unit-reply']);
    assertOpinionActions(await bureau.get(c.id, 'keeper.jinshui'), 'referred, before the unit replied, as the keeper', []);
    const unitText = '经核实，已安排施工队更换路灯线路。';
    o = await bureau.do('unit.a', c.id, 'unit-reply', { text: unitText });
    assert.equal(o.state, 'referred', 'still referred until the citizen is answered');
    assert.equal(textOf(o.unit_reply), unitText);
    for (const who of ['keeper.jinshui', 'staff.jinshui']) assertOpinionActions(await bureau.get(c.id, who), `unit replied, as ${who}`, ['reply']);
    const reply = '区城管局已更换路灯线路，现已恢复照明，感谢您的反映。';
    o = await bureau.do('keeper.jinshui', c.id, 'reply', { text: reply });
    assert.equal(o.state, 'replied');
    assert.equal(textOf(o.reply), reply);
    const tl = await bureau.timeline(c.id);
    assert.ok(tl.length >= 5, `the timeline holds received, accept, refer, unit-reply, reply: ${JSON.stringify(tl)}`);
  });

  test('refer to a unit of another congress (the provincial 河南省教育厅) or an unknown unit → 422 /unit_id', async () => {
    const c = await bureau.accepted();
    assertPointer(await bureau.act('keeper.jinshui', c.id, 'refer', { unit_id: '1' }), '/unit_id', 'unit of another congress');
    assertPointer(await bureau.act('keeper.jinshui', c.id, 'refer', { unit_id: '99999999' }), '/unit_id', 'unknown unit');
    assert.equal((await bureau.get(c.id)).state, 'accepted');
  });
});

describe('illegal transitions → 409 invalid_state with current_state', () => {
  test('accept twice → 409 current_state accepted', async () => {
    const c = await bureau.accepted();
    assertInvalidState(await bureau.act('keeper.jinshui', c.id, 'accept'), 'accepted', 'accept twice');
  });

  test('refer before accept → 409 current_state received', async () => {
    const c = await bureau.submit();
    assertInvalidState(await bureau.act('keeper.jinshui', c.id, 'refer', { unit_id: bureau.unitA.id }), 'received', 'refer a received opinion');
  });

  test('answer-on-spot before accept → 409 current_state received', async () => {
    const c = await bureau.submit();
    assertInvalidState(await bureau.act('keeper.jinshui', c.id, 'answer-on-spot', { text: '已答复' }), 'received', 'answer a received opinion');
  });

  test('reply before the unit replied → 409 current_state referred', async () => {
    const c = await bureau.referred();
    assertInvalidState(await bureau.act('keeper.jinshui', c.id, 'reply', { text: '已答复' }), 'referred', 'reply before the unit');
  });

  test('rate before the answer → 409 current_state accepted', async () => {
    const c = await bureau.accepted();
    assertInvalidState(await bureau.rateRes(c, 'satisfied'), 'accepted', 'rate before the answer');
  });

  test('escalate a received opinion → 409 current_state received', async () => {
    const c = await toDeputyA();
    assertInvalidState(await bureau.act('deputy.a', c.id, 'escalate', {}), 'received', 'escalate before accept');
  });

  test('reject after accept → 409 current_state accepted; act on a closed opinion → 409 closed', async () => {
    const c = await bureau.answeredOnSpot();
    const fresh = await bureau.accepted();
    assertInvalidState(await bureau.act('keeper.jinshui', fresh.id, 'reject', { reason: 'court', guidance: '请诉讼' }), 'accepted', 'reject an accepted opinion');
    await bureau.rate(c, 'satisfied');
    assertInvalidState(await bureau.act('keeper.jinshui', c.id, 'answer-on-spot', { text: '再答复' }), 'closed', 'answer a closed opinion');
  });
});

describe('roles: 403 for the wrong role, 404 for those who cannot see', () => {
  test('the keeper of another station: 404 on the opinion, its actions, its timeline and /contact; absent from their box', async () => {
    const c = await bureau.submit();
    assertProblem(await bureau.getRes(c.id, 'keeper.other'), { status: 404 }, 'GET as the other keeper');
    assertProblem(await bureau.act('keeper.other', c.id, 'accept'), { status: 404 }, 'accept as the other keeper');
    assertProblem(await bureau.call('keeper.other', 'GET', `/api/v1/opinions/${c.id}/timeline`), { status: 404 }, 'timeline as the other keeper');
    assertProblem(await bureau.call('keeper.other', 'GET', `/api/v1/opinions/${c.id}/contact`), { status: 404 }, 'contact as the other keeper');
    const box = await bureau.list('keeper.other', 'box=station');
    assert.ok(!box.some((o) => String(o.id) === c.id), 'not in the other station box');
  });

  test('a user of another unit: 404 on an opinion referred to unit A (GET, unit-reply); unit A does not see opinions before they are referred', async () => {
    const c = await bureau.referred();
    assertProblem(await bureau.getRes(c.id, 'unit.b'), { status: 404 }, 'GET as unit B');
    assertProblem(await bureau.act('unit.b', c.id, 'unit-reply', { text: '不是我们的' }), { status: 404 }, 'unit-reply as unit B');
    assert.ok(!(await bureau.list('unit.b', 'box=unit')).some((o) => String(o.id) === c.id), "not in unit B's box");
    assert.ok((await bureau.list('unit.a', 'box=unit')).some((o) => String(o.id) === c.id), "in unit A's box");
    const fresh = await bureau.accepted();
    assertProblem(await bureau.getRes(fresh.id, 'unit.a'), { status: 404 }, 'unit A on an opinion not referred to it');
  });

  test('another deputy of the congress, staff of another congress and a provincial unit user: 404', async () => {
    const c = await toDeputyA();
    for (const who of ['deputy.b', 'staff.zhongyuan', 'handler.edu', 'deputy.henan']) {
      assertProblem(await bureau.getRes(c.id, who), { status: 404 }, `GET as ${who}`);
      assertProblem(await bureau.act(who, c.id, 'accept'), { status: 404 }, `accept as ${who}`);
    }
  });

  test('the referred unit may not accept, reply or escalate (403); the keeper and the deputy may not unit-reply (403)', async () => {
    const c = await bureau.unitReplied({ channel: 'qr', deputy_id: bureau.deputyA.mandateId });
    assertProblem(await bureau.act('unit.a', c.id, 'reply', { text: '单位直接答复' }), { status: 403 }, 'unit replies to the citizen');
    assertProblem(await bureau.act('unit.a', c.id, 'escalate', {}), { status: 403 }, 'unit escalates');
    assertProblem(await bureau.act('keeper.jinshui', c.id, 'unit-reply', { text: '代替单位答复' }), { status: 403 }, 'keeper unit-replies');
    assertProblem(await bureau.act('deputy.a', c.id, 'unit-reply', { text: '代替单位答复' }), { status: 403 }, 'deputy unit-replies');
  });

  test('only the addressed deputy escalates: the keeper and staff → 403', async () => {
    const c = await toDeputyA();
    await bureau.do('keeper.jinshui', c.id, 'accept');
    assertProblem(await bureau.act('keeper.jinshui', c.id, 'escalate', {}), { status: 403 }, 'keeper escalates');
    assertProblem(await bureau.act('staff.jinshui', c.id, 'escalate', {}), { status: 403 }, 'staff escalates');
    assert.equal((await bureau.get(c.id)).state, 'accepted');
  });

  test('a leader of the congress reads but may not act (403)', async () => {
    const c = await bureau.submit();
    assertProblem(await bureau.act('leader.jinshui', c.id, 'accept'), { status: 403 }, 'leader accepts');
    assert.equal((await bureau.get(c.id)).state, 'received');
  });

  test('anonymous → 401 on the workbench', async () => {
    const c = await bureau.submit();
    assertProblem(await bureau.getRes(c.id, null), { status: 401 }, 'anonymous GET');
    assertProblem(await bureau.act(null, c.id, 'accept'), { status: 401 }, 'anonymous accept');
  });
});

describe('deadlines on the working-day calendar (test clock)', () => {
  // Thursday 2026-04-30, the day before 劳动节 (05-01..05-05; 05-09 a make-up Saturday).
  const RECEIVED = '2026-04-30';
  const ACCEPT_DUE = '2026-05-08'; // 05-06, 05-07, 05-08
  const REFERRAL_DUE = '2026-05-25'; // 15 WD: 05-06..08, 09 (make-up), 11..15, 18..22, 25
  let referred: Case;
  let waiting: Case;

  test('received 2026-04-30: accept_due 2026-05-08 (3 working days past Labour Day)', async () => {
    assert.equal(addWorkingDays(RECEIVED, 3), ACCEPT_DUE, 'the fixture calendar agrees');
    bureau.day(RECEIVED, '10:00');
    waiting = await bureau.submit();
    const o = await bureau.get(waiting.id);
    assert.equal(o.accept_due, ACCEPT_DUE);
    assert.equal(o.due_date, ACCEPT_DUE);
  });

  test('referred 2026-04-30: referral_due = today + 15 working days = 2026-05-25 (skips 05-01..05, counts Saturday 05-09); due_status normal', async () => {
    assert.equal(addWorkingDays(RECEIVED, 15), REFERRAL_DUE, 'the fixture calendar agrees');
    bureau.day(RECEIVED, '11:00');
    referred = await bureau.referred();
    const o = await bureau.get(referred.id);
    assert.equal(o.referral_due, REFERRAL_DUE);
    assert.equal(o.due_date, REFERRAL_DUE);
    assert.equal(o.due_status, 'normal', '25 days ahead');
  });

  test('2026-05-11: the referral is due soon (14 days), acceptance overdue (05-08 passed)', async () => {
    bureau.day('2026-05-11');
    assert.equal((await bureau.get(referred.id)).due_status, 'due_soon');
    assert.equal((await bureau.get(waiting.id)).due_status, 'overdue');
    const overdue = await bureau.list('keeper.jinshui', 'box=station&due=overdue');
    assert.ok(overdue.some((o) => String(o.id) === waiting.id), 'the unaccepted one is listed as overdue');
    assert.ok(!overdue.some((o) => String(o.id) === referred.id), 'the referred one is not overdue yet');
  });

  test('2026-05-25 (the due day): due_soon, not overdue', async () => {
    bureau.day(REFERRAL_DUE);
    assert.equal((await bureau.get(referred.id)).due_status, 'due_soon');
    const overdue = await bureau.list('staff.jinshui', 'box=congress&due=overdue');
    assert.ok(!overdue.some((o) => String(o.id) === referred.id), 'not overdue on the due day');
  });

  test('2026-05-26: overdue; due=overdue lists it for the keeper, staff and the unit, not a fresh referral', async () => {
    bureau.day('2026-05-26');
    const o = await bureau.get(referred.id);
    assert.equal(o.due_status, 'overdue');
    const fresh = await bureau.referred();
    for (const [who, box] of [['keeper.jinshui', 'station'], ['staff.jinshui', 'congress'], ['unit.a', 'unit']] as const) {
      const list = await bureau.list(who, `box=${box}&due=overdue`);
      assert.ok(list.some((x) => String(x.id) === referred.id), `${who} box=${box}&due=overdue lists the overdue referral`);
      assert.ok(!list.some((x) => String(x.id) === fresh.id), `${who}: a fresh referral is not overdue`);
      for (const x of list) assert.equal(x.due_status, 'overdue', `${who}: every listed item is overdue`);
    }
    const soon = await bureau.list('keeper.jinshui', 'box=station&due=due_soon');
    assert.ok(!soon.some((x) => String(x.id) === referred.id), 'not in due_soon any more');
  });

  test('once the unit replied and the citizen is answered, the referral deadline is met: no due_status overdue', async () => {
    await bureau.do('unit.a', referred.id, 'unit-reply', { text: '已处理' });
    const o = await bureau.do('keeper.jinshui', referred.id, 'reply', { text: '已处理完毕' });
    assert.equal(o.state, 'replied');
    assert.notEqual(o.due_status, 'overdue', 'a met deadline is not overdue');
    const list = await bureau.list('keeper.jinshui', 'box=station&due=overdue');
    assert.ok(!list.some((x) => String(x.id) === referred.id), 'no longer listed as overdue');
  });
});

describe('escalation into a suggestion', () => {
  test('the deputy escalates → escalated with a linked draft suggestion of the deputy, pre-filled without personal data; closing the suggestion replies to the citizen with its answer; the citizen rates', async () => {
    bureau.day('2026-06-01');
    const c = await toDeputyA();
    await bureau.do('deputy.a', c.id, 'accept');
    const title = '关于加快老旧小区路灯改造的建议';
    const o = await bureau.do('deputy.a', c.id, 'escalate', { title, category: 'urban' });
    assert.equal(o.state, 'escalated');
    assert.ok(o.suggestion_id, `suggestion_id: ${JSON.stringify(o)}`);
    assertOpinionActions(o, 'escalated', []);
    const sid = String(o.suggestion_id);
    assert.equal((await bureau.track(c)).state, 'escalated', 'the citizen sees it escalated');

    const sres = await bureau.call('deputy.a', 'GET', `/api/v1/suggestions/${sid}`);
    expectStatus(sres, 200, `GET /api/v1/suggestions/${sid} as the deputy`);
    const s = sres.json;
    assert.equal(s.state, 'draft');
    assert.equal(s.title, title);
    assert.equal(s.category, 'urban');
    assert.equal(String(s.lead?.mandate_id), bureau.deputyA.mandateId, 'the deputy leads it');
    assert.equal(String(s.congress_id), bureau.congress);
    assert.ok(String(s.content).includes(c.content), `pre-filled with the opinion's text: ${s.content}`);
    const link = Object.entries(s).find(([k]) => /opinion/.test(k));
    assert.ok(link, `the suggestion links back to the opinion (linked both ways): ${sres.body.slice(0, 600)}`);
    assert.equal(String(link[1]), c.id, `${link[0]} is the opinion`);
    assertNoClearContact(sres.body, c.name, c.mobile, 'the suggestion');
    assert.ok(!sres.body.includes(c.code), 'no tracking code in the suggestion');
    assertProblem(await bureau.call('deputy.b', 'GET', `/api/v1/suggestions/${sid}`), { status: 404 }, "another deputy cannot see the draft");

    // Drive the suggestion to closed through the suggestions API.
    const step = async (who: string, action: string, body: unknown = {}) => {
      const res = await bureau.call(who, 'POST', `/api/v1/suggestions/${sid}/${action}`, { body });
      expectStatus(res, 200, `suggestion ${action} as ${who}`);
      return res.json;
    };
    await step('deputy.a', 'submit');
    await step('staff.jinshui', 'register');
    let sg = await step('staff.jinshui', 'assign', { mode: 'lead', lead_unit_id: bureau.unitA.id, co_unit_ids: [] });
    const assignment = sg.assignments.find((a: any) => String(a.unit?.id) === bureau.unitA.id);
    assert.ok(assignment, `an assignment of unit A: ${JSON.stringify(sg.assignments)}`);
    await step('unit.a', 'accept', { assignment_id: assignment.id });
    await step('unit.a', 'record-contact', { assignment_id: assignment.id, method: 'phone', date: bureau.today(), note: '电话沟通改造计划' });
    const answer = '经研究，已将该片区老旧小区路灯改造列入今年城建计划，九月底前完成。';
    sg = await step('unit.a', 'answer', { assignment_id: assignment.id, answer_class: 'A', text: answer, signed_by: '王强', answered_on: bureau.today() });
    assert.equal(sg.state, 'answered');
    assert.equal((await bureau.get(c.id)).state, 'escalated', 'still escalated while the suggestion is open');
    sg = await step('deputy.a', 'evaluate', { attitude: 'satisfied', result: 'satisfied' });
    assert.equal(sg.state, 'closed');

    const after_ = await bureau.get(c.id);
    assert.equal(after_.state, 'replied', 'replied when the suggestion closed');
    // The contract says "replied … with its answer": the answer's text, whatever the server puts around it (the unit's name).
    assert.ok(textOf(after_.reply)?.includes(answer), `the reply holds the suggestion's answer: ${JSON.stringify(after_.reply)}`);
    assert.equal(String(after_.suggestion_id), sid);
    const page = await bureau.track(c);
    assert.equal(page.state, 'replied');
    assert.ok(textOf(page.answer)?.includes(answer), `the citizen reads the answer: ${JSON.stringify(page.answer)}`);
    assert.equal(page.can_rate, true);
    const rated = await bureau.rate(c, 'satisfied');
    assert.equal(rated.state, 'closed');
  });

  test('escalate with no title uses the opinion\'s title; an unknown category → 422 /category', async () => {
    const c = await toDeputyA();
    await bureau.do('deputy.a', c.id, 'accept');
    assertPointer(await bureau.act('deputy.a', c.id, 'escalate', { category: 'no_such' }), '/category', 'unknown category');
    const o = await bureau.do('deputy.a', c.id, 'escalate', {});
    const s = await bureau.call('deputy.a', 'GET', `/api/v1/suggestions/${o.suggestion_id}`);
    expectStatus(s, 200, 'the draft');
    assert.ok(String(s.json.title).length > 0, 'a title');
    assert.ok(String(s.json.title).includes(c.title.slice(0, 20)) || String(s.json.content).includes(c.content), `pre-filled from the opinion: ${s.json.title}`);
  });
});
