import { computed, onBeforeUnmount, ref, shallowRef } from 'vue'
import type { Page } from '@/api/client'

/**
 * A list read page by page and shown as one growing column ("load more"). `reload` starts over
 * (new filters), `more` appends the next page; an older answer never lands after a newer request.
 */
export function usePagedList<T>(fetchPage: (page: number, signal: AbortSignal) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(0)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  /** The first page has answered (so an empty list means "none", not "not yet"). */
  const loaded = ref(false)
  let inFlight: AbortController | null = null

  const hasMore = computed(() => loaded.value && items.value.length < total.value)

  async function load(next: number) {
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    loading.value = true
    error.value = null
    try {
      const res = await fetchPage(next, controller.signal)
      items.value = next === 1 ? res.items : [...items.value, ...res.items]
      total.value = res.total
      page.value = next
      loaded.value = true
      // A page that came back empty ends the list even if the total promised more.
      if (!res.items.length) total.value = items.value.length
    } catch (err) {
      if (controller.signal.aborted) return
      error.value = err
    } finally {
      if (inFlight === controller) {
        loading.value = false
        inFlight = null
      }
    }
  }

  function reload() {
    items.value = []
    total.value = 0
    page.value = 0
    loaded.value = false
    return load(1)
  }

  function more() {
    if (loading.value || !hasMore.value) return Promise.resolve()
    return load(page.value + 1)
  }

  /** After a failure: the same page again. */
  function retry() {
    return page.value === 0 ? reload() : load(page.value + 1)
  }

  onBeforeUnmount(() => inFlight?.abort())

  return { items, total, loading, error, loaded, hasMore, reload, more, retry }
}
