// The public portal (云端可见) on a phone: a citizen finds a deputy by initials and the nearest
// liaison station from the home page in under three taps, without signing in.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { byTestId, horizontalOverflow, launchBrowser, phone, shot, textOf } from './browser.ts'
import { startServer, type Server } from './server.ts'

let server: Server
let browser: Browser

before(async () => {
  server = await startServer({ logName: 'server-portal.log' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

interface Deputy {
  id: string
  name: string
  level: string
  congress_name: string
  initials?: string
}
interface Station {
  id: string
  name: string
  latitude: number
  longitude: number
  distance_m?: number
}
interface StationDetail extends Station {
  reception_schedule: string
  next_reception_days: string[]
  deputies: Deputy[]
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(server.url + path)
  assert.equal(res.status, 200, `GET ${path} answers 200`)
  return (await res.json()) as T
}

/** A phone: 375×812, touch, mobile viewport; optionally with a position the page may read. */
async function openPhone(path: string, extra: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, locale: 'zh-CN', ...extra })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const api4xx = /status of 4\d\d/.test(msg.text()) && msg.location().url.includes('/api/')
    if (!api4xx) errors.push(msg.text())
  })
  await page.goto(server.url + path)
  return { page, errors }
}

/** Great-circle distance in metres, to check the order independently of the server. */
function metres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a))
}

/** "850 m" / "1.2 km" as shown on a card, in metres. */
function shownMetres(text: string): number {
  const m = /([\d.]+)\s*(k?m)/.exec(text)
  assert.ok(m, `a distance in "${text}"`)
  return Number(m[1]) * (m[2] === 'km' ? 1000 : 1)
}

