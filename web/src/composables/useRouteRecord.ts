// Loads the record named by the route's :id (a public profile or station page): a newer
// id cancels the older request, 404/422 reads as "not found", and the browser tab shows
// the record's name once known.
import { computed, onBeforeUnmount, ref, shallowRef, watch, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute } from 'vue-router'
import { ApiError } from '@/api/client'

export function useRouteRecord<T extends { name: string }>(fetch: (id: string, signal: AbortSignal) => Promise<T>) {
  const { t, locale } = useI18n()
  const route = useRoute()
  const record: ShallowRef<T | null> = shallowRef(null)
  const error = shallowRef<unknown>(null)
  const loading = ref(false)
  let inFlight: AbortController | null = null

  const id = computed(() => String(route.params.id ?? ''))
  const notFound = computed(
    () => error.value instanceof ApiError && (error.value.status === 404 || error.value.status === 422),
  )

  async function load() {
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    loading.value = true
    error.value = null
    try {
      record.value = await fetch(id.value, controller.signal)
    } catch (err) {
      if (controller.signal.aborted) return
      record.value = null
      error.value = err
    } finally {
      if (inFlight === controller) loading.value = false
    }
  }
  watch(id, () => void load(), { immediate: true })
  onBeforeUnmount(() => inFlight?.abort())
  watch([record, locale], () => {
    if (record.value) document.title = `${record.value.name} - ${t('app.fullName')}`
  })

  return { record, error, loading, notFound, id, load }
}
