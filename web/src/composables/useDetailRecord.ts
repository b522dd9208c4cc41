// Loads the record of a workbench detail page (an opinion, a suggestion) named by the route's :id:
// a newer id cancels the older request; 404, 422 and 403 read as "not found" (the server does not
// say whether a record the caller may not see exists); the browser tab shows the record's title.
// (The portal's pages use useRouteRecord, which keeps the error to show instead.)
import { computed, onBeforeUnmount, ref, shallowRef, watch, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute } from 'vue-router'
import { ApiError, showError } from '@/api/client'

export function useDetailRecord<T extends { title: string }>(fetch: (id: string, signal: AbortSignal) => Promise<T>) {
  const { t } = useI18n()
  const route = useRoute()
  const record: ShallowRef<T | null> = shallowRef(null)
  const loading = ref(false)
  const notFound = ref(false)
  let inFlight: AbortController | null = null

  const id = computed(() => String(route.params.id ?? ''))

  async function load() {
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    loading.value = true
    try {
      record.value = await fetch(id.value, controller.signal)
      notFound.value = false
    } catch (err) {
      if (controller.signal.aborted) return
      if (err instanceof ApiError && (err.status === 404 || err.status === 422 || err.status === 403)) {
        record.value = null
        notFound.value = true
      } else showError(err)
    } finally {
      if (inFlight === controller) loading.value = false
    }
  }
  watch(id, () => void load(), { immediate: true })
  onBeforeUnmount(() => inFlight?.abort())
  watch(record, (r) => {
    if (r) document.title = `${r.title} - ${t('app.fullName')}`
  })

  return { id, record, loading, notFound, load }
}
