// Submitting citizens' opinions (docs/opinions.md "An opinion", "Channels"): the public
// form (201 with a random tracking code XXXX-XXXX-XX from the unambiguous alphabet, never
// sequential), one test per bad input with the problem's pointer (empty title,
// whitespace-only content, 5 001 Chinese characters, bad mobiles, invalid UTF-8 sent as raw
// bytes), HTML stored and returned verbatim as text, attachments (real PNG / PDF accepted;
// over the size limit 413, bytes that disagree with the declared type 415, five of them
// 422), the address (neither station nor deputy, unknown station), the flood limit per
// client address (429 + Retry-After, on a server with --opinion-limit-per-address 3), the QR
// channel addressed to a deputy, the keeper registering a phone call and the 12345 hotline
// posting with an API token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, createToken } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import {
  Bureau,
  OPINION_SERVER_FLAGS,
  TRACKING_CODE_RE,
  addWorkingDays,
  assertMaskedCitizen,
  assertOpinionActions,
  assertPointer,
  attachment,
  codeValue,
  exe,
  html,
  pdf,
  png,
  postRaw,
  startOpinionsServer,
} from './opinions-fixtures.ts';

const MAX_ATTACHMENT = 64 * 1024;

let server: ClockedServer;
let bureau: Bureau;
before(async () => {
  server = await startOpinionsServer({ flags: { '--opinion-attachment-max-bytes': String(MAX_ATTACHMENT) } });
  bureau = await Bureau.open(server);
});
after(async () => {
  if (!server) return;
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

describe('the public form', () => {
  test('a complete submission → 201 {tracking_code XXXX-XXXX-XX from 23456789ABCDEFGHJKMNPQRSTUVWXYZ, state received, received_at, accept_due = today + 3 working days}', async () => {
    const body = bureau.body();
    const res = await bureau.submitRes(body);
    expectStatus(res, 201, 'POST /api/v1/public/opinions');
    assert.match(res.json.tracking_code, TRACKING_CODE_RE, 'tracking code format');
    assert.equal(res.json.state, 'received');
    assert.ok(!Number.isNaN(Date.parse(res.json.received_at)), `received_at is an instant: ${res.json.received_at}`);
    assert.equal(res.json.accept_due, addWorkingDays(bureau.today(), 3), 'accept_due = received on + 3 working days');
    assert.ok(!res.body.includes(body.mobile) && !res.body.includes(body.name), 'the answer repeats no personal data');
    await bureau.processIntake();
    const item = await bureau.findByCode(res.json.tracking_code, body.title);
    assert.equal(item.title, body.title);
    assert.equal(item.content, body.content);
    assert.equal(item.channel, 'online');
    assert.equal(item.category, 'urban');
    assert.equal(String(item.station?.id), bureau.station.id);
    assert.equal(String(item.congress_id), bureau.congress);
    assert.equal(item.state, 'received');
  });

  test('two submissions get different codes, and codes are random, not sequential', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await bureau.submitRes(bureau.body());
      expectStatus(res, 201, `submission ${i}`);
      codes.push(res.json.tracking_code);
    }
    assert.equal(new Set(codes).size, codes.length, `all codes differ: ${codes}`);
    const values = codes.map(codeValue);
    for (let i = 1; i < values.length; i++) {
      const diff = values[i] > values[i - 1] ? values[i] - values[i - 1] : values[i - 1] - values[i];
      assert.ok(diff > 1_000_000n, `codes ${codes[i - 1]} and ${codes[i]} are far apart (not a counter): diff ${diff}`);
    }
    const increasing = values.every((v, i) => i === 0 || v > values[i - 1]);
    assert.ok(!increasing, `six codes in a row are not increasing: ${codes}`);
  });

  test('a PNG and a PDF attachment are kept with their names, types and sizes and download as the same bytes', async () => {
    const p = png();
    const d = pdf('opinion');
    const c = await bureau.submit({ attachments: [attachment('路灯照片.png', 'image/png', p), attachment('情况说明.pdf', 'application/pdf', d)] });
    const item = await bureau.get(c.id);
    assert.equal(item.attachments?.length, 2, `two attachments: ${JSON.stringify(item.attachments)}`);
    const byName = new Map(item.attachments.map((a: any) => [a.filename, a]));
    for (const [name, type, bytes] of [['路灯照片.png', 'image/png', p], ['情况说明.pdf', 'application/pdf', d]] as const) {
      const a: any = byName.get(name);
      assert.ok(a, `attachment ${name}`);
      assert.equal(a.content_type, type);
      assert.equal(a.size, bytes.length);
      const dl = await bureau.call('keeper.jinshui', 'GET', `/api/v1/attachments/${a.id}`);
      expectStatus(dl, 200, `GET /api/v1/attachments/${a.id} as the keeper`);
      assert.ok(dl.bytes.equals(bytes), `${name} downloads as the bytes sent`);
    }
  });

  test('an attachment of exactly opinion_attachment_max_bytes is accepted', async () => {
    const res = await bureau.submitRes(bureau.body({ attachments: [attachment('大图.png', 'image/png', png(MAX_ATTACHMENT))] }));
    expectStatus(res, 201, 'attachment at the limit');
  });

  test('HTML and script in title and content are stored and returned verbatim as text', async () => {
    const title = '<b>路灯</b> & "坏了" <img src=x onerror=alert(1)>';
    const content = '<script>alert("xss")</script>\n<a href="javascript:alert(1)">点我</a> &amp; &lt;不是实体&gt; 路灯不亮';
    const c = await bureau.submit({ title, content });
    const page = await bureau.track(c);
    assert.equal(page.title, title, 'title returned exactly as sent');
    assert.equal(page.content, content, 'content returned exactly as sent (no escaping, no stripping)');
    const item = await bureau.get(c.id);
    assert.equal(item.title, title);
    assert.equal(item.content, content);
  });

  test('text is trimmed: surrounding whitespace is not stored', async () => {
    const b = bureau.body();
    const c = await bureau.submit({ title: `  ${b.title}\n`, content: `\n\t${b.content}  ` });
    const item = await bureau.get(c.id);
    assert.equal(item.title, b.title);
    assert.equal(item.content, b.content);
  });

  test('content of exactly 5 000 Chinese characters is accepted (characters, not bytes)', async () => {
    const content = '路'.repeat(5000);
    const c = await bureau.submit({ content });
    const item = await bureau.get(c.id);
    assert.equal([...item.content].length, 5000);
  });
});

