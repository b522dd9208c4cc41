// Outbound messages to citizens through the webhook notifier (docs/opinions.md "Outbound
// messages"): huying runs with --notifier webhook pointed at a local HTTP server made here;
// a submission enqueues a message; POST /api/v1/notifier/run sends what is due on the test
// clock; a target that answers 500 twice and then 200 gets three calls 1 and 2 minutes apart
// (nothing is sent before its backoff has passed) and the delivery ends `sent` with
// attempts 3; the target receives the message text and the full mobile (the SMS gateway
// needs it) while GET /api/v1/notifier/deliveries shows it masked; a target that always
// fails ends `failed` after notifier_max_attempts (6: backoff 1, 2, 4, 8, 16 minutes) and is
// never tried again. Both endpoints are for administrators only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertProblem } from './harness.ts';
import { masked, type ClockedServer } from './accounts-fixtures.ts';
import { Bureau, newMobile, startOpinionsServer } from './opinions-fixtures.ts';

interface Call {
  body: any;
  raw: string;
  status: number;
  contentType: string;
}

/** The webhook target: answers per recipient as `plan` says, and records every call. */
class HookTarget {
  server!: http.Server;
  port = 0;
  calls: Call[] = [];
  /** Recipients that always get 500. */
  down = new Set<string>();
  /** Recipients that get 500 for their first two calls. */
  flaky = new Set<string>();

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        let body: any;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        const to = String(body?.to ?? '');
        const before_ = this.calls.filter((c) => String(c.body?.to) === to).length;
        let status = 200;
        if (req.url !== '/hook' || req.method !== 'POST') status = 404;
        else if (this.down.has(to)) status = 500;
        else if (this.flaky.has(to) && before_ < 2) status = 500;
        this.calls.push({ body, raw, status, contentType: String(req.headers['content-type'] ?? '') });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? '{"ok":true}' : '{"error":"gateway busy"}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  to(mobile: string): Call[] {
    return this.calls.filter((c) => c.body?.to === mobile);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let target: HookTarget;
let server: ClockedServer;
let bureau: Bureau;
before(async () => {
  target = new HookTarget();
  await target.start();
  server = await startOpinionsServer({ args: ['--notifier', 'webhook', '--notifier-webhook-url', `http://127.0.0.1:${target.port}/hook`] });
  bureau = await Bureau.open(server);
  // Whatever the demo data left to send goes out now, so that each test sees its own messages only.
  await bureau.runNotifier();
});
after(async () => {
  if (server) {
    const exit = await server.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
  }
  if (target) await target.stop();
});

/** The delivery with this id from the administrators' list, and the list's raw bodies. */
async function delivery(id: string): Promise<{ d: any; bodies: string[] }> {
  const { items, bodies } = await bureau.deliveries();
  const d = items.find((x) => String(x.id) === id);
  assert.ok(d, `delivery ${id} in GET /api/v1/notifier/deliveries`);
  return { d, bodies };
}

function minutesBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 60000;
}

