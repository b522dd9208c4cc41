// Following an opinion without an account (docs/opinions.md "Tracking"): the tracking code
// plus the mobile's last 4 digits show the status page — with no name or mobile anywhere in
// it — and its steps grow with each transition; a wrong last4 and an unknown code answer the
// same 404 body (but for instance); the code is case- and dash-insensitive; failures count
// against tracking_limit_per_address (a server with a limit of 3 → 429); the citizen rates
// only an answer: 满意 / 基本满意 close, 不满意 reopens once (accepted, reopened) and the
// second rating closes whatever it is.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem } from './harness.ts';
import { assertSameProblem, expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import {
  Bureau,
  TRACKING_ALPHABET,
  assertInvalidState,
  assertPointer,
  startOpinionsServer,
  textOf,
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

const PAGE_KEYS = ['tracking_code', 'state', 'title', 'content', 'category_label', 'received_at', 'station_name', 'deputy_name', 'steps', 'answer', 'rating', 'can_rate'];
const PERSONAL_KEYS = ['name', 'mobile', 'citizen', 'citizen_name', 'citizen_mobile', 'phone', 'last4', 'mobile_last4'];

/** Every key of a JSON tree. */
function keysOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((x) => keysOf(x, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

function assertPage(res: { body: string; json: any }, c: { name: string; mobile: string; code: string }, what: string): any {
  const page = res.json;
  for (const k of PAGE_KEYS) assert.ok(k in page, `${what}: the page has ${k}: ${res.body.slice(0, 400)}`);
  assert.equal(page.tracking_code, c.code, `${what}: tracking_code`);
  assert.ok(Array.isArray(page.steps), `${what}: steps is an array`);
  for (const s of page.steps) {
    assert.ok(!Number.isNaN(Date.parse(s.at)), `${what}: step at ${JSON.stringify(s)}`);
    assert.equal(typeof s.state, 'string', `${what}: step state`);
    assert.ok(typeof s.label === 'string' && s.label.length > 0, `${what}: step label ${JSON.stringify(s)}`);
  }
  const personal = keysOf(page).filter((k) => PERSONAL_KEYS.includes(k));
  assert.deepEqual(personal, [], `${what}: no personal keys in the page`);
  assert.ok(!res.body.includes(c.mobile), `${what}: the mobile is not in the page`);
  assert.ok(!res.body.includes(c.name), `${what}: the name is not in the page`);
  return page;
}

async function trackPage(c: { code: string; last4: string; name: string; mobile: string }, what: string): Promise<any> {
  const res = await bureau.trackRes(c.code, c.last4);
  expectStatus(res, 200, `${what}: POST /api/v1/public/opinions/track`);
  return assertPage(res, c, what);
}

/** A well-formed code that no opinion holds (random from the alphabet). */
function unknownCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += TRACKING_ALPHABET[Math.floor(Math.random() * TRACKING_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

describe('the status page', () => {
  test('code + last4 → 200 the page (title, content, station, steps, no answer yet, cannot rate) with no name or mobile anywhere', async () => {
    const c = await bureau.submit();
    const page = await trackPage(c, 'new opinion');
    assert.equal(page.state, 'received');
    assert.equal(page.title, c.title);
    assert.equal(page.content, c.content);
    assert.equal(page.station_name, bureau.station.name);
    assert.equal(typeof page.category_label, 'string');
    assert.ok(page.category_label.length > 0, 'category_label');
    assert.equal(page.answer, null);
    assert.equal(page.rating, null);
    assert.equal(page.can_rate, false);
    assert.equal(page.steps.length, 1, `one step: ${JSON.stringify(page.steps)}`);
    assert.equal(page.steps[0].state, 'received');
  });

  test('an opinion addressed to a deputy names the deputy on the page', async () => {
    const b = bureau.body({ channel: 'qr', deputy_id: bureau.deputyA.mandateId });
    delete b.station_id;
    const res = await bureau.submitRes(b);
    expectStatus(res, 201, 'QR submission');
    await bureau.processIntake();
    const page = await trackPage({ code: res.json.tracking_code, last4: b.mobile.slice(-4), name: b.name, mobile: b.mobile }, 'deputy opinion');
    assert.equal(page.deputy_name, bureau.deputyA.name);
  });

  test('steps grow with each transition: received → accepted → referred → (unit reply) → replied → closed', async () => {
    const c = await bureau.submit();
    let page = await trackPage(c, 'received');
    let n = page.steps.length;
    const expectStep = async (state: string, what: string, strictly = true) => {
      page = await trackPage(c, what);
      assert.equal(page.state, state, `${what}: state`);
      if (strictly) {
        assert.ok(page.steps.length > n, `${what}: a new step (${n} → ${page.steps.length}): ${JSON.stringify(page.steps)}`);
        assert.equal(page.steps.at(-1).state, state, `${what}: the last step is ${state}`);
      } else {
        assert.ok(page.steps.length >= n, `${what}: no step lost`);
      }
      const ats = page.steps.map((s: any) => Date.parse(s.at));
      assert.deepEqual([...ats].sort((a, b) => a - b), ats, `${what}: steps oldest first`);
      n = page.steps.length;
    };
    bureau.advance(10);
    await bureau.do('keeper.jinshui', c.id, 'accept', { note: '已受理' });
    await expectStep('accepted', 'accepted');
    bureau.advance(10);
    await bureau.do('keeper.jinshui', c.id, 'refer', { unit_id: bureau.unitA.id });
    await expectStep('referred', 'referred');
    bureau.advance(10);
    await bureau.do('unit.a', c.id, 'unit-reply', { text: '已安排维修' });
    await expectStep('referred', 'unit replied', false);
    assert.equal(page.can_rate, false, 'nothing to rate before the reply');
    bureau.advance(10);
    const reply = '路灯线路已更换，现已恢复照明。';
    await bureau.do('keeper.jinshui', c.id, 'reply', { text: reply });
    await expectStep('replied', 'replied');
    assert.equal(textOf(page.answer), reply, 'the page shows the reply as the answer');
    assert.ok(!Number.isNaN(Date.parse(page.answer.at)), 'answer.at');
    assert.equal(page.can_rate, true, 'the reply may be rated');
    bureau.advance(10);
    const rated = await bureau.rate(c, 'satisfied', '修得很快');
    assertPage({ body: JSON.stringify(rated), json: rated }, c, 'rate answer');
    await expectStep('closed', 'rated');
    assert.equal(page.can_rate, false);
    assert.ok(page.rating, 'the rating is shown');
  });
});

describe('wrong codes', () => {
  test('wrong last4 digits and an unknown code answer the same 404 not_found body (but for instance)', async () => {
    const c = await bureau.submit();
    const wrong = String((Number(c.last4) + 1) % 10000).padStart(4, '0');
    const a = await bureau.trackRes(c.code, wrong);
    const b = await bureau.trackRes(unknownCode(), c.last4);
    assertProblem(a, { status: 404, code: 'not_found' }, 'wrong last4');
    assertProblem(b, { status: 404, code: 'not_found' }, 'unknown code');
    assertSameProblem(a, b, 'wrong digits vs unknown code');
    assert.equal(a.headers['content-type'], b.headers['content-type'], 'same content type');
  });

  test('rating with wrong digits answers the same 404 as tracking', async () => {
    const c = await bureau.answeredOnSpot();
    const wrong = String((Number(c.last4) + 1) % 10000).padStart(4, '0');
    const a = await bureau.rateRes({ code: c.code, last4: wrong }, 'satisfied');
    const b = await bureau.trackRes(c.code, wrong);
    assertProblem(a, { status: 404, code: 'not_found' }, 'rate with wrong digits');
    assertSameProblem(a, b, 'rate vs track with wrong digits');
    assert.equal((await bureau.get(c.id)).state, 'answered_on_spot', 'not rated');
  });

  test('lower-case, dashless and lower-case dashless codes find the same page', async () => {
    const c = await bureau.submit();
    for (const variant of [c.code.toLowerCase(), c.code.replace(/-/g, ''), c.code.replace(/-/g, '').toLowerCase()]) {
      const res = await bureau.trackRes(variant, c.last4);
      expectStatus(res, 200, `track ${variant}`);
      const page = assertPage(res, c, `variant ${variant}`);
      assert.equal(page.tracking_code, c.code, `${variant}: the canonical code`);
    }
  });

  test('tracking_limit_per_address 3: successful look-ups do not count; three failures → 404, the 4th → 429 rate_limited with Retry-After; after the 15-minute window failures are counted afresh', async () => {
    const s = await startOpinionsServer({ flags: { '--tracking-limit-per-address': '3' } });
    try {
      const b = await Bureau.open(s);
      const c = await b.submit();
      for (let i = 1; i <= 5; i++) expectStatus(await b.trackRes(c.code, c.last4), 200, `success ${i} does not count`);
      for (let i = 1; i <= 3; i++) assertProblem(await b.trackRes(unknownCode(), c.last4), { status: 404, code: 'not_found' }, `failure ${i}`);
      const res = await b.trackRes(unknownCode(), c.last4);
      assertProblem(res, { status: 429, code: 'rate_limited' }, 'the 4th failure');
      assert.match(res.headers['retry-after'] ?? '', /^\d+$/, `Retry-After: ${res.headers['retry-after']}`);
      assert.ok(Number(res.headers['retry-after']) >= 1 && Number(res.headers['retry-after']) <= 900, 'Retry-After within the window');
      b.advance(16);
      assertProblem(await b.trackRes(unknownCode(), c.last4), { status: 404, code: 'not_found' }, 'a failure in the next window');
      expectStatus(await b.trackRes(c.code, c.last4), 200, 'the right code in the next window');
    } finally {
      const exit = await s.stop();
      assert.deepEqual(exit, { code: 0, signal: null });
    }
  });
});

describe('rating', () => {
  test('rating before an answer → 409 invalid_state with current_state (received, accepted, referred)', async () => {
    const c = await bureau.submit();
    assertInvalidState(await bureau.rateRes(c, 'satisfied'), 'received', 'rate a received opinion');
    await bureau.do('keeper.jinshui', c.id, 'accept');
    assertInvalidState(await bureau.rateRes(c, 'satisfied'), 'accepted', 'rate an accepted opinion');
    await bureau.do('keeper.jinshui', c.id, 'refer', { unit_id: bureau.unitA.id });
    assertInvalidState(await bureau.rateRes(c, 'satisfied'), 'referred', 'rate a referred opinion');
    await bureau.do('unit.a', c.id, 'unit-reply', { text: '已处理' });
    assertInvalidState(await bureau.rateRes(c, 'satisfied'), 'referred', 'rate before the citizen got the reply');
  });

  test('an unknown rating → 422 /rating', async () => {
    const c = await bureau.answeredOnSpot();
    assertPointer(await bureau.rateRes(c, 'delighted'), '/rating', 'unknown rating');
  });

  test('满意 (satisfied) on an on-the-spot answer closes the opinion; a second rating → 409 closed', async () => {
    const c = await bureau.answeredOnSpot();
    const before_ = await trackPage(c, 'answered on the spot');
    assert.equal(before_.state, 'answered_on_spot');
    assert.equal(before_.can_rate, true);
    assert.ok(textOf(before_.answer), 'the answer is on the page');
    const page = await bureau.rate(c, 'satisfied');
    assert.equal(page.state, 'closed');
    assert.equal(page.can_rate, false);
    const item = await bureau.get(c.id);
    assert.equal(item.state, 'closed');
    assert.equal(item.rating, 'satisfied');
    assert.equal(item.reopened, false);
    assertInvalidState(await bureau.rateRes(c, 'unsatisfied'), 'closed', 'rating a closed opinion');
  });

  test('基本满意 (basically_satisfied) closes the opinion', async () => {
    const c = await bureau.replied();
    const page = await bureau.rate(c, 'basically_satisfied', '基本解决');
    assert.equal(page.state, 'closed');
    const item = await bureau.get(c.id);
    assert.equal(item.rating, 'basically_satisfied');
    assert.equal(item.rating_comment, '基本解决');
  });

  test('不满意 (unsatisfied) reopens once: accepted with reopened true; after a new answer the second rating closes, even 不满意', async () => {
    const c = await bureau.replied();
    const page = await bureau.rate(c, 'unsatisfied', '路灯还是不亮');
    assert.equal(page.state, 'accepted', 'reopened to accepted');
    assert.equal(page.can_rate, false, 'nothing to rate until a new answer');
    let item = await bureau.get(c.id);
    assert.equal(item.state, 'accepted');
    assert.equal(item.reopened, true);
    assert.ok(item.allowed_actions.includes('answer-on-spot') && item.allowed_actions.includes('refer'), `the keeper may handle it again: ${item.allowed_actions}`);
    item = await bureau.do('keeper.jinshui', c.id, 'answer-on-spot', { text: '已再次派人检修，线路全部更换。' });
    assert.equal(item.state, 'answered_on_spot');
    const again = await trackPage(c, 'answered again');
    assert.equal(again.can_rate, true);
    assert.equal(textOf(again.answer), '已再次派人检修，线路全部更换。', 'the page shows the new answer');
    const last = await bureau.rate(c, 'unsatisfied', '仍不满意');
    assert.equal(last.state, 'closed', 'the second rating closes, whatever it is');
    item = await bureau.get(c.id);
    assert.equal(item.state, 'closed');
    assert.equal(item.rating, 'unsatisfied');
    assert.equal(item.reopened, true);
  });
});