describe('bad input: 422 problem naming the field', () => {
  test('empty title → 422 /title', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ title: '' })), '/title', 'empty title');
  });

  test('title of 101 characters → 422 /title', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ title: '灯'.repeat(101) })), '/title', 'title of 101 characters');
  });

  test('whitespace-only content → 422 /content', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ content: ' \t\n  \r\n ' })), '/content', 'whitespace-only content');
  });

  test('content of 5 001 Chinese characters → 422 /content', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ content: '路'.repeat(5001) })), '/content', '5001 characters');
  });

  test('empty name → 422 /name', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ name: '   ' })), '/name', 'blank name');
  });

  test('mobile of 10 digits → 422 /mobile', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ mobile: '1381234567' })), '/mobile', '10 digits');
  });

  test('mobile with letters → 422 /mobile', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ mobile: '138abcd1234' })), '/mobile', 'letters');
  });

  test('mobile 12345678901 (second digit not 3-9) → 422 /mobile', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ mobile: '12345678901' })), '/mobile', 'bad prefix');
  });

  test('invalid UTF-8 inside the content string (raw bytes C3 28 and a lone FF) → 422 /content', async () => {
    const body = bureau.body();
    const json = JSON.stringify({ ...body, content: '@@BAD@@' });
    const [before_, after_] = json.split('@@BAD@@');
    const bytes = Buffer.concat([
      Buffer.from(before_, 'utf8'),
      Buffer.from('路灯不亮', 'utf8'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('请维修', 'utf8'),
      Buffer.from(after_, 'utf8'),
    ]);
    const res = await postRaw(server, '/api/v1/public/opinions', bytes);
    assertPointer(res, '/content', 'invalid UTF-8 in content');
    assert.ok(!('tracking_code' in (res.json ?? {})), 'no tracking code');
  });

  test('invalid UTF-8 inside the title string (a truncated 3-byte sequence E8 B7) → 422 /title', async () => {
    const json = JSON.stringify({ ...bureau.body(), title: '@@BAD@@' });
    const [before_, after_] = json.split('@@BAD@@');
    const bytes = Buffer.concat([Buffer.from(before_ + '路灯', 'utf8'), Buffer.from([0xe8, 0xb7]), Buffer.from(after_, 'utf8')]);
    assertPointer(await postRaw(server, '/api/v1/public/opinions', bytes), '/title', 'invalid UTF-8 in title');
  });

  test('location over 200 characters → 422 /location', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ location: '经'.repeat(201) })), '/location', 'location of 201 characters');
  });

  test('a public submission by phone channel → 422 /channel (the public form is online or qr)', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ channel: 'phone' })), '/channel', 'public channel phone');
  });

  test('unknown category → 422 /category', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ category: 'no_such_category' })), '/category', 'unknown category');
  });

  test('neither station nor deputy → 422 naming /station_id or /deputy_id', async () => {
    const b = bureau.body();
    delete b.station_id;
    assertPointer(await bureau.submitRes(b), ['/station_id', '/deputy_id'], 'no addressee');
  });

  test('unknown station → 422 /station_id', async () => {
    assertPointer(await bureau.submitRes(bureau.body({ station_id: '99999999' })), '/station_id', 'unknown station');
  });

  test('unknown deputy → 422 /deputy_id', async () => {
    const b = bureau.body({ channel: 'qr', deputy_id: '99999999' });
    delete b.station_id;
    assertPointer(await bureau.submitRes(b), '/deputy_id', 'unknown deputy');
  });
});

