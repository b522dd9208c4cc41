// Attachments of a suggestion (docs/suggestions.md "Attachments"): real PDF and PNG files
// made here byte by byte; the declared Content-Type must agree with the bytes (415
// attachment_type); the size limit (413; the server runs with a small
// attachment_max_bytes); downloads by everyone who may see the suggestion give the same
// bytes with Content-Disposition: attachment and the file name; everyone else gets 404
// (401 without a sign-in); identical files are stored once under
// <data_dir>/attachments/ab/cd/<sha256>.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { assertProblem, simplify, tmpDir, type SimpleResponse } from './harness.ts';
import { expectStatus, type ClockedServer } from './accounts-fixtures.ts';
import { Desk, dispositionFilename, startSuggestionsServer, type Who } from './suggestions-fixtures.ts';

const MAX_BYTES = 64 * 1024;

let server: ClockedServer;
let desk: Desk;
let dataDir: string;
before(async () => {
  dataDir = tmpDir('huying-test-data-');
  server = await startSuggestionsServer({ args: ['--attachment-max-bytes', String(MAX_BYTES), '--data-dir', dataDir] });
  desk = await Desk.open(server);
});
after(async () => {
  if (server) {
    const exit = await server.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
  }
  if (dataDir && process.env.HYTEST_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// Files

/** A minimal valid one-page PDF (correct xref offsets); `padTo` grows it with a comment. */
function pdf(text = 'Huying', padTo = 0): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null, // the content stream, below
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 12 Tf 20 50 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  let buf = Buffer.from(out, 'latin1');
  if (padTo > buf.length) {
    // A comment line before the header would break the signature; pad after %%EOF.
    const pad = Buffer.alloc(padTo - buf.length, 0x20);
    pad[pad.length - 1] = 0x0a;
    buf = Buffer.concat([buf, pad]);
  }
  return buf;
}

/** A valid 2×2 RGB PNG (signature, IHDR, IDAT, IEND with their CRCs). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(who: Who, id: string, filename: string, contentType: string, bytes: Buffer, purpose = 'document'): Promise<SimpleResponse & { json?: any }> {
  const auth = await desk.auth(who);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (auth.session) {
    headers.cookie = auth.session.cookie;
    headers['x-csrf-token'] = auth.session.csrf;
  }
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  const qs = `filename=${encodeURIComponent(filename)}&purpose=${purpose}`;
  const res = await simplify(await fetch(`${server.url}/api/v1/suggestions/${id}/attachments?${qs}`, { method: 'POST', headers, body: new Uint8Array(bytes) }));
  let json: any;
  if (/json/.test(res.headers['content-type'] ?? '')) json = JSON.parse(res.body);
  return { ...res, json };
}

async function uploaded(who: Who, id: string, filename: string, contentType: string, bytes: Buffer, purpose = 'document'): Promise<any> {
  const res = await upload(who, id, filename, contentType, bytes, purpose);
  assert.ok([200, 201].includes(res.status), `upload ${filename} as ${who}: ${res.status} ${res.body.slice(0, 500)}`);
  const a = res.json;
  assert.equal(a.filename, filename);
  assert.equal(a.content_type, contentType);
  assert.equal(a.size, bytes.length);
  assert.equal(a.sha256, sha256(bytes));
  assert.equal(a.purpose, purpose);
  assert.ok(a.uploaded_at, 'uploaded_at');
  assert.ok(a.uploaded_by, 'uploaded_by');
  return a;
}

async function download(who: Who, attachmentId: string): Promise<SimpleResponse> {
  const auth = await desk.auth(who);
  const headers: Record<string, string> = {};
  if (auth.session) headers.cookie = auth.session.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  return simplify(await fetch(`${server.url}/api/v1/attachments/${attachmentId}`, { headers }));
}

// ---------------------------------------------------------------------------------------

const LEAD = 'deputy.henan';
const sid = (s: any) => String(s.id);

describe('attachments', () => {
  let item = '';
  let docPdf: any;
  let photo: any;
  let letter: any;
  const docBytes = pdf('Proposal');
  const photoBytes = png();
  const letterBytes = pdf('Answer letter');

  test('the lead uploads a real PDF to the draft; a unit uploads a PNG and the answer letter, which the answer cites', async () => {
    desk.day('2026-03-02');
    const d = await desk.draft({ cosigners: ['deputy.luoyang'] });
    item = sid(d);
    docPdf = await uploaded(LEAD, item, '调研报告.pdf', 'application/pdf', docBytes, 'document');
    await desk.do(LEAD, item, 'submit');
    await desk.do('staff.henan', item, 'register');
    let s = await desk.do('staff.henan', item, 'assign', desk.assignBody({ leadUnit: 'edu' }));
    const aid = desk.assignment(s, 'edu').id;
    await desk.do('handler.edu', item, 'accept', { assignment_id: aid });
    photo = await uploaded('handler.edu', item, '现场照片.png', 'image/png', photoBytes, 'photo');
    letter = await uploaded('head.edu', item, '答复函.pdf', 'application/pdf', letterBytes, 'answer_letter');
    await desk.do('handler.edu', item, 'record-contact', { ...desk.contactBody(), assignment_id: aid });
    s = await desk.do('head.edu', item, 'answer', { ...desk.answerBody('A'), assignment_id: aid, attachment_id: letter.id });
    assert.equal(String(s.answers[0].attachment_id), String(letter.id), 'the answer cites its letter');

    const list = await desk.call(LEAD, 'GET', `/api/v1/suggestions/${item}/attachments`);
    expectStatus(list, 200, 'list attachments');
    const items = list.json.items ?? list.json;
    assert.ok(Array.isArray(items), `a list: ${list.body.slice(0, 300)}`);
    assert.deepEqual(
      items.map((a: any) => String(a.id)).sort(),
      [docPdf.id, photo.id, letter.id].map(String).sort(),
      'all three are listed',
    );
    for (const a of items) assert.match(a.sha256, /^[0-9a-f]{64}$/);
  });

  test('everyone who may see the suggestion downloads the same bytes with Content-Disposition: attachment', async () => {
    for (const who of [LEAD, 'deputy.luoyang', 'staff.henan', 'handler.edu', 'head.edu']) {
      for (const [a, bytes, type, name] of [
        [docPdf, docBytes, 'application/pdf', '调研报告.pdf'],
        [photo, photoBytes, 'image/png', '现场照片.png'],
        [letter, letterBytes, 'application/pdf', '答复函.pdf'],
      ] as const) {
        const res = await download(who, a.id);
        assert.equal(res.status, 200, `${who} downloads ${name}: ${res.status} ${res.body.slice(0, 300)}`);
        assert.ok(res.bytes.equals(bytes), `${who}: the same bytes of ${name}`);
        assert.match(res.headers['content-type'] ?? '', new RegExp(`^${type.replace('/', '\\/')}\\b`), `${name}: content-type`);
        const cd = res.headers['content-disposition'];
        assert.match(cd ?? '', /^attachment\b/i, `${name}: Content-Disposition ${cd}`);
        assert.equal(dispositionFilename(cd), name, `${name}: the file name in ${cd}`);
      }
    }
  });

  test('outsiders cannot download or list: a unit without an assignment, a city deputy, another congress\'s staff → 404; anonymous → 401', async () => {
    for (const who of ['handler.health', 'deputy.zhengzhou', 'staff.zhongyuan']) {
      for (const a of [docPdf, photo, letter]) assertProblem(await download(who, a.id), { status: 404 }, `${who} downloads ${a.filename}`);
      assertProblem(await desk.call(who, 'GET', `/api/v1/suggestions/${item}/attachments`), { status: 404 }, `${who} lists`);
      const up = await upload(who, item, '夹带.pdf', 'application/pdf', pdf('intruder'));
      assertProblem(up, { status: 404 }, `${who} uploads`);
    }
    for (const a of [docPdf, photo, letter]) assertProblem(await download(null, a.id), { status: 401 }, `anonymous downloads ${a.filename}`);
    assertProblem(await upload(null, item, 'x.pdf', 'application/pdf', pdf('anon')), { status: 401 }, 'anonymous uploads');
    assertProblem(await download('handler.edu', '999999999'), { status: 404 }, 'an attachment that does not exist');
  });

  test('bytes that are not what Content-Type claims → 415 attachment_type', async () => {
    desk.day('2026-03-02');
    const d = await desk.draft();
    const id = sid(d);
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>\n');
    const cases: Array<[string, string, Buffer]> = [
      ['图片.pdf', 'application/pdf', png()],
      ['网页.pdf', 'application/pdf', html],
      ['文档.png', 'image/png', pdf('not a png')],
      ['照片.jpg', 'image/jpeg', png()],
      ['说明.txt', 'text/plain', Buffer.from('纯文本说明\n')],
      ['网页.html', 'text/html', html],
    ];
    for (const [name, type, bytes] of cases) {
      assertProblem(await upload(LEAD, id, name, type, bytes), { status: 415, code: 'attachment_type' }, `${name} as ${type}`);
    }
    const list = await desk.call(LEAD, 'GET', `/api/v1/suggestions/${id}/attachments`);
    expectStatus(list, 200, 'list');
    assert.deepEqual(list.json.items ?? list.json, [], 'nothing was stored');
  });

  test(`over attachment_max_bytes (${MAX_BYTES}) → 413; exactly the limit is accepted`, async () => {
    desk.day('2026-03-02');
    const d = await desk.draft();
    const id = sid(d);
    const over = pdf('big', MAX_BYTES + 1);
    assert.equal(over.length, MAX_BYTES + 1);
    assertProblem(await upload(LEAD, id, '过大.pdf', 'application/pdf', over), { status: 413 }, 'one byte over');
    const atLimit = pdf('limit', MAX_BYTES);
    assert.equal(atLimit.length, MAX_BYTES);
    const a = await uploaded(LEAD, id, '正好.pdf', 'application/pdf', atLimit);
    const res = await download(LEAD, a.id);
    assert.ok(res.bytes.equals(atLimit), 'the same bytes back');
  });

  test('an unknown purpose → 422', async () => {
    desk.day('2026-03-02');
    const d = await desk.draft();
    const res = await upload(LEAD, sid(d), 'a.pdf', 'application/pdf', pdf('p'), 'selfie');
    assertProblem(res, { status: 422 }, 'purpose selfie');
  });

  test('identical files are stored once under <data_dir>/attachments/ab/cd/<sha256>', async () => {
    desk.day('2026-03-02');
    const bytes = pdf('stored once');
    const h = sha256(bytes);
    const a = await uploaded(LEAD, sid(await desk.draft()), '同一文件.pdf', 'application/pdf', bytes);
    const b = await uploaded(LEAD, sid(await desk.draft()), '同一文件副本.pdf', 'application/pdf', bytes);
    assert.notEqual(String(a.id), String(b.id), 'two attachments');
    const file = path.join(dataDir, 'attachments', h.slice(0, 2), h.slice(2, 4), h);
    assert.ok(existsSync(file), `${file} exists`);
    assert.ok(readFileSync(file).equals(bytes), 'the stored bytes');
    for (const x of [a, b]) assert.ok((await download(LEAD, x.id)).bytes.equals(bytes));
  });
});
