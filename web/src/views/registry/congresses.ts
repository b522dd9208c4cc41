// Every congress with its terms, read once per page load for the registry's pickers.
import { shallowRef } from 'vue'
import { listAllCongresses, type Congress } from '@/api/registry'

const list = shallowRef<Congress[]>([])
let pending: Promise<void> | null = null

export function useCongresses() {
  function load(): Promise<void> {
    pending ??= listAllCongresses()
      .then((all) => {
        list.value = all.map((c) => ({ ...c, id: String(c.id) }))
      })
      .catch(() => {
        // Shown by the client; a later page may try again.
        pending = null
      })
    return pending
  }
  const byId = (id: string | null | undefined) => (id ? list.value.find((c) => c.id === String(id)) : undefined)
  const nameOf = (id: string | null | undefined) => byId(id)?.name ?? (id ? `#${id}` : '—')
  /** Newest term first. */
  const termsOf = (id: string | null | undefined) => [...(byId(id)?.terms ?? [])].sort((a, b) => b.number - a.number)
  return { list, load, byId, nameOf, termsOf }
}
