// The workbench home, the notifications bell and inbox, the holiday calendar and the suggestion
// settings in a real Chromium against a real server with the demo data: the 2025 calendar with
// 春节 and its make-up day, an unknown year and a CSV import, a settings edit saved with If-Match,
// and a notification that the bell counts and reading lowers.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { byTestId, demoPassword, desktop, horizontalOverflow, launchBrowser, open as openIn, phone, shot, textOf, type Opened } from './browser.ts'
import { startServer, type Server } from './server.ts'

let server: Server
let browser: Browser

before(async () => {
  server = await startServer({ logName: 'server-inbox-calendar.log' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

type ApiClient = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Record<string, unknown> | null }>
const apiClients = new Map<string, Promise<ApiClient>>()
const sessionCookies = new Map<string, string>()

/** One API session per account for the whole file (sign-ins are limited per account). */
function apiAs(username: string): Promise<ApiClient> {
  let client = apiClients.get(username)
  if (!client) {
    client = signInApi(username)
    apiClients.set(username, client)
  }
  return client
}

async function signInApi(username: string): Promise<ApiClient> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  })
  assert.equal(res.status, 200, `login of ${username}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
  sessionCookies.set(username, cookie)
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  return async (method, p, body, headers = {}) => {
    const r = await fetch(server.url + p, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf_token, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null }
  }
}

/** A browser context on the API session of `username`, opened at `path`. */
async function openAs(username: string, path: string, viewport = desktop): Promise<Opened> {
  await apiAs(username)
  const [name, value] = sessionCookies.get(username)!.split('=') as [string, string]
  const opened = await openIn(browser, 'about:blank', viewport)
  await opened.context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Strict' }])
  await opened.page.goto(server.url + path)
  await byTestId(opened.page, 'account-menu').waitFor()
  return opened
}

async function confirmBox(page: Page) {
  const box = page.locator('.hy-confirm')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button').last().click()
  await box.waitFor({ state: 'detached' })
}

/** The count the bell shows, once it equals `expected` (it refreshes on its own). */
async function bellCount(page: Page, expected: number) {
  const bell = byTestId(page, 'notification-bell')
  await bell.and(page.locator(`[data-count="${expected}"]`)).waitFor()
  const badge = byTestId(page, 'notification-badge').locator('.el-badge__content')
  if (expected > 0) assert.equal(((await badge.textContent()) ?? '').trim(), expected > 99 ? '99+' : String(expected))
  else await badge.waitFor({ state: 'hidden' })
}

describe('home, inbox, calendar and settings in the browser', { timeout: 240_000 }, () => {
  test('admin sees 春节 2025 and its make-up day, 2030 as unknown, imports 2030 from CSV and runs the deadline check', async () => {
    const { page, errors } = await openAs('admin', '/app/admin/calendar?year=2025')
    const newYear = byTestId(page, 'cal-day-2025-01-29')
    await newYear.and(page.locator('[data-kind="holiday"]')).waitFor()
    assert.match((await newYear.getAttribute('data-name')) ?? '', /春节/)
    assert.match((await newYear.getAttribute('title')) ?? '', /春节/)
    for (const d of ['2025-01-28', '2025-01-31', '2025-02-04']) {
      assert.equal(await byTestId(page, `cal-day-${d}`).getAttribute('data-kind'), 'holiday', `${d} is a holiday`)
    }
    // Sunday 26 January 2025 is a make-up working day (调休上班).
    assert.equal(await byTestId(page, 'cal-day-2025-01-26').getAttribute('data-kind'), 'workday')
    assert.equal(await byTestId(page, 'cal-day-2025-01-27').getAttribute('data-kind'), '')
    assert.match(await textOf(page, 'calendar-month-1'), /春节/)
    assert.match(await textOf(page, 'calendar-meta'), /国办发明电/)
    assert.match(await textOf(page, 'calendar-counts'), /节假日 \d+ 天，调休上班 \d+ 天/)
    await byTestId(page, 'menu-menu.calendar').waitFor()
    await shot(page, 'calendar-2025')

    // A year the calendar does not cover is shown as unknown, not as weekends only.
    await page.goto(`${server.url}/app/admin/calendar?year=2030`)
    await byTestId(page, 'calendar-unknown').waitFor()
    assert.match(await textOf(page, 'calendar-unknown'), /2030 年的放假安排尚未导入/)
    assert.equal(await byTestId(page, 'calendar-grid').count(), 0)
    await shot(page, 'calendar-2030-unknown')

    // The administrator imports 2030 from a CSV: a preview with a line the browser cannot read,
    // the rows in the editor and on the grid, then saved.
    const csv = 'date,kind,name\r\n2030-01-01,holiday,元旦\r\n2030-01-05,workday,元旦调休\r\n2030-13-01,holiday,坏行\r\n'
    await byTestId(page, 'calendar-file').setInputFiles({ name: 'holidays-2030.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await byTestId(page, 'calendar-preview').waitFor()
    assert.match(await textOf(page, 'calendar-preview'), /读入 2 行/)
    assert.match(await textOf(page, 'calendar-csv-problems'), /第 4 行/)
    assert.equal(await byTestId(page, 'cal-day-2030-01-05').getAttribute('data-kind'), 'workday')
    await byTestId(page, 'calendar-source').fill('国办发明电〔2029〕1号')
    // A make-up working day on a weekday is flagged next to its row before anything is sent.
    await byTestId(page, 'calendar-add-row').click()
    const date = byTestId(page, 'calendar-row-date-2').locator('input')
    await date.fill('2030-01-08')
    await date.press('Enter')
    await byTestId(page, 'calendar-row-kind-2').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '调休上班' }).first().click()
    await byTestId(page, 'calendar-save').click()
    await byTestId(page, 'calendar-row-error-2').filter({ hasText: '周六或周日' }).waitFor()
    await shot(page, 'calendar-2030-import-preview')
    await byTestId(page, 'calendar-row-remove-2').click()
    const put = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/2030') && r.request().method() === 'PUT')
    await byTestId(page, 'calendar-save').click()
    assert.equal((await put).status(), 200)
    await byTestId(page, 'calendar-meta').filter({ hasText: '国办发明电〔2029〕1号' }).waitFor()
    assert.equal(await byTestId(page, 'cal-day-2030-01-01').getAttribute('data-kind'), 'holiday')
    const api = await apiAs('admin')
    const saved = await api('GET', '/api/v1/calendar/2030')
    assert.equal(saved.body?.known, true)
    assert.deepEqual(
      (saved.body?.days as { date: string; kind: string }[]).map((d) => `${d.date} ${d.kind}`),
      ['2030-01-01 holiday', '2030-01-05 workday'],
    )

    // The deadline sweep on demand answers what it did.
    await byTestId(page, 'scheduler-run').click()
    await confirmBox(page)
    await byTestId(page, 'scheduler-result').waitFor()
    assert.match(await textOf(page, 'scheduler-result'), /期限检查完成：关闭 \d+ 件，发送提醒 \d+ 条/)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('staff read the calendar without editing it and change answer_months of their congress', async () => {
    const { page, errors } = await openAs('staff.henan', '/app/admin/calendar?year=2025')
    await byTestId(page, 'cal-day-2025-01-26').and(page.locator('[data-kind="workday"]')).waitFor()
    assert.equal(await byTestId(page, 'calendar-edit').count(), 0)
    assert.equal(await byTestId(page, 'calendar-import').count(), 0)
    assert.equal(await byTestId(page, 'scheduler-run').count(), 0)

    await byTestId(page, 'menu-menu.suggestionSettings').click()
    await page.waitForURL('**/app/admin/suggestion-settings')
    await byTestId(page, 'settings-form').waitFor()
    assert.match(await textOf(page, 'settings-congress-name'), /河南省人民代表大会/)
    const input = byTestId(page, 'settings-answer_months').locator('input')
    assert.equal(await input.inputValue(), '3')
    assert.equal(await byTestId(page, 'settings-answer_classes-label-1').inputValue(), '正在解决或列入计划逐步解决')
    assert.match(await byTestId(page, 'settings-answer_classes-requires-1').textContent() ?? '', /解决计划/)
    await input.fill('4')
    await input.press('Tab')
    const put = page.waitForResponse((r) => r.url().endsWith('/suggestion-settings') && r.request().method() === 'PUT')
    await byTestId(page, 'settings-save').click()
    const answer = await put
    assert.equal(answer.status(), 200)
    assert.ok(answer.request().headers()['if-match'], 'the save carries If-Match')
    await page.locator('.el-message--success', { hasText: '设置已保存' }).waitFor()
    await shot(page, 'settings-saved')

    // Saved on the server, and shown so after a reload.
    const api = await apiAs('staff.henan')
    const settings = await api('GET', '/api/v1/congresses/1/suggestion-settings')
    assert.equal(settings.body?.answer_months, 4)
    await page.reload()
    await byTestId(page, 'settings-form').waitFor()
    assert.equal(await byTestId(page, 'settings-answer_months').locator('input').inputValue(), '4')

    // A list problem is shown next to its row: a duplicate category code.
    await byTestId(page, 'settings-categories-add').click()
    const rows = await byTestId(page, 'settings-categories').locator('[data-testid^="settings-categories-row-"]').count()
    await byTestId(page, `settings-categories-code-${rows - 1}`).fill('economy')
    await byTestId(page, `settings-categories-label-${rows - 1}`).fill('重复')
    await byTestId(page, 'settings-save').click()
    await byTestId(page, `settings-categories-error-${rows - 1}`).filter({ hasText: '代码重复' }).waitFor()
    await byTestId(page, `settings-categories-remove-${rows - 1}`).click()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('a submitted suggestion notifies the congress staff: the bell counts it, reading it lowers the count', async () => {
    const staff = await apiAs('staff.henan')
    const deputy = await apiAs('deputy.henan')
    // Whatever the demo data left unread is read first, so the count starts at zero.
    assert.equal((await staff('POST', '/api/v1/notifications/read-all')).status < 300, true)
    assert.equal((await staff('GET', '/api/v1/notifications/unread-count')).body?.unread, 0)

    const created = await deputy('POST', '/api/v1/suggestions', {
      title: '关于增设社区养老服务站的建议',
      content: '建议在老旧小区增设社区养老服务站，提供助餐、助浴等服务。',
      category: 'social',
      period: 'recess',
      publication: 'full',
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const id = String(created.body?.id)
    const submitted = await deputy('POST', `/api/v1/suggestions/${id}/submit`, {})
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body))
    assert.equal(submitted.body?.state, 'submitted')
    assert.equal((await staff('GET', '/api/v1/notifications/unread-count')).body?.unread, 1)

    // Signed in, the staff member lands on the workbench: the bell shows 1, the to-dos count the
    // submitted suggestion, and the home lists the notification.
    const { page, errors } = await openAs('staff.henan', '/app')
    await byTestId(page, 'home-page').waitFor()
    await bellCount(page, 1)
    const todo = byTestId(page, 'todo-staff-submitted')
    await todo.and(page.locator('[data-count]:not([data-count=""])')).waitFor()
    assert.ok(Number(await todo.getAttribute('data-count')) >= 1)
    const link = new URL((await todo.getAttribute('href'))!, server.url)
    assert.equal(`${link.pathname}${link.search}`, '/app/suggestions/congress?state=submitted')
    await byTestId(page, 'home-notifications').locator('[data-testid^="home-notification-"]').first().waitFor()
    await shot(page, 'home-staff')

    // The dropdown holds the notification; the inbox marks it read and the bell follows.
    await byTestId(page, 'notification-bell').click()
    const item = byTestId(page, 'notification-panel').locator('[data-testid^="notification-item-"][data-unread="true"]').first()
    await item.waitFor()
    await shot(page, 'bell-open', false)
    await byTestId(page, 'notification-inbox-link').click()
    await page.waitForURL('**/app/notifications')
    const row = byTestId(page, 'inbox-list').locator('[data-unread="true"]').first()
    await row.waitFor()
    const nid = ((await row.getAttribute('data-testid')) ?? '').replace('inbox-row-', '')
    assert.match(await textOf(page, 'inbox-pagination'), /共\s*\d+\s*条/)
    await shot(page, 'inbox')
    const read = page.waitForResponse((r) => r.url().endsWith(`/api/v1/notifications/${nid}/read`))
    await byTestId(page, `inbox-mark-${nid}`).click()
    assert.ok((await read).ok())
    await bellCount(page, 0)
    assert.equal(await byTestId(page, `inbox-row-${nid}`).getAttribute('data-unread'), 'false')
    assert.equal((await staff('GET', '/api/v1/notifications/unread-count')).body?.unread, 0)

    // The unread filter now shows none.
    await byTestId(page, 'inbox-filter-unread').click()
    await page.waitForURL((u) => u.searchParams.get('unread') === 'true')
    await byTestId(page, 'inbox-list').locator('.el-empty').waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('at 375 px the home, the inbox, the calendar and the settings fit the screen', async () => {
    const { page, errors } = await openAs('staff.henan', '/app', phone)
    await byTestId(page, 'home-page').waitFor()
    await byTestId(page, 'notification-bell').waitFor()
    assert.ok((await horizontalOverflow(page)) <= 0, `home fits (${await horizontalOverflow(page)}px too wide)`)
    await shot(page, 'home-375')
    for (const [path, id] of [
      ['/app/notifications', 'inbox-page'],
      ['/app/admin/calendar?year=2025', 'cal-day-2025-01-26'],
      ['/app/admin/suggestion-settings', 'settings-form'],
    ] as const) {
      await page.goto(server.url + path)
      await byTestId(page, id).waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, `${path} fits (${await horizontalOverflow(page)}px too wide)`)
      await shot(page, `${id}-375`)
    }
    assert.deepEqual(errors, [])
    await page.context().close()
  })
})
