// What the suggestion pages share: the state colours, dates as the congress counts them, the
// congress's settings (read once per congress), and which assignments are the caller's.
import { reactive } from 'vue'
import { getSuggestionSettings, type Assignment, type SuggestionSettings, type SuggestionState } from '@/api/suggestions'
import { useAuthStore } from '@/stores/auth'

/** One colour per state across the app (text, background, border). */
export const stateColours: Record<SuggestionState, { text: string; bg: string; border: string }> = {
  draft: { text: '#606266', bg: '#f4f4f5', border: '#dcdfe6' },
  submitted: { text: '#1d64c8', bg: '#ecf5ff', border: '#b3d8ff' },
  registered: { text: '#08979c', bg: '#e6fffb', border: '#87e8de' },
  assigned: { text: '#531dab', bg: '#f9f0ff', border: '#d3adf7' },
  answered: { text: '#ad6800', bg: '#fffbe6', border: '#ffe58f' },
  closed: { text: '#389e0d', bg: '#f6ffed', border: '#b7eb8f' },
  returned: { text: '#c41d7f', bg: '#fff0f6', border: '#ffadd2' },
  not_accepted: { text: '#cf1322', bg: '#fff1f0', border: '#ffa39e' },
  withdrawn: { text: '#595959', bg: '#fafafa', border: '#bfbfbf' },
  rehandling: { text: '#d4380d', bg: '#fff2e8', border: '#ffbb96' },
}

/** The congresses' time zone: deadlines are civil dates there. */
export const congressTimeZone = 'Asia/Shanghai'

/** Today as `YYYY-MM-DD` in the congress's time zone. */
export function today(timeZone = congressTimeZone): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

/** Whole days from `from` to `to` (civil dates); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10))
  return Math.round((b - a) / 86_400_000)
}

/** `date` + n months, clamped to the month's end (01-31 + 1 = 02-28), as the server counts. */
export function addMonths(date: string, n: number): string {
  const y = +date.slice(0, 4)
  const m = +date.slice(5, 7) - 1 + n
  const d = +date.slice(8, 10)
  const year = y + Math.floor(m / 12)
  const month = ((m % 12) + 12) % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const pad = (v: number) => String(v).padStart(2, '0')
  return `${year}-${pad(month + 1)}-${pad(Math.min(d, last))}`
}

/** `2026-03-01` of a date or a timestamp; '' for none. */
export const dateOf = (value: string | null | undefined) => (value ? value.slice(0, 10) : '')

/** File sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

// The settings of each congress, read once per page load.
const settingsCache = reactive<Record<string, SuggestionSettings | null>>({})
const settingsPending: Record<string, Promise<SuggestionSettings | null>> = {}

/** The congress's suggestion settings (categories, answer classes, reasons); null when unreadable. */
export function loadSettings(congressId: string | null | undefined): Promise<SuggestionSettings | null> {
  if (!congressId) return Promise.resolve(null)
  const id = String(congressId)
  if (settingsCache[id]) return Promise.resolve(settingsCache[id])
  settingsPending[id] ??= getSuggestionSettings(id)
    .then((s) => {
      settingsCache[id] = s
      return s
    })
    .catch(() => null)
    .finally(() => {
      delete settingsPending[id]
    })
  return settingsPending[id]!
}

export function cachedSettings(congressId: string | null | undefined): SuggestionSettings | null {
  return congressId ? (settingsCache[String(congressId)] ?? null) : null
}

/** The caller's own units (unit roles' grants) and the congress they work for. */
export function useCaller() {
  const auth = useAuthStore()
  const unitIds = () =>
    (auth.user?.grants ?? [])
      .filter((g) => (g.role === 'unit_handler' || g.role === 'unit_head') && g.scope_type === 'unit' && g.scope_id !== null)
      .map((g) => String(g.scope_id))
  /** The caller's assignments among these: those of their units, still running. */
  const ownAssignments = (assignments: Assignment[]) => {
    const mine = unitIds()
    return assignments.filter((a) => mine.includes(String(a.unit.id)) && a.state !== 'reassigned')
  }
  /** The congress the caller works for: the first congress grant, else the account's. */
  const congressId = (): string | null => {
    const grant = (auth.user?.grants ?? []).find((g) => g.scope_type === 'congress' && g.scope_id !== null)
    if (grant) return String(grant.scope_id)
    return auth.user?.congress_id ? String(auth.user.congress_id) : null
  }
  return { unitIds, ownAssignments, congressId }
}
