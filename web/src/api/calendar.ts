// The working-day calendar (节假日与调休) and the deadline sweep (docs/suggestions.md).
import { api, request } from './client'

export type DayKind = 'holiday' | 'workday'

export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string
  kind: DayKind
  name: string
}

export interface CalendarYear {
  year: number
  /** false: the year has not been imported; deadlines in it cannot be computed. */
  known: boolean
  source?: string
  imported_at?: string | null
  imported_by?: string
  days: CalendarDay[]
}

export function getCalendar(year: number, signal?: AbortSignal): Promise<CalendarYear> {
  return api.get<CalendarYear>(`/api/v1/calendar/${year}`, { signal })
}

/** Replaces the year (administrators); a 422 points at `/days/N` for each bad day. */
export function putCalendar(year: number, body: { source: string; days: CalendarDay[] }): Promise<CalendarYear> {
  return request<CalendarYear>(`/api/v1/calendar/${year}`, { method: 'PUT', body, silent: true })
}

export interface SweepResult {
  closed: number
  notified: number
}

/** One deadline sweep now (administrators): closes unevaluated answers, sends due reminders. */
export function runScheduler(): Promise<SweepResult> {
  return api.post<SweepResult>('/api/v1/scheduler/run', undefined)
}
