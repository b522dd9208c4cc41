// The CLI and configuration: file < env (HUYING_*) < flags; unknown or invalid keys stop
// start-up naming the key; serve refuses a database with pending or changed migrations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createDatabase,
  freePort,
  huying,
  huyingBin,
  huyingEnv,
  makeWebRoot,
  prepareDatabase,
  spawnServer,
  tmpDir,
  type TestDatabase,
} from './harness.ts';
import { spawn } from 'node:child_process';

let db: TestDatabase;
let dir: string;
let webRoot: string;
before(async () => {
  db = await prepareDatabase();
  dir = tmpDir('huying-test-config-');
  webRoot = makeWebRoot();
});
after(async () => {
  await db?.drop();
  if (process.env.HYTEST_KEEP !== '1') {
    rmSync(dir, { recursive: true, force: true });
    rmSync(webRoot, { recursive: true, force: true });
  }
});

/**
 * Runs `huying serve` expecting it to refuse to start. If it starts listening instead,
 * it is stopped and the test fails.
 */
function expectRefusal(args: string[], env?: Record<string, string>, timeoutMs = 30000) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(huyingBin, ['serve', ...args], { env: huyingEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve neither exited nor listened within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (/"event"\s*:\s*"listening"/.test(stderr)) {
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (/"event"\s*:\s*"listening"/.test(stderr)) reject(new Error(`serve started although it should have refused:\n${stderr}`));
      else resolve({ code, stderr });
    });
  });
}

function baseArgs(extra: string[] = []) {
  return ['--database', db.url, '--host', '127.0.0.1', '--web-root', webRoot, '--threads', '1', ...extra];
}

async function listenOn(args: string[], env?: Record<string, string>): Promise<number> {
  const s = await spawnServer(['serve', ...args], { env: huyingEnv(env) });
  s.proc.kill('SIGTERM');
  const exit = await s.exited;
  assert.deepEqual(exit, { code: 0, signal: null });
  return s.port;
}

