// Static files of the SPA: MIME types, ETag/304, long caching of hashed assets,
// precompressed .br/.gz, SPA fallback to index.html, and no path traversal.
// Uses its own web root, so it does not depend on the web build.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  assertProblem,
  rawRequest,
  request,
  requestHead,
  startServer,
  tmpDir,
  type TestServer,
} from './harness.ts';

const INDEX = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>呼应</title></head><body><div id="app"></div><script type="module" src="/assets/index-BdVs5GQm.js"></script></body></html>\n';
const JS = `// app bundle\n${'console.log("呼应 人大代表履职服务平台");\n'.repeat(200)}`;
const CSS = `body{font-family:sans-serif}\n${'.x{color:red}\n'.repeat(100)}`;
const SECRET = 'TOP-SECRET-OUTSIDE-WEB-ROOT';

let server: TestServer;
let outer: string;
let root: string;
before(async () => {
  outer = tmpDir('huying-test-static-');
  writeFileSync(path.join(outer, 'secret.txt'), SECRET);
  root = path.join(outer, 'www');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  const files: Record<string, string | Buffer> = {
    'index.html': INDEX,
    'assets/index-BdVs5GQm.js': JS,
    'assets/index-BdVs5GQm.js.gz': zlib.gzipSync(JS),
    'assets/index-BdVs5GQm.js.br': zlib.brotliCompressSync(JS),
    'assets/index-Cx1yZ9aB.css': CSS,
    'assets/logo-D4e5F6g7.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'assets/font-A1b2C3d4.woff2': Buffer.from([0x77, 0x4f, 0x46, 0x32, 0, 0, 0, 0]),
    'assets/pic-E5f6G7h8.png': Buffer.from('89504e470d0a1a0a', 'hex'),
    'favicon.ico': Buffer.from([0, 0, 1, 0]),
    'manifest.json': '{"name":"呼应"}',
    'robots.txt': 'User-agent: *\n',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(root, name), content);
  server = await startServer({ webRoot: root });
});
after(async () => {
  const exit = await server?.stop();
  if (outer && process.env.HYTEST_KEEP !== '1') rmSync(outer, { recursive: true, force: true });
  if (server) assert.deepEqual(exit, { code: 0, signal: null });
});

describe('files and MIME types', () => {
  const types: Array<[string, RegExp]> = [
    ['/', /^text\/html\b/],
    ['/index.html', /^text\/html\b/],
    ['/assets/index-BdVs5GQm.js', /^(text|application)\/javascript\b/],
    ['/assets/index-Cx1yZ9aB.css', /^text\/css\b/],
    ['/assets/logo-D4e5F6g7.svg', /^image\/svg\+xml\b/],
    ['/assets/font-A1b2C3d4.woff2', /^font\/woff2\b/],
    ['/assets/pic-E5f6G7h8.png', /^image\/png\b/],
    ['/favicon.ico', /^image\/(x-icon|vnd\.microsoft\.icon)\b/],
    ['/manifest.json', /^application\/(manifest\+)?json\b/],
    ['/robots.txt', /^text\/plain\b/],
  ];
  for (const [p, re] of types) {
    test(`GET ${p} → 200 ${re.source}`, async () => {
      const res = await request(server, p, { headers: { 'accept-encoding': 'identity' } });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', re);
    });
  }

  test('GET / serves index.html verbatim', async () => {
    const res = await request(server, '/', { headers: { 'accept-encoding': 'identity' } });
    assert.equal(res.body, INDEX);
    assert.match(res.headers['content-type'] ?? '', /charset=utf-8/i);
    assert.ok(res.headers['x-request-id'], 'static responses carry X-Request-Id too');
  });

  test('HEAD on a file: headers, no body', async () => {
    const res = await rawRequest(server.port, requestHead('HEAD', '/assets/index-Cx1yZ9aB.css', { Connection: 'close' }), { head: true });
    assert.equal(res.status, 200);
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(CSS));
    assert.equal(res.bytes.length, 0);
  });
});

describe('caching', () => {
  test('hashed assets are cached long (immutable), index.html is revalidated', async () => {
    const asset = await request(server, '/assets/index-Cx1yZ9aB.css');
    const cc = asset.headers['cache-control'] ?? '';
    const maxAge = Number(/max-age=(\d+)/.exec(cc)?.[1] ?? 0);
    assert.ok(maxAge >= 30 * 24 * 3600, `hashed asset Cache-Control "${cc}"`);
    const index = await request(server, '/');
    const icc = index.headers['cache-control'] ?? '';
    assert.doesNotMatch(icc, /immutable/, `index.html Cache-Control "${icc}"`);
    const imax = Number(/max-age=(\d+)/.exec(icc)?.[1] ?? 0);
    assert.ok(/no-cache|no-store/.test(icc) || imax <= 600, `index.html must not be cached long: "${icc}"`);
  });

  test('ETag + If-None-Match → 304 without a body', async () => {
    const first = await request(server, '/assets/index-Cx1yZ9aB.css');
    const etag = first.headers['etag'];
    assert.ok(etag, 'ETag');
    const res = await rawRequest(
      server.port,
      requestHead('GET', '/assets/index-Cx1yZ9aB.css', { 'If-None-Match': etag, Connection: 'close' }),
    );
    assert.equal(res.status, 304);
    assert.equal(res.bytes.length, 0);
    assert.equal(res.headers['etag'], etag);
    const other = await request(server, '/assets/index-Cx1yZ9aB.css', { headers: { 'if-none-match': '"something-else"' } });
    assert.equal(other.status, 200);
  });

  test('index.html has an ETag and answers 304 too', async () => {
    const first = await request(server, '/');
    assert.ok(first.headers['etag']);
    const res = await rawRequest(server.port, requestHead('GET', '/', { 'If-None-Match': first.headers['etag'], Connection: 'close' }));
    assert.equal(res.status, 304);
  });
});

