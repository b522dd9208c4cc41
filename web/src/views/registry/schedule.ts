// Reception schedules (接待日) as the server stores them: `weekly:1,4` (ISO weekdays, Monday = 1)
// or `monthly:9,19` (days of the month); src/core/schedule.hpp.
import { i18n } from '@/i18n'

export interface Schedule {
  kind: 'weekly' | 'monthly'
  days: number[]
}

/** null for an empty or malformed text. */
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

/** `weekly:1,4`; '' for no days. */
export function formatSchedule(s: Schedule | null): string {
  if (!s || !s.days.length) return ''
  return `${s.kind}:${[...s.days].sort((a, b) => a - b).join(',')}`
}

/** 每周一、周四 / Every Mon, Thu; 每月 9 日、19 日 / Monthly: 9, 19; the text itself when unreadable. */
export function describeSchedule(text: string | null | undefined): string {
  const { t } = i18n.global
  const s = parseSchedule(text)
  if (!s) return text ?? ''
  const sep = t('registry.schedule.separator')
  if (s.kind === 'weekly') {
    return t('registry.schedule.weeklyText', { days: s.days.map((d) => t(`registry.schedule.weekdays.${d}` as 'registry.schedule.weekdays.1')).join(sep) })
  }
  return t('registry.schedule.monthlyText', { days: s.days.join(sep) })
}
