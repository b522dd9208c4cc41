// Citizens' personal data (docs/opinions.md "Personal data", DOMAIN.md §4): the name and
// mobile are masked (张*, 138****1234) for everyone in every item, list, timeline and export —
// staff, leaders and the referred unit, and the keeper and the addressed deputy too — and the
// tracking code is masked to its last 2 characters except for the keeper and the deputy;
// the keeper of another station cannot see the opinion at all; only the station's keeper
// and the addressed deputy read the contact unmasked through /contact, every read audited as
// opinion.contact_view (403 and no audit row for staff, leaders, units); the public list of
// published opinions holds only those the citizen agreed to publish and never personal data;
// the server's log (the log notifier included) never holds the full mobile or name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem } from './harness.ts';
import { auditRows, expectStatus, masked, type ClockedServer } from './accounts-fixtures.ts';
import { readSheet } from './xlsx-fixture.ts';
import {
  Bureau,
  assertMaskedCitizen,
  assertMaskedCode,
  assertNoClearContact,
  startOpinionsServer,
  type Case,
} from './opinions-fixtures.ts';

let server: ClockedServer;
let bureau: Bureau;
/** Addressed to deputy A at station 1, referred to unit A. */
let c: Case;
before(async () => {
  server = await startOpinionsServer();
  bureau = await Bureau.open(server);
  c = await bureau.referred({ channel: 'qr', deputy_id: bureau.deputyA.mandateId, station_id: undefined });
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

const MAY_NOT_SEE = [
  ['staff.jinshui', 'box=congress'],
  ['leader.jinshui', 'box=congress'],
  ['unit.a', 'box=unit'],
] as const;
const HANDLERS = [
  ['keeper.jinshui', 'box=station'],
  ['deputy.a', 'box=mine'],
] as const;

describe('masking', () => {
  for (const [who, box] of MAY_NOT_SEE) {
    test(`${who}: citizen masked (张*, 138****1234) and tracking code masked to its last 2 characters in the item, the ${box} list and the timeline`, async () => {
      const res = await bureau.getRes(c.id, who);
      expectStatus(res, 200, `GET as ${who}`);
      assertMaskedCitizen(res.body, res.json, c.name, c.mobile, `item as ${who}`);
      assertMaskedCode(res.body, res.json, c.code, `item as ${who}`);
      const list = await bureau.call(who, 'GET', `/api/v1/opinions?${box}&page_size=100&q=${encodeURIComponent(c.title)}`);
      expectStatus(list, 200, `list as ${who}`);
      const row = list.json.items.find((o: any) => String(o.id) === c.id);
      assert.ok(row, `${who} finds it in ${box}`);
      assertMaskedCitizen(list.body, row, c.name, c.mobile, `list as ${who}`);
      assertMaskedCode(list.body, row, c.code, `list as ${who}`);
      const tl = await bureau.call(who, 'GET', `/api/v1/opinions/${c.id}/timeline`);
      expectStatus(tl, 200, `timeline as ${who}`);
      assertNoClearContact(tl.body, c.name, c.mobile, `timeline as ${who}`);
    });
  }

  for (const [who, box] of HANDLERS) {
    test(`${who}: citizen masked in the item and the ${box} list too, the full tracking code shown`, async () => {
      const res = await bureau.getRes(c.id, who);
      expectStatus(res, 200, `GET as ${who}`);
      assertMaskedCitizen(res.body, res.json, c.name, c.mobile, `item as ${who}`);
      assert.equal(res.json.tracking_code, c.code, `${who} sees the full code`);
      const rows = await bureau.list(who, box);
      const row = rows.find((o) => String(o.id) === c.id);
      assert.ok(row, `${who} finds it in ${box}`);
      assertMaskedCitizen(JSON.stringify(rows), row, c.name, c.mobile, `list as ${who}`);
    });
  }

  test('the keeper of another station cannot see the opinion: 404 on the item and /contact', async () => {
    const res = await bureau.getRes(c.id, 'keeper.other');
    assertProblem(res, { status: 404 }, 'item as the other keeper');
    assertNoClearContact(res.body, c.name, c.mobile, 'the 404');
    assertProblem(await bureau.call('keeper.other', 'GET', `/api/v1/opinions/${c.id}/contact`), { status: 404 }, '/contact as the other keeper');
  });
});

describe('/contact', () => {
  test('the station keeper and the addressed deputy read the contact unmasked, each read audited as opinion.contact_view; staff, leader and unit → 403, not audited', async () => {
    const rowsFor = async () => (await auditRows(server, { action: 'opinion.contact_view' })).filter((r) => String(r.record_id) === c.id);
    assert.equal((await rowsFor()).length, 0, 'no contact read yet');
    for (const who of ['keeper.jinshui', 'deputy.a']) {
      bureau.advance(1);
      const res = await bureau.call(who, 'GET', `/api/v1/opinions/${c.id}/contact`);
      expectStatus(res, 200, `/contact as ${who}`);
      assert.equal(res.json.name, c.name, `${who}: the full name`);
      assert.equal(res.json.mobile, c.mobile, `${who}: the full mobile`);
    }
    for (const who of ['staff.jinshui', 'leader.jinshui', 'unit.a']) {
      const res = await bureau.call(who, 'GET', `/api/v1/opinions/${c.id}/contact`);
      assertProblem(res, { status: 403 }, `/contact as ${who}`);
      assertNoClearContact(res.body, c.name, c.mobile, `the 403 to ${who}`);
    }
    const rows = await rowsFor();
    assert.equal(rows.length, 2, `one audit row per unmasked read, none for refusals: ${JSON.stringify(rows)}`);
    const keeper = (await bureau.as('keeper.jinshui')).user;
    const deputy = (await bureau.as('deputy.a')).user;
    const actors = rows.map((r) => String(r.actor)).sort();
    assert.deepEqual(actors, [`user:${deputy.id}`, `user:${keeper.id}`].sort(), 'the readers are named');
    for (const r of rows) assertNoClearContact(JSON.stringify(r), c.name, c.mobile, 'the audit row');
  });

  test('staff of the congress read the contact reads of their congress in the audit trail', async () => {
    const rows = (await auditRows(server, { action: 'opinion.contact_view' }, { session: await bureau.as('staff.jinshui') })).filter((r) => String(r.record_id) === c.id);
    assert.ok(rows.length >= 2, `staff see the contact reads: ${JSON.stringify(rows)}`);
  });
});

describe('export', () => {
  for (const [who, box] of [['staff.jinshui', 'congress'], ['keeper.jinshui', 'station']] as const) {
    test(`GET /api/v1/opinions/export?box=${box} as ${who} → a real .xlsx with the citizen masked`, async () => {
      const res = await bureau.call(who, 'GET', `/api/v1/opinions/export?box=${box}`);
      expectStatus(res, 200, `export as ${who}`);
      assert.match(res.headers['content-type'] ?? '', /spreadsheetml|application\/vnd\.openxmlformats/, `content type ${res.headers['content-type']}`);
      assert.equal(res.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip');
      const rows = readSheet(res.bytes);
      const row = rows.find((r) => r.includes(c.title));
      assert.ok(row, `the opinion's row in the export: ${JSON.stringify(rows.slice(0, 3))}`);
      const all = rows.flat().join('\n');
      assert.ok(!all.includes(c.mobile), 'no full mobile in the export');
      assert.ok(!all.includes(c.name), 'no full name in the export');
      assert.ok(!res.bytes.includes(Buffer.from(c.mobile)), 'no full mobile in the file bytes');
      assert.ok(row.includes(masked(c.mobile)), `the masked mobile in the row: ${JSON.stringify(row)}`);
    });
  }
});

describe('the public list of published opinions', () => {
  test('GET /api/v1/public/opinions?station_id= lists only opinions the citizen agreed to publish, with title, content, category_label, station_name, state, answer, received_at and nothing personal', async () => {
    const published = await bureau.answeredOnSpot({ publish: true });
    const privateOne = await bureau.answeredOnSpot({ publish: false });
    const items: any[] = [];
    const bodies: string[] = [];
    for (let page = 1; page <= 50; page++) {
      const res = await bureau.call(null, 'GET', `/api/v1/public/opinions?station_id=${bureau.station.id}&page=${page}`);
      expectStatus(res, 200, 'public list');
      assert.ok(Array.isArray(res.json.items), 'items');
      items.push(...res.json.items);
      bodies.push(res.body);
      if (res.json.items.length === 0 || (res.json.total !== undefined && items.length >= res.json.total)) break;
    }
    const allowed = ['title', 'content', 'category_label', 'station_name', 'state', 'answer', 'received_at'];
    for (const it of items) {
      const extra = Object.keys(it).filter((k) => !allowed.includes(k));
      assert.deepEqual(extra, [], `only the published fields: ${JSON.stringify(it)}`);
    }
    assert.ok(items.some((it) => it.title === published.title), 'the published opinion is listed');
    assert.ok(!items.some((it) => it.title === privateOne.title), 'the unpublished opinion is not');
    assert.ok(!items.some((it) => it.title === c.title), 'the referred, unpublished opinion is not');
    const body = bodies.join('\n');
    for (const x of [published, privateOne]) {
      assertNoClearContact(body, x.name, x.mobile, 'public list');
      assert.ok(!body.includes(masked(x.mobile)), 'not even the masked mobile');
      assert.ok(!body.includes(x.code), 'no tracking code');
    }
  });
});

describe('logs', () => {
  test("the server's log (the log notifier's messages included) never holds a citizen's full mobile or name", async () => {
    const other = await bureau.answeredOnSpot();
    await bureau.runNotifier();
    await bureau.call('keeper.jinshui', 'GET', `/api/v1/opinions/${other.id}/contact`);
    assert.ok(server.logs.some((l) => l.raw.includes(masked(other.mobile))), 'the log notifier wrote its message, with the mobile masked');
    for (const x of [c, other]) {
      const hits = server.logs.filter((l) => l.raw.includes(x.mobile) || l.raw.includes(x.name));
      assert.deepEqual(hits.map((l) => l.raw), [], `log lines with ${x.mobile} / ${x.name}`);
    }
  });
});
