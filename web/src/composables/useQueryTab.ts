import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * The open tab of a page, kept in the address (`?tab=`) so a reload shows the same one. The first
 * tab is the default and leaves the address without it.
 */
export function useQueryTab<Tab extends string>(tabs: readonly [Tab, ...Tab[]]) {
  const route = useRoute()
  const router = useRouter()
  return computed<Tab>({
    get: () => (tabs.includes(route.query.tab as Tab) ? (route.query.tab as Tab) : tabs[0]),
    set: (value) => void router.replace({ query: { ...route.query, tab: value === tabs[0] ? undefined : value } }),
  })
}
