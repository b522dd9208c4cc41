// The holiday calendar in the browser: reading a CSV file (columns date,kind,name, one year per
// file) and checking a list of days by the server's rules, so problems show as one types.
import type { CalendarDay, DayKind } from '@/api/calendar'

export interface DraftDay {
  /** Stable key for the list while rows are added and removed. */
  key: number
  date: string
  kind: DayKind | ''
  name: string
}

let nextKey = 1
export function draftDay(day: Partial<CalendarDay> = {}): DraftDay {
  return { key: nextKey++, date: day.date ?? '', kind: day.kind ?? '', name: day.name ?? '' }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `2025-1-5`, `2025/01/05`, `2025.1.5` → `2025-01-05`; null when it is no date of the calendar. */
export function normalizeDate(text: string): string | null {
  const m = /^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$/.exec(text)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const at = new Date(Date.UTC(y, mo - 1, d))
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null
  return `${y}-${pad(mo)}-${pad(d)}`
}

/** 0 = Sunday … 6 = Saturday, of a YYYY-MM-DD date. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay()
}

const kindWords: Record<string, DayKind> = {
  holiday: 'holiday',
  workday: 'workday',
  休: 'holiday',
  假: 'holiday',
  节假日: 'holiday',
  放假: 'holiday',
  班: 'workday',
  调休: 'workday',
  补班: 'workday',
  上班: 'workday',
}

export function parseKind(text: string): DayKind | null {
  return kindWords[text.trim().toLowerCase()] ?? null
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
function records(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let start = 1
  let any = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else {
        if (c === '\n') line++
        field += c
      }
      continue
    }
    if (c === '"' && field === '') {
      quoted = true
      any = true
    } else if (c === ',') {
      fields.push(field)
      field = ''
      any = true
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      fields.push(field)
      if (any || field !== '') out.push({ line: start, fields })
      fields = []
      field = ''
      any = false
      line++
      start = line
    } else {
      field += c
      any = true
    }
  }
  if (any || field !== '') {
    fields.push(field)
    out.push({ line: start, fields })
  }
  return out
}

export interface ParsedCsv {
  days: CalendarDay[]
  /** Lines that could not be read, with the reason as an i18n key and its values. */
  problems: { line: number; key: string; values?: Record<string, string> }[]
  /** The year of the file's dates when they share one. */
  year: number | null
}

export function parseCalendarCsv(raw: string): ParsedCsv {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw
  const rows = records(text)
  const problems: ParsedCsv['problems'] = []
  const days: CalendarDay[] = []
  if (rows.length === 0) return { days, problems: [{ line: 1, key: 'empty' }], year: null }

  // The header names the columns; without one, the columns are date,kind,name.
  let columns = { date: 0, kind: 1, name: 2 }
  let first = 0
  const header = rows[0]!.fields.map((f) => f.trim().toLowerCase())
  const known: Record<string, keyof typeof columns> = { date: 'date', 日期: 'date', kind: 'kind', 类型: 'kind', name: 'name', 名称: 'name' }
  if (header.some((h) => known[h])) {
    first = 1
    const found: Partial<typeof columns> = {}
    header.forEach((h, i) => {
      const key = known[h]
      if (key && found[key] === undefined) found[key] = i
    })
    if (found.date === undefined || found.kind === undefined) problems.push({ line: rows[0]!.line, key: 'header' })
    columns = { date: found.date ?? 0, kind: found.kind ?? 1, name: found.name ?? -1 }
  }

  for (const { line, fields } of rows.slice(first)) {
    if (fields.every((f) => f.trim() === '')) continue
    const dateText = (fields[columns.date] ?? '').trim()
    const kindText = (fields[columns.kind] ?? '').trim()
    const date = normalizeDate(dateText)
    const kind = parseKind(kindText)
    if (!date) problems.push({ line, key: 'badDate', values: { value: dateText } })
    else if (!kind) problems.push({ line, key: 'badKind', values: { value: kindText } })
    else days.push({ date, kind, name: columns.name >= 0 ? (fields[columns.name] ?? '').trim() : '' })
  }
  if (rows.length > first && days.length === 0 && problems.length === 0) problems.push({ line: 1, key: 'noDays' })
  const years = new Set(days.map((d) => Number(d.date.slice(0, 4))))
  return { days, problems, year: years.size === 1 ? [...years][0]! : null }
}

/** The server's rules for the days of one year; the problem of each row as an i18n key. */
export function checkDays(year: number, days: DraftDay[]): Map<number, { key: string; values?: Record<string, string> }> {
  const out = new Map<number, { key: string; values?: Record<string, string> }>()
  const seen = new Map<string, number>()
  days.forEach((d, i) => {
    const date = normalizeDate(d.date)
    if (!date) out.set(d.key, { key: 'rowDate' })
    else if (!date.startsWith(`${year}-`)) out.set(d.key, { key: 'rowYear', values: { year: String(year) } })
    else if (!d.kind) out.set(d.key, { key: 'rowKind' })
    else if (d.kind === 'workday' && weekday(date) !== 0 && weekday(date) !== 6) out.set(d.key, { key: 'rowWorkday' })
    else if (seen.has(date)) out.set(d.key, { key: 'rowDuplicate', values: { row: String(seen.get(date)! + 1) } })
    if (date && !seen.has(date)) seen.set(date, i)
  })
  return out
}
