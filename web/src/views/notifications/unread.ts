// The unread count shared by the header's bell, the inbox and the workbench home: a page that
// reads a notification lowers the badge at once, and the bell's polling keeps it honest.
import { ref } from 'vue'
import { markAllRead, markRead, unreadCount, type Notification } from '@/api/notifications'

const unread = ref(0)
/** Bumped on every change made here, so open lists know to read again. */
const changes = ref(0)
let asked = 0

async function refresh(): Promise<void> {
  const ticket = ++asked
  try {
    const n = await unreadCount({ silent: true })
    // An older answer never overwrites a newer one.
    if (ticket === asked) unread.value = n
  } catch {
    // Polling stays quiet; the next round tries again.
  }
}

/** Marks one notification read (if it is not yet) and lowers the count. */
async function read(n: Notification): Promise<void> {
  if (n.read_at) return
  await markRead(n.id)
  n.read_at = new Date().toISOString()
  unread.value = Math.max(0, unread.value - 1)
  changes.value++
  void refresh()
}

async function readAll(): Promise<void> {
  await markAllRead()
  unread.value = 0
  changes.value++
  void refresh()
}

/** Signed out: the next user starts from nothing rather than from this user's count. */
function reset(): void {
  asked++
  unread.value = 0
}

export function useUnread() {
  return { unread, changes, refresh, read, readAll, reset }
}
