import { onBeforeUnmount, ref } from 'vue'

/**
 * Loads a page's data one request at a time: a newer `request` cancels the older request, so an older
 * answer never lands after a newer one, and leaving the page cancels what is still on its way.
 * `request` resolves to the answer, or to undefined when the request failed (`failed` is then set; the
 * client has shown why) or was cancelled.
 */
export function useLatestRequest() {
  const loading = ref(false)
  /** The latest request failed: the page can say so and offer to try again. */
  const failed = ref(false)
  let inFlight: AbortController | null = null

  async function request<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    loading.value = true
    failed.value = false
    try {
      const answer = await send(controller.signal)
      return controller.signal.aborted ? undefined : answer
    } catch {
      if (!controller.signal.aborted) failed.value = true
      return undefined
    } finally {
      if (inFlight === controller) loading.value = false
    }
  }
  onBeforeUnmount(() => inFlight?.abort())

  return { loading, failed, request }
}