const zhWeekdays = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']
const enWeekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`

/** What a reception schedule reads as on the station page; '' for a schedule the page cannot word. */
function scheduleWords(schedule: string, lang: 'zh' | 'en'): string {
  const m = /^(weekly|monthly):([\d,]+)$/.exec(schedule)
  if (!m) return ''
  const days = m[2]!.split(',').map(Number)
  if (m[1] === 'weekly') {
    return lang === 'zh' ? `每${days.map((d) => zhWeekdays[d - 1]).join('、')}` : `Every ${days.map((d) => enWeekdays[d - 1]).join(', ')}`
  }
  return lang === 'zh' ? `每月${days.map((d) => `${d}日`).join('、')}` : `Monthly on the ${days.map(ordinal).join(', ')}`
}

describe('public portal on a phone', { timeout: 180_000 }, () => {
  test('the home page finds a deputy by initials and opens the profile in two taps', async () => {
    // The first deputy of the directory, and what a citizen would type for them.
    const first = (await getJson<{ items: Deputy[] }>('/api/v1/public/deputies?page_size=1')).items[0]
    assert.ok(first, 'the demo data has deputies')
    // Initials come from the server (the list item's `initials`, "zw" for 张伟).
    assert.match(first.initials ?? '', /^[a-z]+$/, 'the public item carries the initials')
    const query = first.initials!

    const { page, errors } = await openPhone('/')
    await byTestId(page, 'home-search').waitFor()
    assert.equal(await byTestId(page, 'portal-login').getAttribute('href'), '/login')
    assert.ok((await horizontalOverflow(page)) <= 0, 'the home page fits 375 px')
    await shot(page, 'portal-home', false)

    let taps = 0
    await byTestId(page, 'home-search').tap()
    taps++
    await page.keyboard.type(query)
    const card = byTestId(page, `deputy-card-${first.id}`)
    await card.waitFor()
    assert.match(await textOf(page, 'home-results'), new RegExp(first.name))
    await shot(page, 'portal-home-search', false)
    await card.tap()
    taps++

    await page.waitForURL(`**/deputies/${first.id}`)
    await byTestId(page, 'deputy-name').filter({ hasText: first.name }).waitFor()
    assert.ok(taps <= 3, `${taps} taps`)
    const profile = await getJson<Deputy & { occupation: string }>(`/api/v1/public/deputies/${first.id}`)
    assert.match(await textOf(page, 'deputy-congress'), new RegExp(profile.congress_name))
    if (profile.occupation) assert.equal(await textOf(page, 'deputy-occupation'), profile.occupation)
    assert.ok((await horizontalOverflow(page)) <= 0, 'the profile fits 375 px')
    await shot(page, 'portal-deputy')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('the nearest stations come by distance from the phone’s position, and a station shows its next reception days', async () => {
    const here = { latitude: 34.7466, longitude: 113.6254 } // 郑州, 二七广场
    const { page, errors } = await openPhone('/', { geolocation: here, permissions: ['geolocation'] })
    await byTestId(page, 'home-nearby').waitFor()

    let taps = 0
    const answer = page.waitForResponse((r) => {
      const u = new URL(r.url())
      return u.pathname === '/api/v1/public/stations' && u.searchParams.has('near')
    })
    await byTestId(page, 'home-nearby').tap()
    taps++
    await page.waitForURL(/\/stations\?near=/)
    const near = new URL(page.url()).searchParams.get('near')!
    const [lat, lng] = near.split(',').map(Number)
    assert.ok(Math.abs(lat! - here.latitude) < 1e-4 && Math.abs(lng! - here.longitude) < 1e-4, `near=${near}`)
    const served = ((await (await answer).json()) as { items: Station[] }).items
    assert.ok(served.length > 0, 'stations near 郑州')

    const list = byTestId(page, 'stations-nearby')
    await list.waitFor()
    const cards = list.locator('a[data-testid^="station-card-"]')
    const ids = (await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('station-card-'.length))))
    assert.deepEqual(ids, served.map((s) => s.id), 'the page lists what the server answered, in its order')

    // Nearest first, by the server's distances, by the shown ones, and by our own reckoning.
    const shown = await cards.locator('[data-testid="station-card-distance"]').allTextContents()
    assert.equal(shown.length, served.length)
    for (let i = 1; i < served.length; i++) {
      assert.ok(served[i - 1]!.distance_m! <= served[i]!.distance_m!, `server distances ascend at ${i}`)
      assert.ok(shownMetres(shown[i - 1]!) <= shownMetres(shown[i]!), `shown distances ascend at ${i}: ${shown[i - 1]} ≤ ${shown[i]}`)
      const before = metres(here.latitude, here.longitude, served[i - 1]!.latitude, served[i - 1]!.longitude)
      const after = metres(here.latitude, here.longitude, served[i]!.latitude, served[i]!.longitude)
      assert.ok(before <= after + 1, `station ${served[i - 1]!.id} (${before.toFixed(0)} m) is not farther than ${served[i]!.id} (${after.toFixed(0)} m)`)
    }
    for (const [i, s] of served.entries()) {
      const own = metres(here.latitude, here.longitude, s.latitude, s.longitude)
      assert.ok(Math.abs(own - s.distance_m!) <= Math.max(5, own * 0.01), `distance of ${s.id}: server ${s.distance_m} m, reckoned ${own.toFixed(0)} m`)
      assert.ok(Math.abs(shownMetres(shown[i]!) - s.distance_m!) <= Math.max(10, s.distance_m! * 0.05), `shown ${shown[i]} for ${s.distance_m} m`)
    }
    assert.ok((await horizontalOverflow(page)) <= 0, 'the list fits 375 px')
    await shot(page, 'portal-stations-near')

    const nearest = served[0]!
    await byTestId(page, `station-card-${nearest.id}`).tap()
    taps++
    await page.waitForURL(`**/stations/${nearest.id}`)
    await byTestId(page, 'station-name').filter({ hasText: nearest.name }).waitFor()
    assert.ok(taps <= 3, `${taps} taps`)

    const detail = await getJson<StationDetail>(`/api/v1/public/stations/${nearest.id}`)
    assert.ok(detail.next_reception_days.length > 0, 'the station has reception days ahead')
    const days = byTestId(page, 'station-next-days')
    await days.waitFor()
    const dates = await days.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-date')))
    assert.deepEqual(dates, detail.next_reception_days)
    const firstDay = detail.next_reception_days[0]!
    const [, month, day] = firstDay.split('-').map(Number)
    assert.match(await textOf(page, 'station-next-days'), new RegExp(`${month}月${day}日`))
    // The schedule in words: weekly:1,4 → 每周一、周四; monthly:9,19 → 每月9日、19日.
    const words = scheduleWords(detail.reception_schedule, 'zh')
    if (words) assert.equal(await textOf(page, 'station-schedule'), words)
    // A map of the station's coordinates.
    const map = await byTestId(page, 'station-map').getAttribute('href')
    assert.equal(new URL(map!).searchParams.get('position'), `${detail.longitude},${detail.latitude}`, `map link ${map}`)
    // Its deputies link to their profiles.
    for (const d of detail.deputies.slice(0, 3)) {
      assert.equal(await byTestId(page, `deputy-card-${d.id}`).getAttribute('href'), `/deputies/${d.id}`)
    }
    assert.ok((await horizontalOverflow(page)) <= 0, 'the station page fits 375 px')
    await shot(page, 'portal-station')
    // A busy station lists its first deputies and links to all of them.
    if (detail.deputies.length > 8) {
      await byTestId(page, 'station-all-deputies').tap()
      await page.waitForURL(`**/deputies?station=${nearest.id}`)
      await byTestId(page, 'deputies-station').filter({ hasText: nearest.name }).waitFor()
      await byTestId(page, 'deputies-total').filter({ hasText: String(detail.deputies.length) }).waitFor()
    }
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('filters live in the address: a shared link shows the same deputies and the region picker shows the region', async () => {
    const expected = await getJson<{ items: Deputy[]; total: number }>('/api/v1/public/deputies?region=410100&level=county&page_size=20')
    const { page, errors } = await openPhone('/deputies?region=410100&level=county')
    if (expected.items.length) {
      await byTestId(page, `deputy-card-${expected.items[0]!.id}`).waitFor()
      const ids = await byTestId(page, 'deputies-list')
        .locator('a[data-testid^="deputy-card-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('deputy-card-'.length)))
      assert.deepEqual(ids.slice(0, expected.items.length), expected.items.map((d) => d.id))
    } else await byTestId(page, 'deputies-empty').waitFor()
    assert.match(await textOf(page, 'deputies-total'), new RegExp(String(expected.total)))
    assert.equal(await byTestId(page, 'deputies-level-county').getAttribute('aria-checked'), 'true')
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="deputies-region"] input') as HTMLInputElement | null)?.value === '郑州市',
    )

    // Another level: the address follows, so the page can be shared as it is.
    await byTestId(page, 'deputies-level-city').tap()
    await page.waitForURL(/level=city/)
    assert.match(page.url(), /region=410100/)
    await shot(page, 'portal-deputies-filtered')
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('without location permission the page says so; unknown deputies and stations say not found', async () => {
    const { page, errors } = await openPhone('/stations')
    await byTestId(page, 'stations-nearby-button').tap()
    await page.locator('.el-message').filter({ hasText: /定位/ }).waitFor()
    assert.equal(new URL(page.url()).searchParams.get('near'), null)

    await page.goto(`${server.url}/deputies/999999999`)
    await byTestId(page, 'deputy-not-found').waitFor()
    await page.goto(`${server.url}/stations/999999999`)
    await byTestId(page, 'station-not-found').waitFor()
    assert.deepEqual(errors, [])
    await page.context().close()
  })

  test('in English on a desktop, a station reads its schedule and reception days in words', async () => {
    const stations = (await getJson<{ items: StationDetail[] }>('/api/v1/public/stations?page_size=50')).items
    const station = stations.find((s) => s.reception_schedule.startsWith('weekly')) ?? stations[0]
    assert.ok(station, 'the demo data has stations')
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${server.url}/stations/${station.id}`)
    await byTestId(page, 'station-name').filter({ hasText: station.name }).waitFor()
    await byTestId(page, 'lang-switch').click()
    await page.getByText('Next reception days').waitFor()
    const words = scheduleWords(station.reception_schedule, 'en')
    if (words) assert.equal(await textOf(page, 'station-schedule'), words)
    const detail = await getJson<StationDetail>(`/api/v1/public/stations/${station.id}`)
    const first = detail.next_reception_days[0]
    if (first) {
      const date = new Date(`${first}T00:00:00Z`)
      const month = date.toLocaleString('en', { month: 'short', timeZone: 'UTC' })
      const weekday = date.toLocaleString('en', { weekday: 'short', timeZone: 'UTC' })
      const shown = ((await byTestId(page, 'station-next-days').locator('li').first().textContent()) ?? '').trim()
      assert.match(shown, new RegExp(`^${weekday}, ${month} ${date.getUTCDate()}\\s*(Today|Tomorrow)?$`))
    }
    assert.ok((await horizontalOverflow(page)) <= 0, 'no sideways scrolling on a desktop')
    await shot(page, 'portal-station-en-desktop')
    // The choice is kept: the home page is in English too, and its login link leads to the workbench.
    await byTestId(page, 'portal-tab-home').click()
    await byTestId(page, 'home-nearby').filter({ hasText: 'Stations near me' }).waitFor()
    await byTestId(page, 'portal-login').click()
    await page.waitForURL('**/login')
    assert.deepEqual(errors, [])
    await context.close()
  })
})
