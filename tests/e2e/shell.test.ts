// The web shell in a real Chromium against a real server with the demo data.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { byTestId, open as openIn, shot, signIn, textOf, launchBrowser, phone, desktop } from './browser.ts'
import { startServer, type Server } from './server.ts'

const zhName = '呼应 · 人大代表履职服务平台'
const enName = 'Huying · Deputy Work Platform'

let server: Server
let browser: Browser

before(async () => {
  server = await startServer({ logName: 'server-shell.log' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** The region tree is public: these tests visit it without signing in. */
async function open(path: string, viewport = desktop): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openIn(browser, server.url + path, viewport)
  return { page, errors }
}

describe('web shell', { timeout: 120_000 }, () => {
  test('the shell opens on the region page in Chinese with the product name', async () => {
    const { page, errors } = await open('/app')
    await byTestId(page, 'product-name').filter({ hasText: zhName }).waitFor()
    assert.match(new URL(page.url()).pathname, /^\/app\/registry\/regions$/)
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
    await byTestId(page, 'side-menu').getByText('行政区划').waitFor()
    assert.match(await textOf(page, 'breadcrumb'), /基础数据\s*\/\s*行政区划/)
    assert.match(await page.title(), /行政区划/)
    await byTestId(page, 'region-node-410000').waitFor()
    // A visitor is offered the login; the menu holds only the public pages.
    assert.equal(await textOf(page, 'header-login'), '登录')
    assert.equal(await byTestId(page, 'menu-menu.admin').count(), 0)
    await shot(page, 'shell-zh')

    // On a wide screen the toggle narrows the side menu to its icons and back.
    await byTestId(page, 'menu-toggle').click()
    await page.locator('[data-testid="side-menu"] .el-menu--collapse').waitFor()
    await byTestId(page, 'menu-toggle').click()
    await page.locator('[data-testid="side-menu"] .el-menu--collapse').waitFor({ state: 'detached' })
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('the language switch turns header and menu to English, keeps it on reload, and back', async () => {
    const { page, errors } = await open('/app/registry/regions')
    await byTestId(page, 'product-name').filter({ hasText: zhName }).waitFor()

    await byTestId(page, 'lang-switch').click()
    await byTestId(page, 'product-name').filter({ hasText: enName }).waitFor()
    await byTestId(page, 'side-menu').getByText('Regions', { exact: true }).waitFor()
    assert.match(await textOf(page, 'breadcrumb'), /Registry\s*\/\s*Regions/)
    assert.equal(await page.getAttribute('html', 'lang'), 'en')

    // The choice is remembered in localStorage.
    await page.reload()
    await byTestId(page, 'product-name').filter({ hasText: enName }).waitFor()
    await byTestId(page, 'region-node-410000').waitFor()
    await shot(page, 'shell-en')

    await byTestId(page, 'lang-switch').click()
    await byTestId(page, 'product-name').filter({ hasText: zhName }).waitFor()
    await byTestId(page, 'side-menu').getByText('行政区划').waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('the region tree shows 河南省, expands to 郑州市, and shows its details and congresses', async () => {
    const { page, errors } = await open('/app/registry/regions')
    const henan = byTestId(page, 'region-node-410000')
    await henan.filter({ hasText: '河南省' }).waitFor()

    await henan.click()
    const zhengzhou = byTestId(page, 'region-node-410100')
    await zhengzhou.filter({ hasText: '郑州市' }).waitFor()

    const congressesAnswer = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/v1/congresses' && new URL(r.url()).searchParams.get('region') === '410100',
    )
    await zhengzhou.click()
    const congresses = (await (await congressesAnswer).json()) as { items: { name: string; terms: { name: string }[] }[] }

    await byTestId(page, 'region-detail-code').filter({ hasText: '410100' }).waitFor()
    assert.equal(await textOf(page, 'region-detail-name'), '郑州市')
    assert.equal(await textOf(page, 'region-detail-level'), '市级')
    assert.match(await textOf(page, 'region-detail-path'), /河南省\s*\/\s*郑州市/)
    assert.equal(new URL(page.url()).searchParams.get('code'), '410100')

    // Every congress the server lists for the region is shown with its terms.
    if (congresses.items.length) {
      const list = await textOf(page, 'congress-list')
      for (const c of congresses.items) {
        assert.ok(list.includes(c.name), `congress ${c.name} is listed`)
        for (const term of c.terms) assert.ok(list.includes(term.name), `term ${term.name} of ${c.name} is listed`)
      }
    }
    await shot(page, 'regions')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('a 375 px wide phone screen has no horizontal overflow and opens the menu as a drawer', async () => {
    const { page, errors } = await open('/app/registry/regions?code=410100', phone)
    await byTestId(page, 'product-name').filter({ hasText: zhName }).waitFor()
    // Opened from a link, the tree unfolds down to the region and the details show.
    await byTestId(page, 'region-node-410100').waitFor()
    await byTestId(page, 'region-detail-code').filter({ hasText: '410100' }).waitFor()
    await byTestId(page, 'side-menu').waitFor({ state: 'detached' })

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
    await shot(page, 'narrow-375')

    await byTestId(page, 'menu-toggle').click()
    await byTestId(page, 'side-menu').getByText('行政区划').waitFor()
    // The drawer is fixed to the viewport, so a full-page picture would cut it off.
    await shot(page, 'narrow-375-menu', false)
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('an unknown address shows the 404 page inside the shell', async () => {
    const { page, errors } = await open('/app/no-such-page')
    await byTestId(page, 'not-found').waitFor()
    assert.match(await textOf(page, 'not-found'), /页面不存在/)
    await byTestId(page, 'product-name').filter({ hasText: zhName }).waitFor()
    await shot(page, 'not-found')

    await byTestId(page, 'not-found-back').click()
    await page.waitForURL('**/app/registry/regions')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('signed in, the region page is reached from the menu and keeps the shell', async () => {
    const { page, errors } = await open('/login')
    await signIn(page, server.url, 'deputy.henan')
    await page.waitForURL((u) => u.pathname === '/app')
    await byTestId(page, 'menu-menu.regions').click()
    await byTestId(page, 'region-node-410000').filter({ hasText: '河南省' }).waitFor()
    assert.match(await textOf(page, 'breadcrumb'), /基础数据\s*\/\s*行政区划/)
    assert.equal(await byTestId(page, 'header-login').count(), 0)
    assert.deepEqual(errors, [])
    await page.context().close()
  })
})
