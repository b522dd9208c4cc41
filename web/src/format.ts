// Display formats shared by the pages.
import { i18n } from '@/i18n'

const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-03-01 14:05` in the browser's time zone; `—` for none; the text itself when unreadable. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** `15 分钟` / `40 秒`, rounded up to whole minutes from a minute on. */
export function formatWait(seconds: number): string {
  const { t } = i18n.global
  if (seconds < 60) return t('common.seconds', Math.max(1, Math.ceil(seconds)))
  return t('common.minutes', Math.ceil(seconds / 60))
}