describe('precompressed files', () => {
  async function raw(p: string, acceptEncoding?: string) {
    const h: Record<string, string> = { Connection: 'close' };
    if (acceptEncoding !== undefined) h['Accept-Encoding'] = acceptEncoding;
    return rawRequest(server.port, requestHead('GET', p, h));
  }

  test('Accept-Encoding: br → the .br file, Content-Encoding br, original Content-Type', async () => {
    const res = await raw('/assets/index-BdVs5GQm.js', 'gzip, deflate, br');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(res.headers['content-type'] ?? '', /javascript/);
    assert.equal(zlib.brotliDecompressSync(res.bytes).toString('utf8'), JS);
    assert.match(res.headers['vary'] ?? '', /accept-encoding/i);
  });

  test('Accept-Encoding: gzip → the .gz file', async () => {
    const res = await raw('/assets/index-BdVs5GQm.js', 'gzip');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(res.bytes).toString('utf8'), JS);
    assert.match(res.headers['vary'] ?? '', /accept-encoding/i);
  });

  test('no Accept-Encoding → the plain file', async () => {
    const res = await raw('/assets/index-BdVs5GQm.js');
    assert.equal(res.status, 200);
    assert.ok(!res.headers['content-encoding'] || res.headers['content-encoding'] === 'identity');
    assert.equal(res.body, JS);
  });

  test('the compressed variants have their own ETags', async () => {
    const a = await raw('/assets/index-BdVs5GQm.js', 'br');
    const b = await raw('/assets/index-BdVs5GQm.js');
    assert.ok(a.headers['etag'] && b.headers['etag']);
    assert.notEqual(a.headers['etag'], b.headers['etag']);
  });
});

describe('SPA fallback', () => {
  for (const p of ['/regions', '/regions/410100', '/workbench/deputies?x=1', '/en/some/deep/page']) {
    test(`GET ${p} → index.html`, async () => {
      const res = await request(server, p, { headers: { accept: 'text/html', 'accept-encoding': 'identity' } });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /^text\/html\b/);
      assert.equal(res.body, INDEX);
    });
  }

  test('unknown API paths are not swallowed by the fallback: 404 problem', async () => {
    assertProblem(await request(server, '/api/v1/not-here', { headers: { accept: 'text/html' } }), { status: 404 });
    assertProblem(await request(server, '/api/not-here'), { status: 404 });
  });
});

describe('path traversal is refused with 404', () => {
  // Each of these resolves to a file outside the web root (or to an absolute path).
  const escapes = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2fetc%2fpasswd',
    '/%2Fetc/passwd',
  ];
  for (const p of escapes) {
    test(`GET ${p} → 404`, async () => {
      const res = await rawRequest(server.port, requestHead('GET', p, { Connection: 'close' }));
      assert.ok(!res.body.includes(SECRET), 'the secret outside the root is never served');
      assert.ok(!/root:.*:0:0:/.test(res.body), '/etc/passwd is never served');
      assert.equal(res.status, 404, `status ${res.status}`);
    });
  }

  // Odd forms whose status may vary (400, 404, or the SPA fallback), but that never leak.
  const odd = [
    '/%252e%252e/secret.txt',
    '/..%5csecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/assets/%2fetc%2fpasswd',
    '/..%00/secret.txt',
    '/index.html%00.png',
    '//etc/passwd',
    '/assets/..;/..;/secret.txt',
  ];
  for (const p of odd) {
    test(`GET ${p} never serves anything from outside the root`, async () => {
      const res = await rawRequest(server.port, requestHead('GET', p, { Connection: 'close' }));
      assert.ok(!res.body.includes(SECRET));
      assert.ok(!/root:.*:0:0:/.test(res.body));
      assert.ok(res.status < 500, `status ${res.status}`);
    });
  }

  test('absolute-form request target with a traversal never escapes', async () => {
    const res = await rawRequest(
      server.port,
      requestHead('GET', `http://127.0.0.1:${server.port}/../secret.txt`, { Connection: 'close' }),
    );
    assert.ok(!res.body.includes(SECRET));
    assert.ok(res.status < 500, `status ${res.status}`);
  });
});
