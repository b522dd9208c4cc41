// Shared pieces of the browser tests: Debian's chromium, fresh contexts, test ids, screenshots, sign-in.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { artifactsDir } from './server.ts'

export const demoPassword = 'Huying@Demo2026'

export async function launchBrowser(): Promise<Browser> {
  await mkdir(artifactsDir, { recursive: true })
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface Opened {
  page: Page
  context: BrowserContext
  /** Uncaught exceptions and console errors; a test expects none unless it provokes them. */
  errors: string[]
}

export const desktop = { width: 1280, height: 800 }
export const phone = { width: 375, height: 812 }

/** A fresh context per test: no cookie, language choice or menu state leaks between tests. */
export async function open(browser: Browser, url: string, viewport = desktop): Promise<Opened> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true })
  const page = await context.newPage()
  // A missing element fails the test in seconds rather than at the suite's timeout.
  page.setDefaultTimeout(15_000)
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    // The browser logs every 4xx answer of the API as an error: "no session" on the session
    // probe, a wrong password the test typed. The page shows those; a 5xx still counts.
    const api4xx = /status of 4\d\d/.test(msg.text()) && msg.location().url.includes('/api/')
    if (!api4xx) errors.push(msg.text())
  })
  await page.goto(url)
  return { page, context, errors }
}

export const byTestId = (page: Page, id: string): Locator => page.locator(`[data-testid="${id}"]`)

export async function textOf(page: Page, id: string): Promise<string> {
  return ((await byTestId(page, id).first().textContent()) ?? '').trim()
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  // Nothing may still be loading, and finite transitions are run to their end: a stable picture.
  await page.locator('.el-tree .is-loading, .el-loading-mask').first().waitFor({ state: 'detached' })
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage, animations: 'disabled' })
}

// Element Plus puts attributes of <el-input> on its <input>, so test ids of inputs are filled directly.

/** Fills and sends the login form of the page, which must be on /login. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await byTestId(page, 'login-username').fill(username)
  await byTestId(page, 'login-password').fill(password)
  await byTestId(page, 'login-submit').click()
}

/** Signs in through the login page and waits until the workbench shows the user's name. */
export async function signIn(page: Page, baseUrl: string, username: string, password = demoPassword): Promise<void> {
  if (new URL(page.url()).pathname !== '/login') await page.goto(`${baseUrl}/login`)
  await submitLogin(page, username, password)
  await byTestId(page, 'account-menu').waitFor()
}

/** Opens the account menu in the header and picks one of its entries. */
export async function accountMenu(page: Page, entry: 'sessions' | 'password' | 'logout'): Promise<void> {
  await byTestId(page, 'account-menu').click()
  await byTestId(page, `account-${entry}`).click()
}

/** The page is not wider than the screen (nothing forces sideways scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}
