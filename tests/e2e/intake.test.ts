// 系统管理 → 意见接收队列 in a real Chromium against a real server with the demo data. The server
// runs without an intake worker (`--opinion-intake-interval-ms 0`), so a public submission stays
// queued until the administrator's 立即处理 moves it: the page shows it with its code masked and
// nothing of the citizen, and is empty after the run. Rows the worker gave up on (5 failures) are
// arranged in the database, since nothing a browser can do makes a checked submission fail: the
// page tags them 待人工处理 and shows their error as text (markup in it never runs), and a run
// that cannot move them says so and leaves them queued.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { byTestId, demoPassword, desktop, horizontalOverflow, launchBrowser, open as openIn, phone, shot, signIn, textOf } from './browser.ts'
import { startServer, type Server } from './server.ts'

let server: Server
let browser: Browser

before(async () => {
  server = await startServer({ logName: 'server-intake.log', args: ['--opinion-intake-interval-ms', '0'] })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const intakePath = '/app/admin/opinion-intake'
const markup = '<img src=x onerror=window.__xss=1>'

/** A public opinion to 金水区人大代表联络站 (station 1), as the portal's form sends it; its receipt. */
async function submitPublicOpinion(citizen: { name: string; mobile: string }): Promise<{ tracking_code: string }> {
  const tag = Date.now().toString(36)
  const res = await fetch(`${server.url}/api/v1/public/opinions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      station_id: '1',
      channel: 'online',
      category: 'urban',
      title: `小区门口路灯长期不亮（${tag}）`,
      content: `经三路与纬五路交叉口往北约两百米的路灯已经坏了一个多月，晚上行人看不清路，希望尽快维修。（${tag}）`,
      name: citizen.name,
      mobile: citizen.mobile,
      location: '金水区经三路纬五路口',
      publish: false,
    }),
  })
  const text = await res.text()
  assert.equal(res.status, 201, `POST /api/v1/public/opinions: ${text}`)
  return JSON.parse(text) as { tracking_code: string }
}

/** GET /api/v1/opinions/intake as the demo administrator. */
async function queueTotal(): Promise<number> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: demoPassword }),
  })
  assert.equal(login.status, 200, 'login of admin')
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  const res = await fetch(`${server.url}/api/v1/opinions/intake`, { headers: { Cookie: cookie } })
  assert.equal(res.status, 200, 'GET /api/v1/opinions/intake')
  return ((await res.json()) as { total: number }).total
}

async function signedIn(username: string, viewport = desktop) {
  const opened = await openIn(browser, `${server.url}/login`, viewport)
  await signIn(opened.page, server.url, username)
  return opened
}

/** The side menu's entries by test id (`menu-menu.users`, ...). */
async function menuIds(page: Page): Promise<string[]> {
  return byTestId(page, 'side-menu')
    .locator('[data-testid^="menu-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))
}

async function xss(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)
}

describe('the opinion intake queue in the browser', { timeout: 180_000 }, () => {
  test('a queued public opinion shows masked, without the citizen; 立即处理 moves it and the queue is empty', async () => {
    const citizen = { name: '亓望舒', mobile: '13987654321' }
    const { tracking_code: code } = await submitPublicOpinion(citizen)
    assert.equal(await queueTotal(), 1, 'without a worker the submission stays queued')

    const { page, errors } = await signedIn('admin')
    assert.ok((await menuIds(page)).includes('menu-menu.opinionIntake'), 'the administrator’s menu has 意见接收队列')
    await byTestId(page, 'side-menu').getByText('意见接收队列').click()
    await page.waitForURL((u) => u.pathname === intakePath)
    assert.equal(await page.title(), '意见接收队列 - 呼应 · 人大代表履职服务平台')
    assert.match(await textOf(page, 'intake-intro'), /连续失败 5 次后不再自动重试/)

    const summary = byTestId(page, 'intake-summary')
    await summary.waitFor()
    assert.equal(await summary.getAttribute('data-total'), '1')
    assert.equal(await summary.getAttribute('data-left'), '0')
    assert.equal(await textOf(page, 'intake-summary'), '队列中共 1 条，本页待人工处理 0 条')

    const codes = await byTestId(page, 'intake-code').allTextContents()
    assert.equal(codes.length, 1)
    const shown = codes[0]!.trim()
    assert.match(shown, /^\*+[^*]{2}$/, `the code is masked: ${shown}`)
    assert.ok(shown.endsWith(code.slice(-2)), `${shown} ends with the last 2 characters of ${code}`)
    assert.equal(await textOf(page, 'intake-attempts'), '0')
    assert.equal(await textOf(page, 'intake-status'), '排队中')
    assert.equal(await textOf(page, 'intake-error'), '—')
    assert.equal(await byTestId(page, 'intake-left-tag').count(), 0)
    const received = await byTestId(page, 'intake-table').locator('tbody tr td').nth(1).innerText()
    assert.match(received.trim(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, `received time as on other pages: ${received}`)

    // Nothing of the citizen, nor the full code, anywhere on the page.
    const body = await page.locator('body').innerText()
    for (const secret of [citizen.name, citizen.mobile, code, code.replace(/-/g, '')]) {
      assert.ok(!body.includes(secret), `${secret} does not appear on the page`)
    }
    await shot(page, 'intake-queued')

    await byTestId(page, 'intake-run').click()
    await page.locator('.el-message--success', { hasText: '已处理 1 条，失败 0 条，队列中还有 0 条' }).waitFor()
    await byTestId(page, 'intake-empty').getByText('队列为空').waitFor()
    assert.equal(await byTestId(page, 'intake-table').count(), 0)
    await shot(page, 'intake-processed')
    assert.equal(await queueTotal(), 0, 'the queue is empty on the server too')

    // The opinion is in the queue no more, and a reload says so as well.
    await page.reload()
    await byTestId(page, 'intake-empty').waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('rows left for an operator are tagged 待人工处理 with their error as text; a run that cannot move them says so', async () => {
    const now = Date.now()
    // What the worker leaves behind: a row that failed 5 times (left for an operator) and one that
    // failed twice (to be retried). Their submission cannot be read, so no run can move them.
    await server.sql(
      `INSERT INTO opinion_intake (tracking_code, submission, received_at_ms, attempts, last_error) VALUES ` +
        `('E2ELEFTOPZQ', '{}', ${now - 600_000}, 5, 'constraint failed ${markup}'), ` +
        `('E2ERETRYPXW', '{}', ${now - 60_000}, 2, 'database is locked')`,
    )
    try {
      const { page, errors } = await signedIn('admin')
      await page.goto(`${server.url}${intakePath}`)
      const summary = byTestId(page, 'intake-summary')
      await summary.waitFor()
      assert.equal(await textOf(page, 'intake-summary'), '队列中共 2 条，本页待人工处理 1 条')

      // Oldest first: the row left for an operator, then the one still retried.
      assert.deepEqual(
        (await byTestId(page, 'intake-code').allTextContents()).map((s) => s.trim()),
        ['*********ZQ', '*********XW'],
      )
      assert.equal(await textOf(page, 'intake-left-tag'), '待人工处理')
      assert.equal(await byTestId(page, 'intake-left-tag').count(), 1)
      assert.equal(await textOf(page, 'intake-status'), '等待重试')
      assert.deepEqual(
        (await byTestId(page, 'intake-attempts').allTextContents()).map((s) => s.trim()),
        ['5', '2'],
      )
      // The error is text: the markup is shown, never parsed, and nothing of it runs.
      assert.equal(await textOf(page, 'intake-error'), `constraint failed ${markup}`)
      assert.equal(await byTestId(page, 'intake-table').locator('img').count(), 0)
      assert.equal(await xss(page), undefined)
      await shot(page, 'intake-left-for-operator')

      await byTestId(page, 'intake-run').click()
      await page.locator('.el-message--warning', { hasText: '已处理 0 条，失败 2 条，队列中还有 2 条' }).waitFor()
      // Reloaded: both still queued, each with one failure more and the error of this run.
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-testid="intake-attempts"]')].map((e) => e.textContent?.trim()).join() === '6,3',
      )
      const lastErrors = await byTestId(page, 'intake-error').allTextContents()
      assert.ok(lastErrors.every((e) => e.trim() && !e.includes(markup)), `this run’s errors: ${JSON.stringify(lastErrors)}`)
      assert.equal(await byTestId(page, 'intake-left-tag').count(), 1)
      assert.equal(await xss(page), undefined)
      await shot(page, 'intake-run-failed')
      assert.deepEqual(errors, [])
      await page.context().close()
    } finally {
      await server.sql(`DELETE FROM opinion_intake WHERE tracking_code IN ('E2ELEFTOPZQ', 'E2ERETRYPXW')`)
    }
  })

  test('only administrators have the page; in English at 375 px it fits the screen', async () => {
    // Staff manage accounts but not the platform: no menu entry, and the address is refused.
    const staff = await signedIn('staff.henan')
    const ids = await menuIds(staff.page)
    assert.ok(ids.includes('menu-menu.users') && !ids.includes('menu-menu.opinionIntake'), `staff menu: ${ids.join(', ')}`)
    await staff.page.goto(`${server.url}${intakePath}`)
    await staff.page.waitForURL((u) => u.pathname === '/app/forbidden')
    assert.deepEqual(staff.errors, [])
    await staff.context.close()

    const { page, errors } = await signedIn('admin', phone)
    await page.goto(`${server.url}${intakePath}`)
    await byTestId(page, 'intake-empty').waitFor()
    await byTestId(page, 'lang-switch').click()
    await byTestId(page, 'intake-empty').getByText('The queue is empty').waitFor()
    assert.equal(await textOf(page, 'intake-run'), 'Process now')
    assert.ok((await horizontalOverflow(page)) <= 0, `the page fits (${await horizontalOverflow(page)}px too wide)`)
    await shot(page, 'narrow-375-intake-en')

    // A queued row in English, on the phone: the table scrolls inside its card, the page does not.
    await submitPublicOpinion({ name: '郗砚秋', mobile: '13987650001' })
    await page.reload()
    await byTestId(page, 'intake-summary').getByText('1 queued; 0 on this page left for an operator').waitFor()
    assert.ok((await horizontalOverflow(page)) <= 0, `the page with a row fits (${await horizontalOverflow(page)}px too wide)`)
    await shot(page, 'narrow-375-intake-en-queued')
    await byTestId(page, 'intake-run').click()
    await page.locator('.el-message--success', { hasText: 'Processed 1, failed 0, still queued 0' }).waitFor()
    await byTestId(page, 'intake-empty').waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })
})