describe('attachments', () => {
  test('an attachment one byte over opinion_attachment_max_bytes → 413 problem', async () => {
    const res = await bureau.submitRes(bureau.body({ attachments: [attachment('大图.png', 'image/png', png(MAX_ATTACHMENT + 1))] }));
    assertProblem(res, { status: 413 }, 'oversized attachment');
    assert.ok(!('tracking_code' in (res.json ?? {})));
  });

  test('an HTML page declared image/png → 415 problem', async () => {
    const res = await bureau.submitRes(bureau.body({ attachments: [attachment('photo.png', 'image/png', html())] }));
    assertProblem(res, { status: 415 }, 'HTML as image/png');
  });

  test('a Windows executable declared image/png → 415 problem', async () => {
    const res = await bureau.submitRes(bureau.body({ attachments: [attachment('photo.png', 'image/png', exe())] }));
    assertProblem(res, { status: 415 }, 'EXE as image/png');
  });

  test('a PNG declared application/pdf → 415 problem', async () => {
    const res = await bureau.submitRes(bureau.body({ attachments: [attachment('说明.pdf', 'application/pdf', png())] }));
    assertProblem(res, { status: 415 }, 'PNG as PDF');
  });

  test('five attachments (more than 4) → 422 /attachments', async () => {
    const five = [1, 2, 3, 4, 5].map((i) => attachment(`照片${i}.png`, 'image/png', png()));
    assertPointer(await bureau.submitRes(bureau.body({ attachments: five })), ['/attachments', '/attachments/4'], 'five attachments');
  });

  test('four attachments are accepted', async () => {
    const four = [1, 2, 3, 4].map((i) => attachment(`照片${i}.png`, 'image/png', png()));
    expectStatus(await bureau.submitRes(bureau.body({ attachments: four })), 201, 'four attachments');
  });

  test('attachment data that is not base64 → 422 naming the attachment', async () => {
    const res = await bureau.submitRes(bureau.body({ attachments: [{ filename: 'a.png', content_type: 'image/png', data_base64: '这不是base64!!' }] }));
    assertPointer(res, ['/attachments/0/data_base64', '/attachments/0', '/attachments'], 'bad base64');
  });
});

