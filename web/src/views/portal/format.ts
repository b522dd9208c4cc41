// Words and numbers of the public portal: terms, distances, reception schedules and days.
import { i18n } from '@/i18n'

const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key as never, (named ?? {}) as never) as string
const isEnglish = () => i18n.global.locale.value === 'en'

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 14 → 十四, 20 → 二十, 7 → 七: the numerals of 第十四届 (1..99; larger numbers stay in digits). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n)
  if (n < 10) return digits[n]!
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : digits[tens]}十${ones ? digits[ones] : ''}`
}

const ordinalRules = new Intl.PluralRules('en', { type: 'ordinal' })
const ordinalSuffix: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' }

/** 1st, 2nd, 3rd, 11th, 21st. */
export function ordinal(n: number): string {
  return `${n}${ordinalSuffix[ordinalRules.select(n)] ?? 'th'}`
}

/** 第十四届 / 14th term. */
export function formatTerm(n: number | null | undefined): string {
  if (n === null || n === undefined) return ''
  return t('portal.term', { n: isEnglish() ? ordinal(n) : chineseNumeral(n) })
}

/** 850 m, 1.2 km, 12 km: metres under a kilometre (to 10 m), one decimal under 10 km. */
export function formatDistance(metres: number | null | undefined): string {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return ''
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)} m`
  if (metres < 9950) return `${(metres / 1000).toFixed(1)} km`
  return `${Math.round(metres / 1000)} km`
}

export interface Schedule {
  kind: 'weekly' | 'monthly'
  days: number[]
}

/** `weekly:1,4` or `monthly:9,19`; null for anything else (empty, malformed). */
export function parseSchedule(text: string | null | undefined): Schedule | null {
  const m = /^\s*(weekly|monthly)\s*:\s*([\d\s,]+)$/.exec(text ?? '')
  if (!m) return null
  const kind = m[1] as Schedule['kind']
  const max = kind === 'weekly' ? 7 : 31
  const days = [...new Set(m[2]!.split(',').map((s) => Number(s.trim())))]
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= max)
    .sort((a, b) => a - b)
  return days.length ? { kind, days } : null
}

/** 每周一、周四 / Every Monday, Thursday; 每月9日、19日 / Monthly on the 9th, 19th; '' when unreadable. */
export function describeSchedule(text: string | null | undefined): string {
  const s = parseSchedule(text)
  if (!s) return ''
  const sep = t('portal.schedule.separator')
  if (s.kind === 'weekly') {
    return t('portal.schedule.weekly', { days: s.days.map((d) => t(`portal.schedule.weekdays.${d}`)).join(sep) })
  }
  const days = s.days.map((d) => (isEnglish() ? ordinal(d) : t('portal.schedule.dayOfMonth', { n: d })))
  return t('portal.schedule.monthly', { days: days.join(sep) })
}

/** Today's date in Asia/Shanghai, `YYYY-MM-DD`: the server's reception days are counted there. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('sv', { timeZone: 'Asia/Shanghai' }).format(now)
}

/** `2026-03-09` → 3月9日 周一 / Mon, Mar 9 (the date as written, whatever the browser's zone). */
export function formatReceptionDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  const locale = isEnglish() ? 'en' : 'zh-CN'
  const day = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: isEnglish() ? 'short' : 'long', day: 'numeric' }).format(date)
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' }).format(date)
  return isEnglish() ? `${weekday}, ${day}` : `${day} ${weekday}`
}

/** 今天 / 明天 for the first days of a list, counted in Asia/Shanghai. */
export function relativeDay(iso: string, now = new Date()): string {
  const today = todayInChina(now)
  if (iso === today) return t('portal.station.today')
  const tomorrow = todayInChina(new Date(now.getTime() + 86_400_000))
  if (iso === tomorrow) return t('portal.station.tomorrow')
  return ''
}

const compoundSurnames = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙',
  '宇文', '司徒', '令狐', '夏侯', '澹台', '端木', '轩辕', '独孤', '南宫', '呼延',
])

/** The surname for an avatar: two characters for 欧阳 and the like, else the first one. */
export function surnameOf(name: string): string {
  const chars = [...(name ?? '').trim()]
  if (!chars.length) return '?'
  const two = chars.slice(0, 2).join('')
  if (chars.length > 2 && compoundSurnames.has(two)) return two
  // A Latin name (rare, but possible) gets its first letter.
  return /^[A-Za-z]/.test(chars[0]!) ? chars[0]!.toUpperCase() : chars[0]!
}

/** A map of the place: Amap's marker page, which opens the Amap app where it is installed. */
export function mapLink(lat: number, lng: number, name: string): string {
  // The stations' coordinates and the browser's are both WGS-84, which Amap converts itself.
  return `https://uri.amap.com/marker?position=${lng},${lat}&name=${encodeURIComponent(name)}&coordinate=wgs84&callnative=1`
}

/** `34.7466,113.6254` from the address; null when absent or not a point on Earth. */
export function parseNear(value: unknown): { lat: number; lng: number } | null {
  if (typeof value !== 'string') return null
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value)
  if (!m) return null
  const lat = Number(m[1])
  const lng = Number(m[2])
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : null
}

/** The `near` query value for a position: five decimals are about a metre. */
export function nearValue(lat: number, lng: number): string {
  return `${lat.toFixed(5)},${lng.toFixed(5)}`
}
