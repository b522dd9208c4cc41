// The in-app inbox (docs/suggestions.md, Notifications).
import { api, type Page } from './client'

export const notificationKinds = [
  'assignment_new',
  'cosign_invitation',
  'answer_received',
  'evaluation_requested',
  'due_soon',
  'overdue',
  'submitted',
] as const
export type NotificationKind = (typeof notificationKinds)[number]

export interface Notification {
  id: string
  /** One of `notificationKinds`; a newer server may send others. */
  kind: string
  title: string
  body: string
  /** The record the notification is about (`suggestion`), if any. */
  record_type: string | null
  record_id: string | null
  created_at: string
  /** null while unread. */
  read_at: string | null
}

export interface NotificationQuery {
  unread?: boolean
  page?: number
  page_size?: number
}

/** Newest first. The bell polls, so it asks `silent` and keeps quiet when the server is away. */
export function listNotifications(query: NotificationQuery, options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<Page<Notification>> {
  return api.get<Page<Notification>>('/api/v1/notifications', {
    query: { unread: query.unread ? 'true' : undefined, page: query.page, page_size: query.page_size },
    signal: options.signal,
    silent: options.silent,
  })
}

export async function unreadCount(options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<number> {
  const res = await api.get<{ unread: number }>('/api/v1/notifications/unread-count', options)
  return Number(res?.unread ?? 0)
}

export function markRead(id: string): Promise<unknown> {
  return api.post<unknown>(`/api/v1/notifications/${encodeURIComponent(id)}/read`, undefined)
}

export function markAllRead(): Promise<unknown> {
  return api.post<unknown>('/api/v1/notifications/read-all', undefined)
}

/** The workbench page a notification opens, when it is about a record the app shows. */
export function recordPath(n: Pick<Notification, 'record_type' | 'record_id'>): string | null {
  if (n.record_type === 'suggestion' && n.record_id) return `/app/suggestions/${encodeURIComponent(String(n.record_id))}`
  if (n.record_type === 'opinion' && n.record_id) return `/app/opinions/${encodeURIComponent(String(n.record_id))}`
  if (n.record_type === 'station' && n.record_id) return `/stations/${encodeURIComponent(String(n.record_id))}`
  return null
}
