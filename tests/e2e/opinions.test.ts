// A citizen's opinion from the public form to its closure, in a real Chromium against a real
// server with the demo data: on a phone (375×812, no account) the citizen writes to 金水区人大代表
// 联络站 (station 1) and gets a tracking code; the station's keeper (keeper.jinshui) accepts it
// and answers on the spot in the workbench; the citizen tracks it with the code and the mobile's
// last 4 digits, reads the answer and rates it 满意, which closes it. The opinion's text carries
// markup that must stay text: no script of it ever runs. The server and the browser share a fixed
// clock (Monday 2026-06-01, 09:00 in Asia/Shanghai), so the deadline to accept is a known date.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { byTestId, demoPassword, desktop, horizontalOverflow, launchBrowser, open as openIn, phone, shot, signIn, textOf, type Opened } from './browser.ts'
import { startServer, type Server } from './server.ts'

const now = new Date('2026-06-01T01:00:00Z')
// Received on Monday 06-01: accept within 3 working days, by Thursday 06-04 (due soon, yellow).
const acceptDue = '2026-06-04'
const station = { id: '1', name: '金水区人大代表联络站' }
const mobile = '13912345678'
const last4 = '5678'
const markup = '<img src=x onerror=window.__xss=1>'

let server: Server
let browser: Browser

before(async () => {
  server = await startServer({ clock: now, logName: 'server-opinions.log' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A phone as a citizen holds it: touch, mobile viewport, Chinese, on the server's clock; no account. */
async function citizenPhone(): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.clock.setFixedTime(now)
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    // A wrong tracking code answers 404 on purpose; the page shows it.
    const api4xx = /status of 4\d\d/.test(msg.text()) && msg.location().url.includes('/api/')
    if (!api4xx) errors.push(msg.text())
  })
  return { page, context, errors }
}

/** A desktop signed in as `username`, on the server's clock. */
async function signedIn(username: string): Promise<Opened> {
  const opened = await openIn(browser, 'about:blank', desktop)
  await opened.page.clock.setFixedTime(now)
  await opened.page.goto(`${server.url}/login`)
  await signIn(opened.page, server.url, username)
  return opened
}

async function confirmBox(page: Page) {
  const box = page.locator('.hy-confirm')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button').last().click()
  await box.waitFor({ state: 'detached' })
}

/**
 * POST /api/v1/opinions/intake/run as the demo administrator: whatever public submission is
 * still queued in opinion_intake becomes an opinion now. The server's own intake worker
 * usually has done it already; this makes the keeper's board deterministic.
 */
async function runIntake(): Promise<{ processed: number; failed: number; pending: number }> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: demoPassword }),
  })
  assert.equal(login.status, 200, 'login of admin')
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  const { csrf_token } = (await login.json()) as { csrf_token: string }
  const res = await fetch(`${server.url}/api/v1/opinions/intake/run`, {
    method: 'POST',
    headers: { Cookie: cookie, 'X-CSRF-Token': csrf_token, 'Content-Type': 'application/json' },
    body: '{}',
  })
  const text = await res.text()
  assert.equal(res.status, 200, `POST /api/v1/opinions/intake/run: ${text}`)
  return JSON.parse(text) as { processed: number; failed: number; pending: number }
}

async function xss(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)
}

interface Opinion {
  id: string
  tracking_code: string
  channel: string
  state: string
  accept_due: string
  due_date: string | null
  due_status: string | null
  citizen: { name: string; mobile: string }
  content: string
  reply: string | null
  rating: string | null
  allowed_actions: string[]
}

