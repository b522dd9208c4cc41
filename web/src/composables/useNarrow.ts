import { onScopeDispose, ref } from 'vue'

/** Phones and narrow windows (≤ 768 px) get the menu in a drawer instead of a side bar. */
export const narrowQuery = '(max-width: 768px)'

export function useNarrow() {
  const query = window.matchMedia(narrowQuery)
  const narrow = ref(query.matches)
  const update = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  query.addEventListener('change', update)
  onScopeDispose(() => query.removeEventListener('change', update))
  return narrow
}
