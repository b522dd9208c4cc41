// A suggestion from the draft to its closure in a real Chromium against a real server with the
// demo data, through four sign-ins: the deputy writes and submits it, staff register and assign
// it to 省教育厅, the unit accepts it, records a face-to-face contact and answers (class A), and
// the deputy rates it 满意/满意 on a phone, which closes it. The server and the browser share a
// fixed clock (Monday 2026-06-01, 09:00 in Asia/Shanghai), so every deadline is a known date.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { accountMenu, byTestId, desktop, horizontalOverflow, launchBrowser, open as openIn, phone, shot, signIn, type Opened } from './browser.ts'
import { startServer, type Server } from './server.ts'

const now = new Date('2026-06-01T01:00:00Z')
const today = '2026-06-01'
// Registration + 10 working days (no holiday before 端午 on 06-19): 06-15.
const assignDue = '2026-06-15'
// Assignment + 3 months.
const answerDue = '2026-09-01'
// Answer + 10 working days.
const evaluationDue = '2026-06-15'

let server: Server
let browser: Browser

before(async () => {
  server = await startServer({ clock: now, logName: 'server-suggestions.log' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A fresh context whose page believes it is the server's instant, then signed in as `username`. */
async function signedIn(username: string, viewport = desktop): Promise<Opened> {
  const opened = await openIn(browser, 'about:blank', viewport)
  await opened.page.clock.setFixedTime(now)
  await opened.page.goto(`${server.url}/login`)
  await signIn(opened.page, server.url, username)
  return opened
}

/** GET with the page's session (its cookie); for reading what the page should show. */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(server.url + path)
  assert.equal(res.status(), 200, `GET ${path}`)
  return (await res.json()) as T
}

interface Suggestion {
  id: string
  state: string
  number_label: string | null
  assign_due: string | null
  evaluation_due: string | null
  due_date: string | null
  due_status: string | null
  assignments: { id: string; unit: { id: string; name: string }; role: string; state: string; assigned_on: string; answer_due: string }[]
  allowed_actions: string[]
}

async function confirmBox(page: Page) {
  const box = page.locator('.hy-confirm')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button').last().click()
  await box.waitFor({ state: 'detached' })
}

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, selectTestId: string, optionText: string, type?: string) {
  await byTestId(page, selectTestId).click()
  if (type) await page.keyboard.type(type)
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

async function waitForState(page: Page, state: string) {
  await page.locator(`[data-testid="suggestion-state"][data-state="${state}"]`).waitFor()
}

async function act(page: Page, action: string) {
  await byTestId(page, `action-${action}`).click()
}

async function openTab(page: Page, name: 'content' | 'handling' | 'timeline' | 'attachments') {
  await page.locator(`#tab-${name}`).click()
  await byTestId(page, name === 'content' ? 'suggestion-facts' : `${name}-tab`).waitFor()
}

/** The deadline tag's date (shown on hover) and colour (the server's due status). */
async function deadline(page: Page, testId: string): Promise<{ date: string; status: string; text: string }> {
  const tag = byTestId(page, testId).first()
  await tag.waitFor()
  return {
    date: (await tag.getAttribute('data-date')) ?? '',
    status: (await tag.getAttribute('data-status')) ?? '',
    text: ((await tag.textContent()) ?? '').trim(),
  }
}

describe('suggestions in the browser', { timeout: 300_000 }, () => {
  test('a deputy’s suggestion is submitted, registered, assigned, answered and evaluated to its closure', async () => {
    const title = `关于加强农村寄宿制学校建设的建议（${Date.now() % 100000}）`

    // 1. The deputy writes a draft and submits it.
    const deputy = await signedIn('deputy.henan')
    let page = deputy.page
    await byTestId(page, 'menu-menu.suggestionsMine').click()
    await page.waitForURL('**/app/suggestions/mine')
    await byTestId(page, 'suggestions-mine').waitFor()
    await byTestId(page, 'suggestions-create').click()
    await page.waitForURL('**/app/suggestions/new')
    await byTestId(page, 'editor-title').fill(title)
    await choose(page, 'editor-category', '教育')
    await byTestId(page, 'editor-content').fill(
      '一、问题：部分农村寄宿制学校宿舍拥挤、热水供应不足。\n二、分析：建设资金分散，维护经费未列入预算。\n三、建议：设立专项资金，三年内完成改造。',
    )
    // The counter under the text counts what was typed.
    await page.locator('[data-testid="suggestion-editor"] .el-input__count').last().waitFor()
    await byTestId(page, 'editor-save').click()
    await page.waitForURL(/\/app\/suggestions\/\d+$/)
    const id = new URL(page.url()).pathname.split('/').pop()!
    await waitForState(page, 'draft')
    assert.equal((await byTestId(page, 'suggestion-title').textContent())?.trim(), title)
    assert.match((await byTestId(page, 'suggestion-state').textContent()) ?? '', /草稿/)
    await shot(page, 'suggestion-draft')

    await act(page, 'submit')
    await confirmBox(page)
    await waitForState(page, 'submitted')
    assert.match((await byTestId(page, 'suggestion-state').textContent()) ?? '', /已提交/)
    // Submitted, the deputy may still withdraw it but no longer submit or edit it.
    await byTestId(page, 'action-withdraw').waitFor()
    assert.equal(await byTestId(page, 'action-submit').count(), 0)
    assert.equal(await byTestId(page, 'suggestion-edit').count(), 0)
    assert.deepEqual(deputy.errors, [])
    await accountMenu(page, 'logout')
    await deputy.context.close()

    // 2. Staff find it among the submitted items, register it and assign it to 省教育厅.
    const staff = await signedIn('staff.henan')
    page = staff.page
    // The unit of handler.edu, by name, from the accounts staff manage.
    const users = await apiGet<{ items: { username: string; grants: { role: string; scope_id: string; scope_name?: string }[] }[] }>(
      page,
      '/api/v1/users?q=handler.edu',
    )
    const handlerGrant = users.items.find((u) => u.username === 'handler.edu')?.grants.find((g) => g.role === 'unit_handler')
    assert.ok(handlerGrant?.scope_name, 'the unit of handler.edu has a name')
    const unitName = handlerGrant.scope_name
    assert.match(unitName, /教育厅/)

    await byTestId(page, 'menu-menu.suggestionsCongress').click()
    await page.waitForURL('**/app/suggestions/congress')
    // Staff start from what waits for review: the state filter says 已提交.
    assert.match((await byTestId(page, 'suggestions-filter-state').textContent()) ?? '', /已提交/)
    await byTestId(page, `suggestion-row-${id}`).click()
    await page.waitForURL(`**/app/suggestions/${id}`)
    await waitForState(page, 'submitted')
    for (const a of ['register', 'return', 'reject']) await byTestId(page, `action-${a}`).waitFor()

    await act(page, 'register')
    await confirmBox(page)
    await waitForState(page, 'registered')
    assert.match((await byTestId(page, 'suggestion-number').textContent()) ?? '', /^第\d{4}号$/)
    // The deadline of the step: assign within 10 working days, due soon (yellow).
    let registered = await apiGet<Suggestion>(page, `/api/v1/suggestions/${id}`)
    assert.equal(registered.assign_due, assignDue)
    let tag = await deadline(page, 'suggestion-due')
    assert.equal(tag.date, assignDue)
    assert.equal(tag.status, 'due_soon')
    assert.match(tag.text, /14 天后到期/)
    tag = await deadline(page, 'suggestion-assign-due')
    assert.equal(tag.date, assignDue)

    await act(page, 'assign')
    await byTestId(page, 'assign-dialog').waitFor()
    await choose(page, 'assign-lead-unit', unitName, '教育厅')
    await byTestId(page, 'assign-send').click()
    await waitForState(page, 'assigned')
    await shot(page, 'suggestion-assigned', false)

    const assigned = await apiGet<Suggestion>(page, `/api/v1/suggestions/${id}`)
    assert.equal(assigned.assignments.length, 1)
    const assignment = assigned.assignments[0]!
    assert.equal(assignment.unit.name, unitName)
    assert.equal(assignment.role, 'lead')
    assert.equal(assignment.assigned_on, today)
    assert.equal(assignment.answer_due, answerDue)
    // The answer is due in three months: far off, grey.
    await openTab(page, 'handling')
    assert.equal((await byTestId(page, 'assignment-assigned-on').textContent())?.trim(), today)
    tag = await deadline(page, 'assignment-answer-due')
    assert.equal(tag.date, answerDue)
    assert.equal(tag.status, 'normal')
    assert.match(tag.text, /剩 92 天/)
    assert.equal((await byTestId(page, 'assignment-state').textContent())?.trim(), '待签收')

    // The list of assigned items shows the same answer deadline, and exports to Excel.
    await page.goto(`${server.url}/app/suggestions/congress?state=assigned`)
    tag = await deadline(page, `suggestion-due-${id}`)
    assert.equal(tag.date, answerDue)
    assert.equal(tag.status, 'normal')
    const download = page.waitForEvent('download')
    await byTestId(page, 'suggestions-export').click()
    assert.equal((await download).suggestedFilename(), 'suggestions.xlsx')
    assert.deepEqual(staff.errors, [])
    await accountMenu(page, 'logout')
    await staff.context.close()

    // 3. The unit accepts it, meets the deputy and answers (class A).
    const handler = await signedIn('handler.edu')
    page = handler.page
    await byTestId(page, 'menu-menu.suggestionsUnit').click()
    await page.waitForURL('**/app/suggestions/unit')
    tag = await deadline(page, `suggestion-due-${id}`)
    assert.equal(tag.date, answerDue)
    await byTestId(page, `suggestion-row-${id}`).click()
    await page.waitForURL(`**/app/suggestions/${id}`)
    await waitForState(page, 'assigned')

    await act(page, 'accept')
    await confirmBox(page)
    await byTestId(page, 'action-record-contact').waitFor()
    await openTab(page, 'handling')
    await page.locator('[data-testid="assignment-state"][data-state="accepted"]').waitFor()

    await act(page, 'record-contact')
    const contactDialog = page.locator('[data-testid="action-dialog"][data-action="record-contact"]')
    await contactDialog.waitFor()
    await byTestId(page, 'action-method-face_to_face').click()
    assert.equal(await page.locator('[data-testid="action-date"] input').inputValue(), today)
    await byTestId(page, 'action-note').fill('到代表所在学校面商，实地查看宿舍和热水设施，听取代表意见。')
    await byTestId(page, 'action-send').click()
    await page.locator('[data-testid="contact"] [data-method="face_to_face"]').waitFor()
    assert.match((await byTestId(page, 'contact').first().textContent()) ?? '', /面商/)

    await act(page, 'answer')
    await byTestId(page, 'answer-dialog').waitFor()
    await byTestId(page, 'answer-class-A').click()
    // Class A asks for no plan; B would.
    assert.equal(await byTestId(page, 'answer-plan').count(), 0)
    await byTestId(page, 'answer-class-B').click()
    await byTestId(page, 'answer-plan').waitFor()
    await byTestId(page, 'answer-class-A').click()
    await byTestId(page, 'answer-plan').waitFor({ state: 'detached' })
    await byTestId(page, 'answer-text').fill('我厅已会同财政厅设立农村寄宿制学校改造专项资金，今年内完成首批 120 所学校宿舍和热水设施改造。')
    await byTestId(page, 'answer-signed-by').fill('周涛')
    await byTestId(page, 'answer-send').click()
    await waitForState(page, 'answered')
    assert.match((await byTestId(page, 'answer-class-tag').textContent()) ?? '', /^A/)
    // The answer deadline is met; the deputy's evaluation is due in 10 working days (yellow).
    tag = await deadline(page, 'assignment-answer-due')
    assert.equal(tag.date, answerDue)
    assert.equal(tag.status, 'met')
    const answered = await apiGet<Suggestion>(page, `/api/v1/suggestions/${id}`)
    assert.equal(answered.evaluation_due, evaluationDue)
    tag = await deadline(page, 'evaluation-due')
    assert.equal(tag.date, evaluationDue)
    assert.equal(tag.status, 'due_soon')
    await shot(page, 'suggestion-answered')
    assert.deepEqual(handler.errors, [])
    await accountMenu(page, 'logout')
    await handler.context.close()

    // 4. The deputy, on a phone, rates it 满意 / 满意: closed.
    const onPhone = await signedIn('deputy.henan', phone)
    page = onPhone.page
    await byTestId(page, 'menu-toggle').click()
    await byTestId(page, 'menu-menu.suggestionsMine').click()
    await page.waitForURL('**/app/suggestions/mine')
    tag = await deadline(page, `suggestion-due-${id}`)
    assert.equal(tag.date, evaluationDue)
    assert.equal(tag.status, 'due_soon')
    assert.equal(await horizontalOverflow(page), 0)
    await byTestId(page, `suggestion-row-${id}`).click()
    await page.waitForURL(`**/app/suggestions/${id}`)
    await waitForState(page, 'answered')
    assert.equal(await horizontalOverflow(page), 0)

    await act(page, 'evaluate')
    await page.locator('[data-testid="action-dialog"][data-action="evaluate"]').waitFor()
    await byTestId(page, 'action-attitude-satisfied').click()
    await byTestId(page, 'action-result-satisfied').click()
    await byTestId(page, 'action-send').click()
    await waitForState(page, 'closed')
    assert.match((await byTestId(page, 'suggestion-state').textContent()) ?? '', /已办结/)
    assert.equal(await byTestId(page, 'suggestion-actions').locator('[data-testid^="action-"]').count(), 0)
    assert.equal(await horizontalOverflow(page), 0)

    await openTab(page, 'handling')
    assert.match((await byTestId(page, 'evaluation').textContent()) ?? '', /办理态度：满意.*办理结果：满意/)
    await openTab(page, 'timeline')
    await page.locator('[data-testid="timeline-item"][data-action="evaluate"]').waitFor()
    const steps = await page.locator('[data-testid="timeline-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    for (const step of ['create', 'submit', 'register', 'assign', 'accept', 'record-contact', 'answer', 'evaluate'])
      assert.ok(steps.includes(step), `the timeline shows ${step}: ${steps.join(', ')}`)
    assert.equal(await horizontalOverflow(page), 0)
    await shot(page, 'suggestion-closed-phone')
    const closed = await apiGet<Suggestion>(page, `/api/v1/suggestions/${id}`)
    assert.equal(closed.state, 'closed')
    assert.deepEqual(onPhone.errors, [])
    await onPhone.context.close()
  })
})