describe('citizens’ opinions in the browser', { timeout: 300_000 }, () => {
  test('a citizen’s opinion is submitted on a phone, accepted and answered on the spot by the keeper, tracked and rated 满意', async () => {
    const title = `小区门口路灯不亮（${Date.now() % 100000}）`
    const content = `经三路21号附近的路灯已经坏了两周，晚上行人很不安全。\n请尽快维修。${markup}`

    // 1. The station's page shows its QR code for the form; the home page leads to the form.
    const citizen = await citizenPhone()
    let page = citizen.page
    await page.goto(`${server.url}/stations/${station.id}`)
    const qr = byTestId(page, 'opinion-qr')
    await qr.waitFor()
    assert.equal(await qr.getAttribute('data-url'), `${server.url}/opinion?station=${station.id}`)
    await byTestId(page, 'opinion-qr-image').waitFor()
    assert.match((await byTestId(page, 'opinion-qr-image').getAttribute('src')) ?? '', /^data:image\/png;base64,/)
    assert.equal(await horizontalOverflow(page), 0, 'the station page fits 375 px')

    await page.goto(`${server.url}/`)
    await byTestId(page, 'home-leave-opinion').tap()
    await page.waitForURL('**/opinion')
    await byTestId(page, 'opinion-submit').waitFor()

    // Sending an empty form names what is missing next to the fields.
    await byTestId(page, 'opinion-submit').tap()
    await byTestId(page, 'opinion-error-station').waitFor()
    assert.match(await textOf(page, 'opinion-error-station'), /请选择要反映的联络站/)
    assert.ok((await page.locator('.el-form-item.is-error').count()) >= 4, 'category, title, content, name and mobile are flagged')

    // 2. The citizen finds the station by name, and writes.
    await byTestId(page, 'opinion-station-search').fill(station.name)
    await byTestId(page, `opinion-station-${station.id}`).tap()
    assert.equal(await byTestId(page, 'opinion-chosen-station').getAttribute('data-id'), station.id)
    await byTestId(page, 'opinion-category-urban').tap()
    await byTestId(page, 'opinion-title').fill(title)
    await byTestId(page, 'opinion-content').fill(content)
    // The counter under the text counts what was typed, out of 5000.
    assert.match(await page.locator('[data-testid="opinion-content"]').locator('..').locator('.el-input__count').textContent() ?? '', /5000/)
    await byTestId(page, 'opinion-name').fill('王小明')
    await byTestId(page, 'opinion-mobile').fill('1391234')
    await byTestId(page, 'opinion-mobile').blur()
    await page.locator('.el-form-item.is-error', { hasText: '请填写 11 位手机号' }).waitFor()
    await byTestId(page, 'opinion-mobile').fill(mobile)
    await byTestId(page, 'opinion-location').fill('金水区经三路21号')
    await byTestId(page, 'opinion-publish').tap()
    assert.equal(await horizontalOverflow(page), 0, 'the form fits 375 px')
    await shot(page, 'opinion-form-phone')
    await byTestId(page, 'opinion-submit').tap()

    await byTestId(page, 'opinion-done').waitFor()
    const code = await textOf(page, 'opinion-code')
    assert.match(code, /^[23456789A-HJKMNP-Z]{4}-[23456789A-HJKMNP-Z]{4}-[23456789A-HJKMNP-Z]{2}$/)
    assert.match(await textOf(page, 'opinion-keep'), new RegExp(last4))
    await byTestId(page, 'opinion-copy').waitFor()
    assert.equal(await horizontalOverflow(page), 0, 'the receipt fits 375 px')
    await shot(page, 'opinion-done-phone', false)
    assert.equal(await xss(page), undefined)
    assert.deepEqual(citizen.errors, [])
    await citizen.context.close()

    // The submission waits in the intake queue until the intake worker moves it (usually at
    // once); moving whatever is left now makes the keeper's board deterministic.
    const intake = await runIntake()
    assert.equal(intake.failed, 0, `the intake moves the opinion: ${JSON.stringify(intake)}`)
    assert.equal(intake.pending, 0, `nothing left queued: ${JSON.stringify(intake)}`)

    // 3. The keeper finds it on the station's board among the new ones, accepts it and answers on the spot.
    const keeper = await signedIn('keeper.jinshui')
    page = keeper.page
    // The workbench home counts the station's new opinions, and links to them.
    const newCard = byTestId(page, 'todo-keeper-opinionsNew')
    await page.locator('[data-testid="todo-keeper-opinionsNew"]:not([data-count=""])').waitFor()
    assert.ok(Number(await newCard.getAttribute('data-count')) >= 1, 'the new opinion is counted')
    await byTestId(page, 'menu-menu.opinionsStation').click()
    await page.waitForURL('**/app/opinions/station')
    await byTestId(page, 'opinions-tab-new').click()
    await page.waitForURL('**/app/opinions/station?state=received')
    // The demo station has many opinions: the keyword narrows the board to this one.
    await byTestId(page, 'opinions-filter-q').fill(title)
    await byTestId(page, 'opinions-search').click()
    await page.waitForURL(/[?&]q=/)
    const row = page.locator('[data-testid^="opinion-row-"]', { hasText: title })
    await row.waitFor()
    const id = ((await row.getAttribute('data-testid')) ?? '').replace('opinion-row-', '')
    assert.match(id, /^\d+$/)
    const dueTag = byTestId(page, `opinion-due-${id}`)
    assert.equal(await dueTag.getAttribute('data-date'), acceptDue)
    assert.equal(await dueTag.getAttribute('data-status'), 'due_soon')
    await row.click()
    await page.waitForURL(`**/app/opinions/${id}`)
    await page.locator('[data-testid="opinion-state"][data-state="received"]').waitFor()
    assert.equal(await textOf(page, 'opinion-title'), title)
    assert.equal(await byTestId(page, 'opinion-due').getAttribute('data-date'), acceptDue)
    // The keeper sees the whole code; the citizen's markup is text; the contact is masked.
    assert.equal(await textOf(page, 'opinion-code'), code)
    assert.ok((await textOf(page, 'opinion-content')).includes(markup), 'the markup shows literally')
    assert.equal(await page.locator('[data-testid="opinion-content"] img').count(), 0)
    assert.equal(await xss(page), undefined)
    const masked = await textOf(page, 'opinion-citizen')
    assert.match(masked, /王\*/)
    assert.match(masked, /139\*\*\*\*5678/)
    assert.ok(!masked.includes(mobile))

    // Unmasking is an explicit, confirmed (audited) click.
    await byTestId(page, 'opinion-reveal').click()
    await confirmBox(page)
    assert.equal(await textOf(page, 'opinion-contact-mobile'), mobile)
    assert.equal(await textOf(page, 'opinion-contact-name'), '王小明')

    const before = (await (await page.request.get(`${server.url}/api/v1/opinions/${id}`)).json()) as Opinion
    assert.equal(before.channel, 'online')
    assert.equal(before.accept_due, acceptDue)
    assert.deepEqual(new Set(before.allowed_actions), new Set(['accept', 'reject']))

    await byTestId(page, 'opinion-action-accept').click()
    await page.locator('[data-testid="opinion-action-dialog"][data-action="accept"]').waitFor()
    await byTestId(page, 'opinion-action-note').fill('属于路灯维护问题，联络站受理。')
    await byTestId(page, 'opinion-action-send').click()
    await page.locator('[data-testid="opinion-state"][data-state="accepted"]').waitFor()
    for (const a of ['answer-on-spot', 'refer']) await byTestId(page, `opinion-action-${a}`).waitFor()

    const answer = '已联系金水区城市管理局，路灯将于本周五前修复。感谢您的反映！'
    await byTestId(page, 'opinion-action-answer-on-spot').click()
    await page.locator('[data-testid="opinion-action-dialog"][data-action="answer-on-spot"]').waitFor()
    // Nothing written: the dialog says so and sends nothing.
    await byTestId(page, 'opinion-action-send').click()
    await page.locator('[data-testid="opinion-action-dialog"] .el-form-item.is-error').waitFor()
    await byTestId(page, 'opinion-action-text').fill(answer)
    await byTestId(page, 'opinion-action-send').click()
    await page.locator('[data-testid="opinion-state"][data-state="answered_on_spot"]').waitFor()
    assert.equal(await textOf(page, 'opinion-reply'), answer)
    assert.equal(await byTestId(page, 'opinion-actions').locator('[data-testid^="opinion-action-"]').count(), 0)

    await page.locator('#tab-timeline').click()
    await page.locator('[data-testid="opinion-timeline-item"][data-action="answer-on-spot"]').waitFor()
    const steps = await page.locator('[data-testid="opinion-timeline-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    assert.deepEqual(steps, ['receive', 'accept', 'answer-on-spot'])
    await shot(page, 'opinion-answered-keeper')
    assert.equal(await xss(page), undefined)
    assert.deepEqual(keeper.errors, [])
    await keeper.context.close()

    // 4. The citizen tracks it with the code and the last 4 digits, reads the answer, rates it 满意.
    const back = await citizenPhone()
    page = back.page
    await page.goto(`${server.url}/`)
    await byTestId(page, 'home-track').tap()
    await page.waitForURL('**/track')
    // Wrong digits: the same "no match" as an unknown code.
    await byTestId(page, 'track-code').fill(code.toLowerCase().replace(/-/g, ''))
    await byTestId(page, 'track-last4').fill('0000')
    await byTestId(page, 'track-submit').tap()
    await byTestId(page, 'track-problem').waitFor()
    assert.match(await textOf(page, 'track-problem'), /不正确/)
    await byTestId(page, 'track-last4').fill(last4)
    await byTestId(page, 'track-submit').tap()

    await byTestId(page, 'track-result').waitFor()
    assert.equal(await textOf(page, 'track-result-code'), code)
    assert.equal(await byTestId(page, 'track-state').getAttribute('data-state'), 'answered_on_spot')
    assert.equal(await textOf(page, 'track-title'), title)
    assert.ok((await textOf(page, 'track-content')).includes(markup), 'the markup shows literally')
    assert.equal(await page.locator('[data-testid="track-content"] img').count(), 0)
    assert.equal(await textOf(page, 'track-answer-text'), answer)
    const shown = await page.locator('[data-testid="track-step"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
    assert.deepEqual(shown, ['answered_on_spot', 'accepted', 'received'])
    assert.equal(await xss(page), undefined)
    assert.equal(await horizontalOverflow(page), 0, 'the tracking page fits 375 px')
    await shot(page, 'opinion-track-phone')

    await byTestId(page, 'track-rate-satisfied').tap()
    await byTestId(page, 'track-comment').fill('修得很快，谢谢！')
    await byTestId(page, 'track-rate-submit').tap()
    await page.locator('[data-testid="track-state"][data-state="closed"]').waitFor()
    assert.match(await textOf(page, 'track-state'), /已办结/)
    assert.match(await textOf(page, 'track-rating'), /满意/)
    assert.equal(await byTestId(page, 'track-rate').count(), 0, 'a closed opinion is not rated twice')
    assert.equal(await xss(page), undefined)
    assert.equal(await horizontalOverflow(page), 0)
    await shot(page, 'opinion-closed-phone')
    assert.deepEqual(back.errors, [])
    await back.context.close()

    // The record agrees: closed, rated satisfied; the contact view was audited.
    const staff = await signedIn('staff.jinshui')
    const closed = (await (await staff.page.request.get(`${server.url}/api/v1/opinions/${id}`)).json()) as Opinion
    assert.equal(closed.state, 'closed')
    assert.equal(closed.rating, 'satisfied')
    assert.equal(closed.reply, answer)
    assert.equal(closed.citizen.mobile, '139****5678')
    const audit = await staff.page.request.get(`${server.url}/api/v1/audit?action=opinion.contact_view&record_type=opinion&record_id=${id}`)
    assert.equal(audit.status(), 200)
    assert.equal(((await audit.json()) as { total: number }).total, 1, 'the one unmasked view is in the audit log')
    await staff.context.close()
  })

  test('a QR code’s address opens the form pre-filled with the station', async () => {
    const citizen = await citizenPhone()
    const page = citizen.page
    await page.goto(`${server.url}/opinion?station=${station.id}`)
    const chosen = byTestId(page, 'opinion-chosen-station')
    await chosen.waitFor()
    assert.equal(await chosen.getAttribute('data-id'), station.id)
    assert.match((await chosen.textContent()) ?? '', new RegExp(station.name))
    assert.equal(await byTestId(page, 'opinion-station-search').count(), 0, 'no station to pick')
    assert.equal(await horizontalOverflow(page), 0)
    assert.deepEqual(citizen.errors, [])
    await citizen.context.close()
  })
})