describe('the webhook notifier', () => {
  test('a target failing twice then answering 200: three calls after 1 and 2 minutes of backoff, the delivery ends sent with attempts 3; the target got the text and the full mobile, the log shows it masked', async () => {
    const mobile = newMobile();
    target.flaky.add(mobile);
    const c = await bureau.submit({ mobile });
    assert.equal(target.to(mobile).length, 0, 'nothing is sent before the worker runs');

    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 1, 'the first attempt');
    const first = target.to(mobile)[0];
    assert.match(first.contentType, /^application\/json/, 'a JSON POST');
    assert.equal(first.body.to, mobile, 'the full mobile for the gateway');
    assert.equal(typeof first.body.text, 'string');
    assert.ok(first.body.text.length > 0, 'a message text');
    assert.equal(String(first.body.opinion_id), c.id, 'opinion_id');
    const id = String(first.body.delivery_id);
    assert.ok(id && id !== 'undefined', `delivery_id: ${first.raw}`);
    let { d } = await delivery(id);
    assert.equal(d.state, 'pending');
    assert.equal(d.attempts, 1);
    assert.ok(String(d.last_error ?? '').length > 0, `the failure is logged: ${JSON.stringify(d)}`);
    const firstAt = server.clock.iso();
    assert.equal(minutesBetween(firstAt, d.next_attempt_at), 1, `next attempt 1 minute later: ${d.next_attempt_at}`);

    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 1, 'not retried before the backoff has passed');

    bureau.advance(1);
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 2, 'the second attempt after 1 minute');
    ({ d } = await delivery(id));
    assert.equal(d.state, 'pending');
    assert.equal(d.attempts, 2);
    assert.equal(minutesBetween(server.clock.iso(), d.next_attempt_at), 2, `next attempt 2 minutes later: ${d.next_attempt_at}`);

    bureau.advance(1);
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 2, 'not retried 1 minute into a 2-minute backoff');

    bureau.advance(1);
    await bureau.runNotifier();
    const calls = target.to(mobile);
    assert.equal(calls.length, 3, 'the third attempt after 2 more minutes');
    assert.equal(calls[2].status, 200);
    for (const call of calls) {
      assert.equal(String(call.body.delivery_id), id, 'the same delivery each time');
      assert.equal(call.body.text, first.body.text, 'the same text each time');
    }
    const got = await delivery(id);
    d = got.d;
    assert.equal(d.state, 'sent');
    assert.equal(d.attempts, 3);
    assert.ok(d.sent_at && !Number.isNaN(Date.parse(d.sent_at)), `sent_at: ${JSON.stringify(d)}`);
    assert.equal(Date.parse(d.sent_at), Date.parse(server.clock.iso()), 'sent at the third attempt');
    const values = Object.values(d).map(String);
    assert.ok(values.includes(masked(mobile)), `the recipient shown masked: ${JSON.stringify(d)}`);
    for (const b of got.bodies) assert.ok(!b.includes(mobile), 'the full mobile is nowhere in the delivery log');
    assert.ok(!got.bodies.join('').includes(c.name), "the citizen's name is nowhere in the delivery log");

    await bureau.runNotifier();
    bureau.advance(60);
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 3, 'a sent message is never sent again');
    const sent = await bureau.deliveries('state=sent');
    assert.ok(sent.items.some((x) => String(x.id) === id), 'state=sent lists it');
    const pending = await bureau.deliveries('state=pending');
    assert.ok(!pending.items.some((x) => String(x.id) === id), 'state=pending does not');
  });

  test('a target that always fails: six attempts with backoff 1, 2, 4, 8, 16 minutes, then failed, never tried again', async () => {
    const mobile = newMobile();
    target.down.add(mobile);
    await bureau.submit({ mobile });
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 1, 'attempt 1');
    const id = String(target.to(mobile)[0].body.delivery_id);
    const backoff = [1, 2, 4, 8, 16];
    for (let i = 0; i < backoff.length; i++) {
      const { d } = await delivery(id);
      assert.equal(d.state, 'pending', `after attempt ${i + 1}`);
      assert.equal(d.attempts, i + 1);
      assert.equal(minutesBetween(server.clock.iso(), d.next_attempt_at), backoff[i], `backoff after attempt ${i + 1}: ${d.next_attempt_at}`);
      if (backoff[i] > 1) {
        bureau.advance(backoff[i] - 1);
        await bureau.runNotifier();
        assert.equal(target.to(mobile).length, i + 1, `not retried a minute early (attempt ${i + 2})`);
        bureau.advance(1);
      } else {
        bureau.advance(1);
      }
      await bureau.runNotifier();
      assert.equal(target.to(mobile).length, i + 2, `attempt ${i + 2}`);
    }
    const { d, bodies } = await delivery(id);
    assert.equal(d.state, 'failed', 'failed after notifier_max_attempts');
    assert.equal(d.attempts, 6);
    assert.ok(String(d.last_error ?? '').length > 0, 'the last error is kept');
    for (const b of bodies) assert.ok(!b.includes(mobile), 'the full mobile is nowhere in the delivery log');
    bureau.advance(120);
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 6, 'a failed message is not tried again');
    const failed = await bureau.deliveries('state=failed');
    assert.ok(failed.items.some((x) => String(x.id) === id), 'state=failed lists it');
  });

  test('every change the citizen should know of enqueues a message: accepted, referred, replied, closed each reach the target', async () => {
    const mobile = newMobile();
    const c = await bureau.submit({ mobile });
    await bureau.runNotifier();
    const n0 = target.to(mobile).length;
    assert.equal(n0, 1, 'received');
    await bureau.do('keeper.jinshui', c.id, 'accept');
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 2, 'accepted');
    await bureau.do('keeper.jinshui', c.id, 'refer', { unit_id: bureau.unitA.id });
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 3, 'referred');
    await bureau.do('unit.a', c.id, 'unit-reply', { text: '已处理' });
    await bureau.do('keeper.jinshui', c.id, 'reply', { text: '已处理完毕' });
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 4, 'replied (the unit reply is not a message of its own)');
    await bureau.rate(c, 'satisfied');
    await bureau.runNotifier();
    assert.equal(target.to(mobile).length, 5, 'closed');
    const ids = new Set(target.to(mobile).map((x) => String(x.body.delivery_id)));
    assert.equal(ids.size, 5, 'one delivery per change');
  });

  test('POST /api/v1/notifier/run and GET /api/v1/notifier/deliveries are for administrators: staff → 403, anonymous → 401', async () => {
    assertProblem(await bureau.call('staff.jinshui', 'POST', '/api/v1/notifier/run', { body: {} }), { status: 403 }, 'run as staff');
    assertProblem(await bureau.call('staff.jinshui', 'GET', '/api/v1/notifier/deliveries'), { status: 403 }, 'deliveries as staff');
    assertProblem(await bureau.call(null, 'POST', '/api/v1/notifier/run', { body: {} }), { status: 401 }, 'run anonymous');
  });
});
