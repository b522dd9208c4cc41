// Sign-in, roles in the menu, the forced password change, user administration, the audit log,
// API tokens and sessions, in a real Chromium against a real server with the demo users.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, beforeEach, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import {
  accountMenu,
  byTestId,
  demoPassword,
  desktop,
  horizontalOverflow,
  launchBrowser,
  open as openIn,
  phone,
  shot,
  signIn,
  submitLogin,
  textOf,
} from './browser.ts'
import { artifactsDir, startServer, type Server } from './server.ts'

let server: Server
let browser: Browser
// The server reads the time from a file: sessions expire, and rate-limit windows pass, on demand.
let clock = new Date()

before(async () => {
  server = await startServer({ clock, logName: 'server-accounts.log' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function advance(minutes: number) {
  clock = new Date(clock.getTime() + minutes * 60_000)
  await server.setClock(clock)
}

// Every sign-in counts against the per-address login limit (30 in 5 minutes); each test starts
// in a fresh rate-limit window, well inside the 30-minute idle timeout of its own sessions.
beforeEach(async () => {
  await advance(6)
})

async function open(path: string, viewport = desktop) {
  return openIn(browser, server.url + path, viewport)
}

const path = (page: Page) => new URL(page.url()).pathname

/** The side menu's entries by test id (`menu-menu.users`, ...). */
async function menuIds(page: Page): Promise<string[]> {
  return byTestId(page, 'side-menu')
    .locator('[data-testid^="menu-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))
}

/** Picks an option of an Element Plus select by its visible text. */
async function choose(page: Page, selectTestId: string, optionText: string) {
  await byTestId(page, selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

/** Answers the confirmation box with its confirm button. */
async function confirmBox(page: Page) {
  const box = page.locator('.hy-confirm')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button').last().click()
  await box.waitFor({ state: 'detached' })
}

/** A signed-in API client for arranging data the test then looks at in the browser. */
async function apiAs(username: string, password = demoPassword) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(res.status, 200, `login of ${username}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  return async (method: string, p: string, body?: unknown) => {
    const r = await fetch(server.url + p, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf_token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null }
  }
}

describe('accounts in the browser', { timeout: 180_000 }, () => {
  test('staff of the province sign in and see 系统管理 with 用户管理 and 审计日志', async () => {
    const { page, errors } = await open('/login')
    await byTestId(page, 'login-card').waitFor()
    await shot(page, 'login')
    await signIn(page, server.url, 'staff.henan')
    // Signed in, the workbench home (工作台) is where one lands.
    await page.waitForURL((u) => u.pathname === '/app')
    assert.match(await textOf(page, 'account-name'), /王晓燕/)

    const menu = await menuIds(page)
    for (const id of ['menu-menu.registry', 'menu-menu.regions', 'menu-menu.admin', 'menu-menu.users', 'menu-menu.audit']) {
      assert.ok(menu.includes(id), `${id} is in the staff menu (${menu.join(', ')})`)
    }
    // API tokens are for administrators only.
    assert.ok(!menu.includes('menu-menu.apiTokens'))
    const side = byTestId(page, 'side-menu')
    await side.getByText('系统管理').waitFor()
    await side.getByText('用户管理').waitFor()
    await side.getByText('审计日志').waitFor()
    await shot(page, 'staff-menu')

    // The user list holds the accounts of the province's congress, deputies among them.
    await byTestId(page, 'menu-menu.users').click()
    await page.waitForURL('**/app/admin/users')
    await byTestId(page, 'user-deputy.henan').waitFor()
    assert.match(await textOf(page, 'users-pagination'), /共\s*\d+\s*条/)
    await shot(page, 'users-staff')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('a deputy sees no 系统管理, and the users page refuses them', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'deputy.henan')
    // Signed in, the workbench home (工作台) is where one lands.
    await page.waitForURL((u) => u.pathname === '/app')
    const menu = await menuIds(page)
    assert.ok(menu.includes('menu-menu.regions'), `the deputy reaches the regions (${menu.join(', ')})`)
    assert.ok(!menu.some((id) => ['menu-menu.admin', 'menu-menu.users', 'menu-menu.audit', 'menu-menu.apiTokens'].includes(id)))
    assert.equal(await byTestId(page, 'side-menu').getByText('系统管理').count(), 0)
    await shot(page, 'deputy-menu')

    await page.goto(`${server.url}/app/admin/users`)
    await byTestId(page, 'forbidden').waitFor()
    assert.match(await textOf(page, 'forbidden'), /没有权限/)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('a wrong password, or an unknown user, shows the same error and stays on the login page', async () => {
    const { page, errors } = await open('/login')
    await submitLogin(page, 'staff.henan', 'not-the-password')
    await byTestId(page, 'login-error').filter({ hasText: '用户名或密码错误' }).waitFor()
    assert.equal(path(page), '/login')
    await shot(page, 'login-wrong-password')

    // The same words for an unknown user: the page does not tell whether the account exists.
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
    await submitLogin(page, 'no.such.user', 'not-the-password')
    assert.equal((await answer).status(), 401)
    await byTestId(page, 'login-error').filter({ hasText: '用户名或密码错误' }).waitFor()
    assert.equal(await byTestId(page, 'account-menu').count(), 0)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('repeated failures lock the username and the page says for how many minutes', async () => {
    const { page, errors } = await open('/login')
    let locked = false
    for (let attempt = 1; attempt <= 6 && !locked; attempt++) {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
      await submitLogin(page, 'locked.out', `wrong-${attempt}`)
      locked = (await answer).status() === 429
    }
    assert.ok(locked, 'the sixth attempt at the latest is refused with 429')
    const message = await textOf(page, 'login-error')
    assert.match(message, /锁定/)
    assert.match(message, /15 分钟/)
    await shot(page, 'login-locked')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('a visitor asking for a protected page signs in and lands on it', async () => {
    const { page, errors } = await open('/app/admin/users?q=staff')
    await page.waitForURL((u) => u.pathname === '/login')
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/app/admin/users?q=staff')
    await signIn(page, server.url, 'admin')
    await page.waitForURL((u) => u.pathname === '/app/admin/users')
    assert.equal(new URL(page.url()).searchParams.get('q'), 'staff')
    await byTestId(page, 'user-staff.henan').waitFor()
    // An administrator also sees the API tokens.
    assert.ok((await menuIds(page)).includes('menu-menu.apiTokens'))
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('an administrator creates a user, who signs in with the one-time password and must change it', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'admin')
    await byTestId(page, 'menu-menu.users').click()
    await page.waitForURL('**/app/admin/users')

    await byTestId(page, 'users-create').click()
    const dialog = byTestId(page, 'create-user-dialog')
    await dialog.waitFor()
    await byTestId(page, 'create-user-username').fill('e2e.deputy')
    await byTestId(page, 'create-user-display-name').fill('测试代表甲')
    await byTestId(page, 'create-user-mobile').fill('13800138000')
    await choose(page, 'create-user-role', '人大代表')
    assert.equal(await textOf(page, 'create-user-scope-type'), '人大')
    await choose(page, 'create-user-scope', '河南省人民代表大会')
    await shot(page, 'create-user-dialog', false)
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST')
    await byTestId(page, 'create-user-submit').click()
    assert.equal((await created).status(), 201)

    // The one-time password is shown once, with a copy button.
    const otp = (await textOf(page, 'one-time-secret-value')).trim()
    assert.ok(otp.length >= 10, `a one-time password is shown (${otp})`)
    await byTestId(page, 'one-time-secret-copy').waitFor()
    await shot(page, 'one-time-password', false)
    await byTestId(page, 'one-time-secret-close').click()
    await byTestId(page, 'user-e2e.deputy').waitFor()

    await accountMenu(page, 'logout')
    await page.waitForURL((u) => u.pathname === '/login')
    await byTestId(page, 'login-notice').filter({ hasText: '已安全退出' }).waitFor()

    // The new user is sent to the password page, and nothing else is reachable until changed.
    await submitLogin(page, 'e2e.deputy', otp)
    await page.waitForURL((u) => u.pathname === '/app/account/password')
    await byTestId(page, 'password-forced').waitFor()
    assert.deepEqual(await menuIds(page), [])
    await page.goto(`${server.url}/app/registry/regions`)
    await page.waitForURL((u) => u.pathname === '/app/account/password')
    await byTestId(page, 'password-forced').waitFor()
    await shot(page, 'password-forced')

    const fresh = 'Xin-Mima-2026'
    await byTestId(page, 'password-current').fill(otp)
    await byTestId(page, 'password-new').fill(fresh)
    await byTestId(page, 'password-confirm').fill(fresh)
    for (const rule of ['length', 'classes', 'username', 'match']) {
      assert.equal(await byTestId(page, `password-rule-${rule}`).getAttribute('data-ok'), 'true', `rule ${rule} is met`)
    }
    await byTestId(page, 'password-submit').click()
    // Changed, the user lands in the app where they were going, with their menu.
    await page.waitForURL((u) => u.pathname === '/app/registry/regions')
    await byTestId(page, 'region-node-410000').waitFor()
    assert.ok((await menuIds(page)).includes('menu-menu.regions'))
    assert.equal(await textOf(page, 'account-name'), '测试代表甲')
    await shot(page, 'password-changed')

    // The new password is the one that works from now on.
    await accountMenu(page, 'logout')
    await page.waitForURL((u) => u.pathname === '/login')
    await signIn(page, server.url, 'e2e.deputy', fresh)
    await page.waitForURL((u) => u.pathname === '/app')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('the password page checks the policy as one types and shows the server\'s field errors', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'deputy.henan')
    await accountMenu(page, 'password')
    await page.waitForURL('**/app/account/password')
    assert.equal(await byTestId(page, 'password-forced').count(), 0)

    await byTestId(page, 'password-new').fill('deputy.henan-X1')
    assert.equal(await byTestId(page, 'password-rule-length').getAttribute('data-ok'), 'true')
    assert.equal(await byTestId(page, 'password-rule-username').getAttribute('data-ok'), 'false')
    await byTestId(page, 'password-new').fill('abc')
    assert.equal(await byTestId(page, 'password-rule-length').getAttribute('data-ok'), 'false')
    assert.equal(await byTestId(page, 'password-rule-classes').getAttribute('data-ok'), 'false')

    // A valid new password with a wrong current one: the server's 422 shows next to the field.
    await byTestId(page, 'password-current').fill('Wrong-Current-1')
    await byTestId(page, 'password-new').fill('Valid-Pass-2026')
    await byTestId(page, 'password-confirm').fill('Valid-Pass-2026')
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'))
    await byTestId(page, 'password-submit').click()
    assert.equal((await answer).status(), 422)
    const item = page.locator('.el-form-item', { has: byTestId(page, 'password-current') })
    await item.locator('.el-form-item__error').filter({ hasText: '当前密码不正确' }).waitFor()
    await shot(page, 'password-server-error')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('an administrator reveals a mobile number, grants and revokes a role, resets, disables and enables', async () => {
    const admin = await apiAs('admin')
    const made = await admin('POST', '/api/v1/users', {
      username: 'e2e.managed',
      display_name: '测试用户乙',
      mobile: '13912345678',
      congress_id: '1',
      grants: [{ role: 'deputy', scope_type: 'congress', scope_id: '1' }],
    })
    assert.equal(made.status, 201, JSON.stringify(made.body))

    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'admin')
    await page.goto(`${server.url}/app/admin/users?q=e2e.managed`)
    await byTestId(page, 'user-e2e.managed').waitFor()

    // Masked until the audited click.
    assert.equal(await textOf(page, 'user-mobile-e2e.managed'), '139****5678')
    const contact = page.waitForResponse((r) => /\/api\/v1\/users\/\d+\/contact$/.test(r.url()))
    await byTestId(page, 'user-reveal-e2e.managed').click()
    assert.equal((await contact).status(), 200)
    await byTestId(page, 'user-mobile-e2e.managed').filter({ hasText: '13912345678' }).waitFor()

    // Roles in the drawer: add 领导 of the province, then take it away again.
    await byTestId(page, 'user-grants-e2e.managed').click()
    const drawer = byTestId(page, 'grants-drawer')
    await drawer.locator('[data-testid="grant-deputy"]').waitFor()
    await choose(page, 'grant-add-role', '领导')
    await choose(page, 'grant-add-scope', '河南省人民代表大会')
    await byTestId(page, 'grant-add-submit').click()
    await drawer.locator('[data-testid="grant-leader"]').waitFor()
    await shot(page, 'grants-drawer', false)
    await drawer.locator('[data-testid="grant-leader"] [data-testid="grant-remove"]').click()
    await confirmBox(page)
    await drawer.locator('[data-testid="grant-leader"]').waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    // Reset: a new one-time password is shown once.
    await byTestId(page, 'user-more-e2e.managed').click()
    await page.locator('[data-testid="user-action-reset"]:visible').click()
    await confirmBox(page)
    assert.ok((await textOf(page, 'one-time-secret-value')).length >= 10)
    await byTestId(page, 'one-time-secret-close').click()
    await byTestId(page, 'one-time-secret').waitFor({ state: 'hidden' })

    // Disable (PATCH with If-Match), then enable again.
    await byTestId(page, 'user-more-e2e.managed').click()
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH')
    await page.locator('[data-testid="user-action-disable"]:visible').click()
    await confirmBox(page)
    const patch = await patched
    assert.equal(patch.status(), 200)
    assert.match(patch.request().headers()['if-match'] ?? '', /^"\d+"$/)
    await byTestId(page, 'user-status-e2e.managed').filter({ hasText: '已停用' }).waitFor()
    await shot(page, 'user-disabled')

    await byTestId(page, 'user-more-e2e.managed').click()
    await page.locator('[data-testid="user-action-enable"]:visible').click()
    await confirmBox(page)
    await byTestId(page, 'user-status-e2e.managed').filter({ hasText: '正常' }).waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('the audit log lists the writes, filters them and exports them as Excel', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'admin')
    await byTestId(page, 'menu-menu.audit').click()
    await page.waitForURL('**/app/admin/audit')
    await byTestId(page, 'audit-table').locator('.el-table__row').first().waitFor()

    await byTestId(page, 'audit-filter-action').fill('user.create')
    await byTestId(page, 'audit-search').click()
    await page.waitForURL((u) => u.searchParams.get('action') === 'user.create')
    // The unfiltered rows stay on screen until the filtered answer replaces them.
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-table"] .el-table__row')]
      return rows.length > 0 && rows.every((row) => row.textContent?.includes('user.create'))
    })
    const rows = byTestId(page, 'audit-table').locator('.el-table__row')
    for (const text of await rows.allTextContents()) assert.match(text, /user\.create/)
    await shot(page, 'audit')

    const download = page.waitForEvent('download')
    const exported = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit/export')
    await byTestId(page, 'audit-export').click()
    const answer = await exported
    assert.equal(new URL(answer.url()).searchParams.get('action'), 'user.create', 'the export uses the same filters')
    const file = await download
    assert.match(file.suggestedFilename(), /\.xlsx$/)
    const saved = join(artifactsDir, 'audit-export.xlsx')
    await file.saveAs(saved)
    const bytes = await readFile(saved)
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip archive')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('an administrator creates an API token, sees it once, and revokes it', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'admin')
    await byTestId(page, 'menu-menu.apiTokens').click()
    await page.waitForURL('**/app/admin/api-tokens')

    await byTestId(page, 'tokens-create').click()
    await byTestId(page, 'create-token-dialog').waitFor()
    await byTestId(page, 'create-token-name').fill('e2e-hotline')
    await choose(page, 'create-token-role', '代表工作机构')
    await choose(page, 'create-token-scope', '河南省人民代表大会')
    await byTestId(page, 'create-token-submit').click()
    const token = await textOf(page, 'one-time-secret-value')
    assert.ok(token.length >= 20, `the token is shown (${token.slice(0, 6)}…)`)
    await byTestId(page, 'one-time-secret-close').click()

    await byTestId(page, 'token-e2e-hotline').waitFor()
    await shot(page, 'api-tokens')
    await byTestId(page, 'token-revoke-e2e-hotline').click()
    await confirmBox(page)
    await byTestId(page, 'tokens-table').locator('.el-table__row', { hasText: 'e2e-hotline' }).filter({ hasText: '已撤销' }).waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('my sessions: the current one is tagged; revoking another sends that browser to the login page', async () => {
    const first = await open('/login')
    const second = await open('/login')
    await signIn(first.page, server.url, 'staff.henan')
    await signIn(second.page, server.url, 'staff.henan')

    await accountMenu(first.page, 'sessions')
    await first.page.waitForURL('**/app/account/sessions')
    const table = byTestId(first.page, 'sessions-table')
    await table.locator('.el-table__row').nth(1).waitFor()
    assert.equal(await table.locator('[data-testid="session-current"]').count(), 1)
    await shot(first.page, 'sessions')
    // Every row but the current one has the button; end them all (the second browser among them).
    while ((await table.locator('[data-testid="session-revoke"]').count()) > 0) {
      await table.locator('[data-testid="session-revoke"]').first().click()
      const reloaded = first.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sessions') && r.request().method() === 'GET')
      await confirmBox(first.page)
      await reloaded
    }
    assert.equal(await table.locator('.el-table__row').count(), 1)

    // The second browser's next request is refused; it lands on the login page with a notice.
    await byTestId(second.page, 'menu-menu.users').click()
    await second.page.waitForURL((u) => u.pathname === '/login')
    await byTestId(second.page, 'login-notice').filter({ hasText: '请重新登录' }).waitFor()
    assert.equal(new URL(second.page.url()).searchParams.get('reason'), 'expired')
    assert.deepEqual(first.errors, [])
    assert.deepEqual(second.errors, [])
    await first.context.close()
    await second.context.close()
  })

  test('an idle session expires: the next action leads to the login page and back', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'staff.henan')
    await page.goto(`${server.url}/app/admin/users`)
    await byTestId(page, 'user-deputy.henan').waitFor()

    await advance(31)
    await byTestId(page, 'users-search').click()
    await page.waitForURL((u) => u.pathname === '/login')
    await byTestId(page, 'login-notice').filter({ hasText: '请重新登录' }).waitFor()
    await shot(page, 'login-session-expired')

    await submitLogin(page, 'staff.henan', demoPassword)
    await page.waitForURL((u) => u.pathname === '/app/admin/users')
    await byTestId(page, 'user-deputy.henan').waitFor()

    // Coming back to a tab after the timeout and reloading tells the same story.
    await advance(31)
    await page.reload()
    await page.waitForURL((u) => u.pathname === '/login')
    await byTestId(page, 'login-notice').filter({ hasText: '请重新登录' }).waitFor()
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/app/admin/users')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('at 375 px the login page and the users page fit the screen', async () => {
    const { page, errors } = await open('/login', phone)
    await byTestId(page, 'login-card').waitFor()
    assert.ok((await horizontalOverflow(page)) <= 0, 'login page fits')
    await shot(page, 'narrow-375-login')

    await signIn(page, server.url, 'staff.henan')
    await page.goto(`${server.url}/app/admin/users`)
    await byTestId(page, 'user-deputy.henan').waitFor()
    assert.ok((await horizontalOverflow(page)) <= 0, `users page fits (${await horizontalOverflow(page)}px too wide)`)
    await shot(page, 'narrow-375-users')

    await byTestId(page, 'menu-toggle').click()
    await byTestId(page, 'side-menu').getByText('用户管理').waitFor()
    await shot(page, 'narrow-375-staff-menu', false)
    await page.keyboard.press('Escape')
    await byTestId(page, 'side-menu').waitFor({ state: 'hidden' })

    await byTestId(page, 'users-create').click()
    await byTestId(page, 'create-user-dialog').waitFor()
    assert.ok((await horizontalOverflow(page)) <= 0, 'the dialog fits')
    await shot(page, 'narrow-375-create-user', false)

    await page.goto(`${server.url}/app/admin/audit`)
    await byTestId(page, 'audit-table').waitFor()
    assert.ok((await horizontalOverflow(page)) <= 0, 'audit page fits')
    await shot(page, 'narrow-375-audit')
    assert.deepEqual(errors, [])
    await page.context().close()
  })
})
