// What the opinion pages share: one colour per state, the category labels, the caller's stations.
import { computed } from 'vue'
import { i18n } from '@/i18n'
import { defaultCategories, type DefaultCategory, type OpinionState } from '@/api/opinions'
import { useAuthStore } from '@/stores/auth'

/** One colour per state across the app (text, background, border); the portal uses them too. */
export const opinionStateColours: Record<OpinionState, { text: string; bg: string; border: string }> = {
  received: { text: '#1d64c8', bg: '#ecf5ff', border: '#b3d8ff' },
  accepted: { text: '#08979c', bg: '#e6fffb', border: '#87e8de' },
  rejected: { text: '#cf1322', bg: '#fff1f0', border: '#ffa39e' },
  answered_on_spot: { text: '#ad6800', bg: '#fffbe6', border: '#ffe58f' },
  referred: { text: '#531dab', bg: '#f9f0ff', border: '#d3adf7' },
  escalated: { text: '#c41d7f', bg: '#fff0f6', border: '#ffadd2' },
  replied: { text: '#d4380d', bg: '#fff2e8', border: '#ffbb96' },
  closed: { text: '#389e0d', bg: '#f6ffed', border: '#b7eb8f' },
}

export interface CategoryOption {
  code: string
  label: string
}

/** The Henan default categories in the current language. */
export function defaultCategoryOptions(): CategoryOption[] {
  const { t } = i18n.global
  return defaultCategories.map((code) => ({ code, label: t(`opinions.categories.${code as DefaultCategory}`) }))
}

export function categoryLabel(code: string): string {
  const { t } = i18n.global
  return (defaultCategories as readonly string[]).includes(code) ? t(`opinions.categories.${code as DefaultCategory}`) : code
}

/** The stations the signed-in keeper keeps (station_keeper grants), with their names. */
export function useKeptStations() {
  const auth = useAuthStore()
  return computed(() =>
    (auth.user?.grants ?? [])
      .filter((g) => g.role === 'station_keeper' && g.scope_type === 'station' && g.scope_id !== null)
      .map((g) => ({ id: String(g.scope_id), name: g.scope_name ?? `#${g.scope_id}` })),
  )
}

/** Hours as people read them: 3.5 小时 / 2.1 天. */
export function formatHours(hours: number | null | undefined): string {
  const { t } = i18n.global
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '—'
  if (hours < 48) return t('opinions.stats.hours', { n: Math.round(hours * 10) / 10 })
  return t('opinions.stats.days', { n: Math.round((hours / 24) * 10) / 10 })
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—'
  return `${Math.round(rate * 1000) / 10}%`
}
