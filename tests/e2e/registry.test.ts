// The staff side of the registry in a real Chromium against a real server with the demo data:
// importing deputies from CSV (a dry run with a bad row, then the fixed file), searching by
// initials, editing a mandate (and a stale edit), exporting to Excel, stations and units (their
// filters, exports, edits and deactivation).
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import {
  byTestId,
  demoPassword,
  desktop,
  horizontalOverflow,
  launchBrowser,
  open as openIn,
  phone,
  shot,
  signIn,
  textOf,
  type Opened,
} from './browser.ts'
import { startServer, type Server } from './server.ts'

let server: Server
let browser: Browser

before(async () => {
  server = await startServer({ logName: 'server-registry.log' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function open(path: string, viewport = desktop) {
  return openIn(browser, server.url + path, viewport)
}

/** An ID number (GB 11643) with its check digit: region, birth date, sequence. */
function idNumber(region: string, birth: string, sequence: number): string {
  const body = `${region}${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i]!, 0)
  return body + '10X98765432'[sum % 11]
}

/** The same number with a check digit that does not fit. */
function badCheckDigit(id: string): string {
  const last = id.at(-1)!
  return id.slice(0, 17) + (last === '0' ? '1' : '0')
}

// Names whose initials no demo deputy of the province shares (checked in the test).
const people = [
  { name: '邝思睿', gender: '男', region: '410102', birth: '1981-04-12', seq: 131, initials: 'ksr' },
  { name: '鄢若曦', gender: '女', region: '410105', birth: '1986-09-03', seq: 242, initials: 'yrx' },
  { name: '蒯千帆', gender: '男', region: '410104', birth: '1979-12-30', seq: 355, initials: 'kqf' },
]

function csv(badRow: boolean): string {
  const header = '姓名,性别,身份证号,选区代码,当选日期,出生日期,民族,党派,职务,手机,家庭住址,代表团,代表小组'
  const lines = people.map((p, i) => {
    const id = idNumber(p.region, p.birth, p.seq)
    // Row 3 of the file (the header is row 1) is the second person.
    const shown = badRow && i === 1 ? badCheckDigit(id) : id
    return [p.name, p.gender, shown, p.region, '2023-01-13', p.birth, '汉族', '群众', '社区工作者', `1390371${String(1000 + i)}`, '郑州市', '郑州市代表团', ''].join(',')
  })
  return [header, ...lines].join('\r\n') + '\r\n'
}

type ApiClient = Awaited<ReturnType<typeof signInApi>>
const apiClients = new Map<string, Promise<ApiClient>>()
/** The session cookie of each account's API client, to open the browser on the same session. */
const sessionCookies = new Map<string, string>()

/**
 * A signed-in API client for checking and arranging what the test then looks at in the browser.
 * One session per account for the whole file: sign-ins are limited to 10 per account in 5 minutes,
 * and the browser tests sign in as staff.henan already.
 */
function apiAs(username: string): Promise<ApiClient> {
  let client = apiClients.get(username)
  if (!client) {
    client = signInApi(username)
    apiClients.set(username, client)
  }
  return client
}

async function signInApi(username: string, password = demoPassword) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(res.status, 200, `login of ${username}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
  sessionCookies.set(username, cookie)
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  return async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(server.url + p, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf_token, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null }
  }
}

/**
 * A fresh browser context signed in on the API client's session of `username` (no sign-in of its
 * own: the page reads the session and its CSRF token from the server as after a reload).
 */
async function openAs(username: string, path: string, viewport = desktop): Promise<Opened> {
  await apiAs(username)
  const [name, value] = sessionCookies.get(username)!.split('=') as [string, string]
  const opened = await openIn(browser, 'about:blank', viewport)
  await opened.context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Strict' }])
  await opened.page.goto(server.url + path)
  await byTestId(opened.page, 'account-menu').waitFor()
  return opened
}

/** Answers the confirmation box with its confirm button. */
async function confirmBox(page: Page) {
  const box = page.locator('.hy-confirm')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button').last().click()
  await box.waitFor({ state: 'detached' })
}

async function openDeputies(page: Page) {
  await byTestId(page, 'menu-menu.deputies').click()
  await page.waitForURL('**/app/registry/deputies')
  await byTestId(page, 'deputies-table').locator('.el-table__row').first().waitFor()
}

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, selectTestId: string, optionText: string) {
  await byTestId(page, selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

describe('the staff registry in the browser', { timeout: 240_000 }, () => {
  test('staff import deputies from CSV: a dry run lists the bad row, the fixed file imports, the list shows them', async () => {
    const api = await apiAs('staff.henan')
    for (const p of people) {
      const res = await api('GET', `/api/v1/deputies?congress_id=1&q=${p.initials}`)
      assert.equal(res.body?.total, 0, `no demo deputy of the province has the initials ${p.initials}`)
    }

    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await openDeputies(page)
    assert.match(await textOf(page, 'deputies-pagination'), /共\s*\d+\s*条/)
    await shot(page, 'registry-deputies')

    await byTestId(page, 'deputies-import').click()
    const dialog = byTestId(page, 'import-dialog')
    await dialog.waitFor()
    // Staff of one congress import into it without choosing.
    await dialog.locator('[data-testid="import-congress"]').getByText('河南省人民代表大会').waitFor()

    // First a dry run of a file with a bad ID number on row 3.
    await byTestId(page, 'import-file').setInputFiles({ name: 'deputies.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(true)) })
    assert.match(await textOf(page, 'import-file-name'), /deputies\.csv/)
    const dryRun = page.waitForRequest((r) => r.url().includes('/api/v1/deputies/imports') && r.method() === 'POST')
    await byTestId(page, 'import-check').click()
    const sent = new URL((await dryRun).url())
    assert.equal(sent.searchParams.get('dry_run'), 'true')
    assert.equal(sent.searchParams.get('congress_id'), '1')
    assert.equal(sent.searchParams.get('encoding'), 'auto')
    const errorsTable = byTestId(page, 'import-errors')
    await errorsTable.waitFor()
    const rowCells = await errorsTable.locator('[data-testid="import-error-row"]').allTextContents()
    assert.deepEqual(rowCells.map((c) => c.trim()), ['3'])
    assert.match((await errorsTable.textContent()) ?? '', /身份证号/)
    assert.match(await textOf(page, 'import-result'), /检查发现 1 处问题/)
    assert.equal(await byTestId(page, 'import-job').getAttribute('data-state'), 'failed')
    await shot(page, 'registry-import-dry-run', false)
    // Nothing was written.
    assert.equal((await api('GET', '/api/v1/deputies?congress_id=1&q=ksr')).body?.total, 0)

    // The fixed file, imported for real: the progress bar runs to its end.
    await byTestId(page, 'import-file').setInputFiles({ name: 'deputies-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(false)) })
    await byTestId(page, 'import-run').click()
    await byTestId(page, 'import-job').and(page.locator('[data-state="succeeded"]')).waitFor()
    assert.match(await textOf(page, 'import-result'), /已导入 3 位代表/)
    assert.equal(await byTestId(page, 'import-progress').getAttribute('data-percent'), '100')
    assert.match(await textOf(page, 'import-counts'), /3 \/ 3 行/)
    assert.equal(await byTestId(page, 'import-errors').count(), 0)
    await shot(page, 'registry-import-done', false)
    await byTestId(page, 'import-close').click()
    await dialog.waitFor({ state: 'hidden' })

    // The list was read again and holds the new deputies; initials find one of them.
    await byTestId(page, 'deputies-filter-q').fill('ksr')
    await byTestId(page, 'deputies-search').click()
    await page.waitForURL((u) => u.searchParams.get('q') === 'ksr')
    const table = byTestId(page, 'deputies-table')
    await table.getByText('邝思睿').waitFor()
    assert.equal(await table.locator('.el-table__body-wrapper .el-table__row').count(), 1)
    assert.match(await textOf(page, 'deputies-pagination'), /共\s*1\s*条/)
    // Private fields are masked in the list.
    assert.match((await table.textContent()) ?? '', /410\*{11}\d{3}[\dX]/)
    assert.match((await table.textContent()) ?? '', /139\*{4}\d{4}/)
    await shot(page, 'registry-search-initials')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff edit a mandate in the drawer (status → resigned) and a stale edit offers to reload', async () => {
    const api = await apiAs('staff.henan')
    const found = await api('GET', '/api/v1/deputies?congress_id=1&q=yrx')
    const items = found.body?.items as { id: string; version: number }[]
    assert.equal(items.length, 1, 'the imported deputy is there (the import test ran first)')
    const id = items[0]!.id

    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await page.goto(`${server.url}/app/registry/deputies?q=yrx`)
    const row = byTestId(page, `deputy-row-${id}`)
    await row.waitFor()
    assert.equal((await textOf(page, `deputy-status-${id}`)).trim(), '在任')

    await row.click()
    const drawer = byTestId(page, 'deputy-drawer')
    await drawer.getByText('鄢若曦').first().waitFor()
    await choose(page, 'deputy-edit-status', '辞职')
    const endDate = byTestId(page, 'deputy-edit-end-date').locator('input')
    await endDate.fill('2026-03-02')
    await endDate.press('Enter')
    const patch = page.waitForRequest((r) => r.url().endsWith(`/api/v1/deputies/${id}`) && r.method() === 'PATCH')
    await byTestId(page, 'deputy-save').click()
    const sent = await patch
    assert.equal(sent.headers()['if-match'], '"1"')
    assert.deepEqual(JSON.parse(sent.postData() ?? '{}'), { status: 'resigned', end_date: '2026-03-02' })
    await byTestId(page, 'deputy-drawer-status').and(page.locator('[data-status="resigned"]')).waitFor()
    // The row's tag changed with it.
    await byTestId(page, `deputy-status-${id}`).filter({ hasText: '辞职' }).waitFor()
    await shot(page, 'registry-edit', false)

    // Someone else changes the record meanwhile: the next save answers 409 and the drawer offers a reload.
    const other = await api('PATCH', `/api/v1/deputies/${id}`, { deputy_group: '金水区代表小组' }, { 'If-Match': '"2"' })
    assert.equal(other.status, 200)
    await byTestId(page, 'deputy-edit-occupation').fill('社区党支部书记')
    await byTestId(page, 'deputy-save').click()
    await byTestId(page, 'deputy-conflict').waitFor()
    assert.match(await textOf(page, 'deputy-conflict'), /已被他人修改/)
    await shot(page, 'registry-edit-conflict', false)
    await byTestId(page, 'deputy-reload').click()
    await byTestId(page, 'deputy-conflict').waitFor({ state: 'detached' })
    assert.equal(await byTestId(page, 'deputy-edit-group').inputValue(), '金水区代表小组')
    await byTestId(page, 'deputy-edit-occupation').fill('社区党支部书记')
    await byTestId(page, 'deputy-save').click()
    await drawer.getByText('社区党支部书记').first().waitFor()
    const after = await api('GET', `/api/v1/deputies/${id}`)
    assert.equal(after.body?.occupation, '社区党支部书记')
    assert.equal(after.body?.status, 'resigned')
    assert.equal(after.body?.version, 4)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff export the filtered registry as an .xlsx workbook', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await page.goto(`${server.url}/app/registry/deputies?status=serving&q=k`)
    await byTestId(page, 'deputies-table').locator('.el-table__row').first().waitFor()
    const request = page.waitForRequest((r) => r.url().includes('/api/v1/deputies/export'))
    const download = page.waitForEvent('download')
    await byTestId(page, 'deputies-export').click()
    const url = new URL((await request).url())
    assert.equal(url.searchParams.get('status'), 'serving')
    assert.equal(url.searchParams.get('q'), 'k')
    assert.equal(url.searchParams.get('page'), null)
    const file = await download
    assert.match(file.suggestedFilename(), /\.xlsx$/)
    const bytes = await readFile(await file.path())
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff reveal a deputy\'s private fields in the drawer; closing it forgets them', async () => {
    const api = await apiAs('staff.henan')
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await openDeputies(page)
    const first = byTestId(page, 'deputies-table').locator('.el-table__body-wrapper .el-table__row').first()
    const id = ((await first.locator('[data-testid^="deputy-row-"]').getAttribute('data-testid')) ?? '').replace('deputy-row-', '')
    assert.match(id, /^\d+$/)
    const expected = await api('GET', `/api/v1/deputies/${id}/private`)
    assert.equal(expected.status, 200)
    const admin = await apiAs('admin')
    const views = async () => (await admin('GET', '/api/v1/audit?action=deputy.private_view')).body?.total as number
    const viewsBefore = await views()
    assert.ok(viewsBefore >= 1, 'the read above was audited')

    await first.click()
    const drawer = byTestId(page, 'deputy-drawer')
    await byTestId(page, 'deputy-facts').waitFor()
    // Masked until asked for, with the note that looking is recorded.
    assert.match(await textOf(page, 'deputy-id-number'), /^\d{3}\*+\d{3}[\dX]$/)
    assert.match(await textOf(page, 'deputy-private-note'), /查看记录将被审计/)
    assert.equal(await byTestId(page, 'deputy-home-address').count(), 0)
    const read = page.waitForResponse((r) => r.url().endsWith(`/api/v1/deputies/${id}/private`))
    await byTestId(page, 'deputy-reveal').click()
    assert.equal((await read).status(), 200)
    await byTestId(page, 'deputy-home-address').waitFor()
    const shown = await textOf(page, 'deputy-id-number')
    assert.match(shown, /^\d{17}[\dX]$/, 'the full 18-character ID number')
    assert.equal(shown, expected.body?.id_number)
    assert.equal(await textOf(page, 'deputy-mobile'), expected.body?.mobile)
    assert.equal(await textOf(page, 'deputy-birth-date'), expected.body?.birth_date)
    assert.equal(await byTestId(page, 'deputy-reveal-mobile').count(), 0)
    await shot(page, 'registry-reveal', false)

    // The drawer's read is in the audit trail too.
    assert.equal(await views(), viewsBefore + 1)

    // Closing the drawer forgets the answer: opening it again shows the masked number.
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    await first.click()
    await byTestId(page, 'deputy-reveal').waitFor()
    assert.match(await textOf(page, 'deputy-id-number'), /\*/)
    assert.equal(await byTestId(page, 'deputy-home-address').count(), 0)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff sort the registry by 当选日期 descending; the order is kept in the address and the export', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await openDeputies(page)
    const header = byTestId(page, 'deputies-table').locator('.el-table__header-wrapper th', { hasText: '当选日期' })
    const listed = page.waitForRequest((r) => {
      const u = new URL(r.url())
      return u.pathname === '/api/v1/deputies' && u.searchParams.get('sort') === '-start_date'
    })
    await header.locator('.sort-caret.descending').click()
    const sent = new URL((await listed).url())
    assert.equal(sent.searchParams.get('sort'), '-start_date')
    assert.equal(sent.searchParams.get('page'), '1')
    await page.waitForURL((u) => u.searchParams.get('sort') === '-start_date')
    await header.and(page.locator('.descending')).waitFor()
    // The rows of the old order stay until the sorted answer replaces them.
    await page.waitForFunction(() => {
      const dates = [...document.querySelectorAll('[data-testid="deputies-table"] .el-table__body-wrapper td .date')].map((d) => d.textContent?.trim() ?? '')
      return dates.length > 1 && dates.every((d, i) => i === 0 || dates[i - 1] >= d)
    })
    const dates = (await byTestId(page, 'deputies-table').locator('.el-table__body-wrapper td .date').allTextContents()).map((d) => d.trim())
    assert.ok(dates.length > 1)
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first')

    // The export asks for the same order.
    const request = page.waitForRequest((r) => r.url().includes('/api/v1/deputies/export'))
    const download = page.waitForEvent('download')
    await byTestId(page, 'deputies-export').click()
    assert.equal(new URL((await request).url()).searchParams.get('sort'), '-start_date')
    await download

    // A reload keeps the order and its arrow; sorting by 姓名 replaces it.
    await page.reload()
    await byTestId(page, 'deputies-table').locator('.el-table__row').first().waitFor()
    await header.and(page.locator('.descending')).waitFor()
    const byName = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/deputies' && new URL(r.url()).searchParams.get('sort') === 'name')
    await byTestId(page, 'deputies-table').locator('.el-table__header-wrapper th', { hasText: '姓名' }).locator('.sort-caret.ascending').click()
    await byName
    await page.waitForURL((u) => u.searchParams.get('sort') === 'name')
    assert.equal(await header.and(page.locator('.descending')).count(), 0)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('a leader reads the registry without import or edit buttons', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'leader.henan')
    await openDeputies(page)
    assert.equal(await byTestId(page, 'deputies-import').count(), 0)
    await byTestId(page, 'deputies-export').waitFor()
    await byTestId(page, 'deputies-table').locator('.el-table__row').first().click()
    await byTestId(page, 'deputy-facts').waitFor()
    assert.equal(await byTestId(page, 'deputy-form').count(), 0)
    // Leaders may not see the unmasked fields (the server answers them 403).
    assert.equal(await byTestId(page, 'deputy-reveal').count(), 0)
    assert.equal(await byTestId(page, 'deputy-private-note').count(), 0)
    await page.keyboard.press('Escape')
    await byTestId(page, 'deputy-drawer').waitFor({ state: 'hidden' })
    await byTestId(page, 'menu-menu.stations').click()
    await byTestId(page, 'stations-page').waitFor()
    assert.equal(await byTestId(page, 'stations-create').count(), 0)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff register a station with a reception schedule, then edit it with If-Match', async () => {
    const api = await apiAs('staff.henan')
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await byTestId(page, 'menu-menu.stations').click()
    await page.waitForURL('**/app/registry/stations')
    await byTestId(page, 'stations-page').waitFor()

    await byTestId(page, 'stations-create').click()
    const dialog = byTestId(page, 'station-dialog')
    await dialog.waitFor()
    await byTestId(page, 'station-name').fill('省人大代表中原区联络站')
    await choose(page, 'station-kind', '代表之家')
    // The region cascader: 河南省 → 郑州市 → 中原区.
    await byTestId(page, 'station-region').locator('input').click()
    for (const name of ['河南省', '郑州市', '中原区']) {
      await page.locator('.el-cascader-node:visible', { hasText: name }).first().click()
    }
    await byTestId(page, 'station-address').fill('郑州市中原区建设西路 1 号')
    await byTestId(page, 'station-latitude').fill('34.7478')
    await byTestId(page, 'station-longitude').fill('113.6119')
    await byTestId(page, 'station-hours').fill('工作日 9:00—17:00')
    await byTestId(page, 'schedule-kind').getByText('每周').click()
    await byTestId(page, 'schedule-weekdays').getByText('周一').click()
    await byTestId(page, 'schedule-weekdays').getByText('周四').click()
    assert.match(await textOf(page, 'schedule-preview'), /weekly:1,4/)
    await byTestId(page, 'station-phone').fill('0371-60000000')
    await shot(page, 'registry-station-form', false)
    const post = page.waitForRequest((r) => r.url().endsWith('/api/v1/stations') && r.method() === 'POST')
    await byTestId(page, 'station-save').click()
    const body = JSON.parse((await post).postData() ?? '{}') as Record<string, unknown>
    assert.deepEqual(body, {
      name: '省人大代表中原区联络站',
      kind: 'home',
      region_code: '410102',
      address: '郑州市中原区建设西路 1 号',
      opening_hours: '工作日 9:00—17:00',
      reception_schedule: 'weekly:1,4',
      phone: '0371-60000000',
      latitude: 34.7478,
      longitude: 113.6119,
      congress_id: '1',
    })
    await dialog.waitFor({ state: 'hidden' })
    const table = byTestId(page, 'stations-table')
    await table.getByText('省人大代表中原区联络站').waitFor()
    await table.getByText('每周一、周四').waitFor()
    await table.getByText('代表之家').waitFor()
    await shot(page, 'registry-stations')

    const list = await api('GET', '/api/v1/stations')
    const station = (list.body?.items as { id: string; name: string }[]).find((s) => s.name === '省人大代表中原区联络站')!
    // The link to the public page of the station.
    assert.equal(await byTestId(page, `station-public-${station.id}`).getAttribute('href'), `/stations/${station.id}`)

    // Editing fills the form with the station's details and sends them all back with If-Match.
    await byTestId(page, `station-edit-${station.id}`).click()
    await dialog.waitFor()
    await page.waitForFunction(() => (document.querySelector('[data-testid="station-address"]') as HTMLInputElement | null)?.value !== '')
    assert.equal(await byTestId(page, 'station-address').inputValue(), '郑州市中原区建设西路 1 号')
    await byTestId(page, 'schedule-kind').getByText('每月').click()
    await byTestId(page, 'schedule-month-days').click()
    for (const d of ['9 日', '19 日']) await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${d}$`) }).click()
    await page.keyboard.press('Escape')
    const patch = page.waitForRequest((r) => r.url().endsWith(`/api/v1/stations/${station.id}`) && r.method() === 'PATCH')
    await byTestId(page, 'station-save').click()
    const sent = await patch
    assert.equal(sent.headers()['if-match'], '"1"')
    const changed = JSON.parse(sent.postData() ?? '{}') as Record<string, unknown>
    assert.equal(changed.reception_schedule, 'monthly:9,19')
    assert.equal(changed.address, '郑州市中原区建设西路 1 号')
    assert.equal(changed.region_code, '410102')
    await table.getByText('每月 9、19 日').waitFor()
    const publicPage = await fetch(`${server.url}/api/v1/public/stations/${station.id}`)
    const detail = (await publicPage.json()) as Record<string, unknown>
    assert.equal(detail.reception_schedule, 'monthly:9,19')
    assert.equal(detail.kind, 'home')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff register a handling unit of their congress', async () => {
    const api = await apiAs('staff.henan')
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await byTestId(page, 'menu-menu.units').click()
    await page.waitForURL('**/app/registry/units')
    await byTestId(page, 'units-table').locator('.el-table__row').first().waitFor()
    await byTestId(page, 'units-create').click()
    await byTestId(page, 'unit-dialog').waitFor()
    // An empty name is refused in the form.
    await byTestId(page, 'unit-save').click()
    await byTestId(page, 'unit-dialog').getByText('请输入单位名称').waitFor()
    await byTestId(page, 'unit-name').fill('河南省乡村振兴局')
    const post = page.waitForRequest((r) => r.url().endsWith('/api/v1/units') && r.method() === 'POST')
    await byTestId(page, 'unit-save').click()
    assert.deepEqual(JSON.parse((await post).postData() ?? '{}'), {
      name: '河南省乡村振兴局',
      kind: 'government',
      region_code: '',
      contact_name: '',
      contact_phone: '',
      congress_id: '1',
    })
    await page.getByText('承办单位“河南省乡村振兴局”已创建').waitFor()
    const units = await api('GET', '/api/v1/units?page_size=200')
    assert.ok((units.body?.items as { name: string }[]).some((u) => u.name === '河南省乡村振兴局'))
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff filter the stations by a region (kept in the address) and see only that region\'s stations', async () => {
    const api = await apiAs('staff.henan')
    const made: Record<string, string> = {}
    for (const [name, region] of [
      ['中原区秦岭路人大代表联络站', '410102'],
      ['金水区花园路人大代表联络站', '410105'],
      ['龙亭区北道门人大代表之家', '410202'],
    ] as const) {
      const res = await api('POST', '/api/v1/stations', { name, kind: 'station', region_code: region, congress_id: '1' })
      assert.equal(res.status, 201, `created ${name}`)
      made[region] = res.body?.id as string
    }

    const { page, errors } = await openAs('staff.henan', '/app/registry/stations')
    const table = byTestId(page, 'stations-table')
    await byTestId(page, `station-row-${made['410105']}`).waitFor()

    // 河南省 → 郑州市 → 中原区 (a county without townships: choosing it closes the picker).
    await byTestId(page, 'stations-filter-region').locator('input').click()
    for (const name of ['河南省', '郑州市', '中原区']) {
      await page.locator('.el-cascader-node:visible', { hasText: name }).first().click()
    }
    const listed = page.waitForRequest((r) => {
      const u = new URL(r.url())
      return u.pathname === '/api/v1/stations' && u.searchParams.get('region') === '410102'
    })
    await byTestId(page, 'stations-search').click()
    assert.equal(new URL((await listed).url()).searchParams.get('page'), '1')
    await page.waitForURL((u) => u.searchParams.get('region') === '410102')
    await byTestId(page, `station-row-${made['410105']}`).waitFor({ state: 'detached' })
    await byTestId(page, `station-row-${made['410102']}`).waitFor()
    await table.getByText('中原区').first().waitFor()  // names arrive after the rows
    const regionsShown = (await table.locator('[data-testid^="station-region-"]').allTextContents()).map((r) => r.trim())
    assert.ok(regionsShown.length >= 1)
    assert.deepEqual([...new Set(regionsShown)], ['中原区'], 'only stations of 中原区')
    assert.equal(await byTestId(page, `station-row-${made['410202']}`).count(), 0)
    await shot(page, 'registry-stations-filtered')

    // A city includes its counties: 郑州市 from the address shows 中原区 and 金水区, not 开封's 龙亭区.
    await page.goto(`${server.url}/app/registry/stations?region=410100`)
    await byTestId(page, `station-row-${made['410105']}`).waitFor()
    await byTestId(page, `station-row-${made['410102']}`).waitFor()
    assert.equal(await byTestId(page, `station-row-${made['410202']}`).count(), 0)
    // Region names arrive after the rows: wait for them before reading the column.
    await table.getByText('中原区').first().waitFor()
    await table.getByText('金水区').first().waitFor()
    const cityRegions = new Set((await table.locator('[data-testid^="station-region-"]').allTextContents()).map((r) => r.trim()))
    assert.ok(cityRegions.has('中原区') && cityRegions.has('金水区') && !cityRegions.has('龙亭区'), [...cityRegions].join())
    // The picker shows the region of the address.
    await page.waitForFunction(
      (selector) => (document.querySelector(selector) as HTMLInputElement | null)?.value === '郑州市',
      '[data-testid="stations-filter-region"] input',
    )

    // Resetting shows every station again.
    await byTestId(page, 'stations-reset').click()
    await page.waitForURL((u) => !u.searchParams.has('region'))
    await byTestId(page, `station-row-${made['410202']}`).waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff export the filtered stations as an .xlsx workbook', async () => {
    const { page, errors } = await openAs('staff.henan', '/app/registry/stations?region=410102&kind=station&active=true')
    await byTestId(page, 'stations-table').locator('.el-table__row').first().waitFor()
    const request = page.waitForRequest((r) => r.url().includes('/api/v1/stations/export'))
    const download = page.waitForEvent('download')
    await byTestId(page, 'stations-export').click()
    const url = new URL((await request).url())
    assert.equal(url.searchParams.get('region'), '410102')
    assert.equal(url.searchParams.get('kind'), 'station')
    assert.equal(url.searchParams.get('active'), 'true')
    assert.equal(url.searchParams.get('page'), null)
    const file = await download
    assert.match(file.suggestedFilename(), /\.xlsx$/)
    const bytes = await readFile(await file.path())
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff edit a unit\'s contact with If-Match, then deactivate it (the state tag changes)', async () => {
    const api = await apiAs('staff.henan')
    const name = '河南省测绘地理信息局'
    const created = await api('POST', '/api/v1/units', {
      name,
      congress_id: '1',
      kind: 'government',
      region_code: '410000',
      contact_name: '王建国',
      contact_phone: '0371-65550000',
    })
    assert.equal(created.status, 201)
    const id = created.body?.id as string

    const { page, errors } = await openAs('staff.henan', `/app/registry/units?q=${encodeURIComponent(name)}`)
    await byTestId(page, `unit-row-${id}`).waitFor()
    assert.equal(await byTestId(page, 'units-filter-q').inputValue(), name)
    assert.match(await textOf(page, `unit-contact-${id}`), /王建国\s*0371-65550000/)
    assert.equal(await textOf(page, `unit-state-${id}`), '正常')
    const table = byTestId(page, 'units-table')
    await table.getByText('政府部门').first().waitFor()
    await table.getByText('河南省').first().waitFor()

    // The edit dialog is filled with the unit's details and sends them all back with If-Match.
    await byTestId(page, `unit-edit-${id}`).click()
    const dialog = byTestId(page, 'unit-dialog')
    await dialog.waitFor()
    assert.equal(await byTestId(page, 'unit-contact-name').inputValue(), '王建国')
    // The picker shows the region's name once it has loaded it.
    await page.waitForFunction(
      (selector) => (document.querySelector(selector) as HTMLInputElement | null)?.value === '河南省',
      '[data-testid="unit-region"] input',
    )
    await byTestId(page, 'unit-contact-name').fill('李晓明')
    await byTestId(page, 'unit-contact-phone').fill('0371-65551234')
    await shot(page, 'registry-unit-form', false)
    const patch = page.waitForRequest((r) => r.url().endsWith(`/api/v1/units/${id}`) && r.method() === 'PATCH')
    await byTestId(page, 'unit-save').click()
    const sent = await patch
    assert.equal(sent.headers()['if-match'], '"1"')
    assert.deepEqual(JSON.parse(sent.postData() ?? '{}'), {
      name,
      kind: 'government',
      region_code: '410000',
      contact_name: '李晓明',
      contact_phone: '0371-65551234',
      active: true,
    })
    await dialog.waitFor({ state: 'hidden' })
    await byTestId(page, `unit-contact-${id}`).filter({ hasText: '李晓明' }).waitFor()

    // Deactivating sends every field as it now is, with active false.
    await byTestId(page, `unit-toggle-${id}`).click()
    const off = page.waitForRequest((r) => r.url().endsWith(`/api/v1/units/${id}`) && r.method() === 'PATCH')
    await confirmBox(page)
    const offSent = await off
    assert.equal(offSent.headers()['if-match'], '"2"')
    assert.deepEqual(JSON.parse(offSent.postData() ?? '{}'), {
      name,
      active: false,
      kind: 'government',
      region_code: '410000',
      contact_name: '李晓明',
      contact_phone: '0371-65551234',
    })
    await byTestId(page, `unit-state-${id}`).filter({ hasText: '已撤销' }).waitFor()
    assert.equal(await textOf(page, `unit-toggle-${id}`), '恢复')
    await shot(page, 'registry-unit-deactivated')
    const after = await api('GET', `/api/v1/units/${id}`)
    assert.equal(after.body?.active, false)
    assert.equal(after.body?.contact_name, '李晓明')
    assert.equal(after.body?.region_code, '410000')
    assert.equal(after.body?.version, 3)

    // The state filter: closed units only.
    await choose(page, 'units-filter-active', '已撤销')
    await byTestId(page, 'units-search').click()
    await page.waitForURL((u) => u.searchParams.get('active') === 'false')
    await byTestId(page, `unit-row-${id}`).waitFor()
    // The unfiltered rows stay until the filtered answer replaces them.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="units-table"] [data-testid^="unit-state-"]')].every((s) => s.textContent?.trim() === '已撤销'),
    )
    assert.deepEqual(
      [...new Set((await byTestId(page, 'units-table').locator('[data-testid^="unit-state-"]').allTextContents()).map((s) => s.trim()))],
      ['已撤销'],
    )
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('the registry pages fit a 375 px phone', async () => {
    const { page, errors } = await open('/login', phone)
    await signIn(page, server.url, 'staff.henan')
    for (const path of ['/app/registry/deputies', '/app/registry/stations', '/app/registry/units']) {
      await page.goto(server.url + path)
      await page.locator('.el-table__row, .el-table__empty-text').first().waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, `${path} does not scroll sideways`)
    }
    await page.goto(`${server.url}/app/registry/deputies`)
    await byTestId(page, 'deputies-table').locator('.el-table__row').first().waitFor()
    await shot(page, 'registry-phone')
    await byTestId(page, 'deputies-import').click()
    await byTestId(page, 'import-dialog').waitFor()
    assert.ok((await horizontalOverflow(page)) <= 0, 'the import dialog fits')
    await shot(page, 'registry-phone-import', false)
    assert.deepEqual(errors, [])
    await page.context().close()
  })
})