describe('channels', () => {
  test('QR code (代表码): deputy_id only → 201; the opinion is addressed to the deputy and belongs to the deputy\'s station', async () => {
    const b = bureau.body({ channel: 'qr', deputy_id: bureau.deputyA.mandateId });
    delete b.station_id;
    const res = await bureau.submitRes(b);
    expectStatus(res, 201, 'QR submission');
    assert.match(res.json.tracking_code, TRACKING_CODE_RE);
    await bureau.processIntake();
    const item = await bureau.findByCode(res.json.tracking_code, b.title);
    assert.equal(item.channel, 'qr');
    assert.equal(String(item.deputy?.id), bureau.deputyA.mandateId, 'deputy.id = the mandate');
    assert.equal(item.deputy?.name, bureau.deputyA.name);
    assert.equal(String(item.station?.id), bureau.station.id, "the deputy's first station");
    const mine = await bureau.list('deputy.a', 'box=mine');
    const seen = mine.find((o) => String(o.id) === String(item.id));
    assert.ok(seen, "in the deputy's box=mine");
    assert.equal(seen.tracking_code, res.json.tracking_code, 'the deputy sees the full code');
    const other = await bureau.list('deputy.b', 'box=mine');
    assert.ok(!other.some((o) => String(o.id) === String(item.id)), "not in another deputy's box");
  });

  test('the station keeper registers a phone opinion: POST /api/v1/opinions → 201 the opinion (channel phone, received, masked citizen, full code)', async () => {
    const b = bureau.body({ channel: 'phone' });
    const res = await bureau.registerRes('keeper.jinshui', b);
    expectStatus(res, 201, 'keeper registers by phone');
    const o = res.json;
    assert.equal(o.channel, 'phone');
    assert.equal(o.state, 'received');
    assert.equal(String(o.station?.id), bureau.station.id);
    assert.match(o.tracking_code, TRACKING_CODE_RE, 'the keeper sees the full code');
    assertMaskedCitizen(res.body, o, b.name, b.mobile, 'registered opinion');
    assertOpinionActions(o, 'received, as the keeper', ['accept', 'reject']);
    assert.equal(o.accept_due, addWorkingDays(bureau.today(), 3));
    const page = await bureau.track({ code: o.tracking_code, last4: b.mobile.slice(-4) });
    assert.equal(page.state, 'received', 'the citizen can track it');
  });

  test('the keeper registers a letter → 201', async () => {
    const res = await bureau.registerRes('keeper.jinshui', bureau.body({ channel: 'letter' }));
    expectStatus(res, 201, 'letter');
    assert.equal(res.json.channel, 'letter');
  });

  test('the keeper of another station may not register an opinion for station 1 (404 or 403)', async () => {
    const res = await bureau.registerRes('keeper.other', bureau.body({ channel: 'phone' }));
    assert.ok([403, 404].includes(res.status), `keeper of another station registering for station 1: ${res.status} ${res.body.slice(0, 300)}`);
  });

  test('the 12345 hotline: an API token of role station_keeper (scope the station) posts channel hotline → 201', async () => {
    const token = await createToken(server.dbUrl, 'hotline-12345', 'station_keeper', ['--scope', bureau.station.id, '--clock-file', server.clock.file]);
    bureau.addToken('hotline', token);
    const b = bureau.body({ channel: 'hotline' });
    const res = await bureau.registerRes('hotline', b);
    expectStatus(res, 201, 'hotline token');
    assert.equal(res.json.channel, 'hotline');
    assert.equal(res.json.state, 'received');
    assert.equal(String(res.json.station?.id), bureau.station.id);
  });

  test('the 12345 hotline with a staff token (scope the congress) posts channel hotline → 201', async () => {
    const token = await createToken(server.dbUrl, 'hotline-staff', 'staff', ['--scope', bureau.congress, '--clock-file', server.clock.file]);
    bureau.addToken('hotline.staff', token);
    const res = await bureau.registerRes('hotline.staff', bureau.body({ channel: 'hotline' }));
    expectStatus(res, 201, 'hotline staff token');
    assert.equal(res.json.channel, 'hotline');
  });

  test('POST /api/v1/opinions without a sign-in → 401', async () => {
    assertProblem(await bureau.registerRes(null, bureau.body({ channel: 'phone' })), { status: 401 }, 'anonymous workbench registration');
  });
});

describe('flood from one address', () => {
  test('opinion_limit_per_address 3: the 4th submission within the hour → 429 rate_limited with Retry-After, nothing stored; an hour later accepted again', async () => {
    const s = await startOpinionsServer({ flags: { '--opinion-limit-per-address': '3' } });
    try {
      const b = await Bureau.open(s);
      const tag = `洪水${Date.now().toString(36)}`;
      for (let i = 1; i <= 3; i++) {
        b.advance(1);
        expectStatus(await b.submitRes(b.body({ title: `${tag} 第${i}条` })), 201, `submission ${i}`);
      }
      b.advance(1);
      const res = await b.submitRes(b.body({ title: `${tag} 第4条` }));
      const p = assertProblem(res, { status: 429, code: 'rate_limited' }, '4th submission');
      assert.ok(!('tracking_code' in p), 'no tracking code');
      const ra = res.headers['retry-after'];
      assert.match(ra ?? '', /^\d+$/, `Retry-After in seconds: ${ra}`);
      assert.ok(Number(ra) >= 1 && Number(ra) <= 3600, `Retry-After within the hour: ${ra}`);
      await b.processIntake();
      const stored = (await b.list('keeper.jinshui', `box=station&q=${encodeURIComponent(tag)}`)).filter((o) => o.title.startsWith(tag));
      assert.equal(stored.length, 3, `three stored, the refused one not: ${stored.map((o) => o.title)}`);
      b.advance(61);
      expectStatus(await b.submitRes(b.body({ title: `${tag} 一小时后` })), 201, 'an hour later');
    } finally {
      const exit = await s.stop();
      assert.deepEqual(exit, { code: 0, signal: null });
    }
  });
});