describe('CLI', () => {
  test('huying version prints "huying <version>"', async () => {
    const r = await huying(['version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout.trim(), /^huying \d+\.\d+\.\d+\S*$/);
  });

  test('migrate is idempotent', async () => {
    const r = await huying(['migrate', '--database', db.url]);
    assert.equal(r.code, 0, r.stderr);
  });

  test('demo-data loads only into an empty registry (a second run adds nothing)', async () => {
    const count = () => db.sql('SELECT count(*) FROM regions');
    const before = await count();
    const r = await huying(['demo-data', '--database', db.url]);
    assert.equal(r.signal, null);
    assert.equal(await count(), before, 'no duplicate rows');
    assert.ok((r.stdout + r.stderr).trim().length > 0, 'it says what it did');
  });

  test('token create prints a token on the last line, different each time', async () => {
    const a = await huying(['token', 'create', '--database', db.url, '--name', 'a', '--role', 'admin']);
    const b = await huying(['token', 'create', '--database', db.url, '--name', 'b', '--role', 'admin', '--expires-days', '30']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const last = (s: string) => s.trim().split('\n').at(-1)!.trim();
    assert.ok(last(a.stdout).length >= 20, 'a token of some strength');
    assert.notEqual(last(a.stdout), last(b.stdout));
  });

  test('the token is stored hashed, not in clear', async () => {
    const r = await huying(['token', 'create', '--database', db.url, '--name', 'hashcheck', '--role', 'admin']);
    const token = r.stdout.trim().split('\n').at(-1)!.trim();
    const tables = db.engine === 'sqlite'
      ? (await db.sql("SELECT name FROM sqlite_master WHERE type = 'table'")).split('\n')
      : (await db.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).split('\n');
    for (const t of tables.filter(Boolean)) {
      const dump = db.engine === 'sqlite'
        ? await db.sql(`SELECT * FROM "${t}"`)
        : await db.sql(`SELECT t::text FROM "${t}" t`);
      assert.ok(!dump.includes(token), `table ${t} holds the token in clear`);
    }
  });
});

describe('serve refuses a database that is not ready', () => {
  test('pending migrations → exit 2 with a message', async () => {
    const fresh = await createDatabase(db.engine);
    try {
      const r = await expectRefusal(['--database', fresh.url, '--port', '0', '--web-root', webRoot]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /migrat/i);
    } finally {
      await fresh.drop();
    }
  });

  test('an applied migration whose checksum changed → exit 2 naming it', async () => {
    const changed = await prepareDatabase({ engine: db.engine, demoData: false });
    try {
      const row = await changed.sql('SELECT version, name FROM schema_migrations ORDER BY version LIMIT 1');
      assert.ok(row, 'schema_migrations records applied migrations');
      const [version, name] = row.split('|');
      await changed.sql(`UPDATE schema_migrations SET checksum = 'tampered' WHERE version = ${Number(version)}`);
      const r = await expectRefusal(['--database', changed.url, '--port', '0', '--web-root', webRoot]);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(name), `the message names migration ${name}: ${r.stderr}`);
    } finally {
      await changed.drop();
    }
  });
});

describe('configuration', () => {
  test('an unknown key in a TOML config → exit 2 naming the key', async () => {
    const f = path.join(dir, 'bad.toml');
    writeFileSync(f, 'port = 0\nfrobnicate_level = 3\n');
    const r = await expectRefusal(baseArgs(['--config', f, '--port', '0']));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /frobnicate_level/);
  });

  test('an unknown key in a JSON config → exit 2 naming the key', async () => {
    const f = path.join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ port: 0, zorp_mode: true }));
    const r = await expectRefusal(baseArgs(['--config', f, '--port', '0']));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /zorp_mode/);
  });

  test('an invalid value in the config → exit 2 naming the key', async () => {
    const f = path.join(dir, 'badvalue.toml');
    writeFileSync(f, 'threads = "many"\n');
    const r = await expectRefusal(baseArgs(['--config', f, '--port', '0']));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /threads/);
  });

  test('an invalid HUYING_PORT → exit 2 naming it', async () => {
    const r = await expectRefusal(baseArgs(), { HUYING_PORT: 'not-a-port' });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /HUYING_PORT|port/);
  });

  test('a config file that does not exist → exit 2 naming it', async () => {
    const f = path.join(dir, 'missing.toml');
    const r = await expectRefusal(baseArgs(['--config', f, '--port', '0']));
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes('missing.toml'), r.stderr);
  });

  test('the port comes from the config file when nothing else sets it', async () => {
    const p1 = await freePort();
    const f = path.join(dir, 'port.toml');
    writeFileSync(f, `port = ${p1}\n`);
    assert.equal(await listenOn(baseArgs(['--config', f])), p1);
  });

  test('HUYING_PORT overrides the config file', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const f = path.join(dir, 'port2.toml');
    writeFileSync(f, `port = ${p1}\n`);
    assert.equal(await listenOn(baseArgs(['--config', f]), { HUYING_PORT: String(p2) }), p2);
  });

  test('--port overrides HUYING_PORT (and the file)', async () => {
    const [p1, p2, p3] = [await freePort(), await freePort(), await freePort()];
    const f = path.join(dir, 'port3.json');
    writeFileSync(f, JSON.stringify({ port: p1 }));
    assert.equal(await listenOn(baseArgs(['--config', f, '--port', String(p3)]), { HUYING_PORT: String(p2) }), p3);
  });

  test('--port 0 wins over HUYING_PORT and picks a free port', async () => {
    const p2 = await freePort();
    const got = await listenOn(baseArgs(['--port', '0']), { HUYING_PORT: String(p2) });
    assert.notEqual(got, p2);
    assert.ok(got > 0);
  });

  test('HUYING_DATABASE supplies the database when no flag does', async () => {
    const got = await listenOn(['--host', '127.0.0.1', '--port', '0', '--web-root', webRoot], { HUYING_DATABASE: db.url });
    assert.ok(got > 0);
  });
});
