// Starts a real `huying serve` on a fresh SQLite database with the demo data, for browser tests.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const artifactsDir = join(repoRoot, 'build', 'test-artifacts', 'e2e')
const bin = process.env.HYTEST_BIN ?? join(repoRoot, 'build', 'release', 'huying')
const webRoot = join(repoRoot, 'web', 'dist')

export interface Server {
  url: string
  port: number
  /** Moves the server's clock (only with `startServer({ clock })`); sessions expire without waiting. */
  setClock(at: Date): Promise<void>
  /** Runs SQL on the server's database with the sqlite3 CLI (arranging what the UI cannot); its output. */
  sql(statement: string): Promise<string>
  /** SIGTERM, wait for the exit, keep the log in the artifacts, remove the database. */
  stop(): Promise<void>
}

export interface ServerOptions {
  /** Start the server on a clock read from a file (`--clock-file`), set to this instant. */
  clock?: Date
  /** Name of the kept log in the artifacts directory. */
  logName?: string
  /** More options of `huying serve`, e.g. `['--opinion-intake-interval-ms', '0']` (no intake worker). */
  args?: string[]
}

async function cli(args: string[]): Promise<void> {
  try {
    await run(bin, args, { timeout: 60_000 })
  } catch (err) {
    const e = err as { stderr?: string; message: string }
    throw new Error(`huying ${args[0]} failed: ${e.stderr || e.message}`)
  }
}

export async function startServer(options: ServerOptions = {}): Promise<Server> {
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: build it first or set HYTEST_BIN`)
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`no web build in ${webRoot}: run \`npm run build\` in web/`)

  const dir = await mkdtemp(join(tmpdir(), 'huying-e2e-'))
  const dbFile = join(dir, 'e2e.db')
  const database = `sqlite://${dbFile}` // sqlite:///abs/path
  const clockFile = join(dir, 'clock')
  const setClock = async (at: Date) => {
    if (!options.clock) throw new Error('the server was started without a test clock')
    await writeFile(clockFile, at.toISOString() + '\n')
  }
  // On a test clock the demo's history (its suggestions of the last months) ends on that clock's day too.
  const clockArgs: string[] = []
  if (options.clock) {
    await writeFile(clockFile, options.clock.toISOString() + '\n')
    clockArgs.push('--clock-file', clockFile)
  }
  await cli(['migrate', '--database', database])
  await cli(['demo-data', '--database', database, ...clockArgs])
  const serveArgs = ['serve', '--database', database, '--host', '127.0.0.1', '--port', '0', '--web-root', webRoot, ...clockArgs, ...(options.args ?? [])]
  const child = spawn(bin, serveArgs, { stdio: ['ignore', 'ignore', 'pipe'] })
  // stderr is read to the end, not only up to "listening": a full pipe would block the server.
  const log: string[] = []
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const port = await new Promise<number>((resolve, reject) => {
    let settled = false
    const timer = setTimeout(() => fail('no "listening" line within 30 s'), 30_000)
    function fail(why: string) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`huying serve: ${why}\n${log.slice(-20).join('\n')}`))
    }
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log.push(line)
      try {
        const entry = JSON.parse(line) as { event?: string; port?: number }
        if (!settled && entry.event === 'listening' && typeof entry.port === 'number') {
          settled = true
          clearTimeout(timer)
          resolve(entry.port)
        }
      } catch {
        // Not every line need be JSON (e.g. a crash message); it stays in the log.
      }
    })
    child.once('error', (err) => fail(err.message))
    void exited.then((code) => fail(`exited with code ${code} before listening`))
  })

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setClock,
    async sql(statement: string) {
      try {
        // Waits up to 10 s while the server holds the write lock.
        const { stdout } = await run('sqlite3', ['-cmd', '.timeout 10000', dbFile, statement], { timeout: 30_000 })
        return stdout
      } catch (err) {
        const e = err as { stderr?: string; message: string }
        throw new Error(`sqlite3 failed: ${e.stderr || e.message}`)
      }
    },
    async stop() {
      await terminate(child, exited)
      await mkdir(artifactsDir, { recursive: true })
      await writeFile(join(artifactsDir, options.logName ?? 'server.log'), log.join('\n') + '\n')
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function terminate(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  // Graceful shutdown is the server's promise; a hang must not hang the test run too.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
