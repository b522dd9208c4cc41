import { computed, reactive, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import type { Page } from '@/api/client'
import { sameQuery } from './query'
import { useLatestRequest } from './useLatestRequest'

/** A value of the address's query as a string ('' when absent or repeated). */
export const queryString = (v: unknown) => (typeof v === 'string' ? v : '')
/** A value of the address's query that is one of `values`, else '' (an old or hand-made link). */
export const queryOneOf = <T extends string>(v: unknown, values: readonly T[]): T | '' => (values.includes(v as T) ? (v as T) : '')
/** A value of the address's query that matches `pattern`, else ''. */
export const queryMatching = (v: unknown, pattern: RegExp) => (pattern.test(queryString(v)) ? queryString(v) : '')
/** What the lists' ids and codes look like in the address. */
export const queryPatterns = { id: /^\d+$/, region: /^\d{6}(\d{3})?$/, category: /^[a-z0-9_-]{1,40}$/i }
const positive = (v: unknown, fallback: number) => {
  const n = Number(queryString(v))
  return Number.isInteger(n) && n > 0 ? n : fallback
}

export interface Paging {
  page: number
  page_size: number
}

/**
 * A list page whose filters and page live in the address, so a reload or a shared link shows the
 * same list. `parse` reads the filters from the address (a value it does not accept is ''); the
 * `filterKeys` are the ones the filter bar edits (`filters`) until `search` applies them.
 * An older answer never lands after a newer request; `exportList` (a list with an export) gets
 * the filters as applied.
 */
export function useUrlList<P extends { q: string }, K extends keyof P & string, T>(options: {
  parse: (query: LocationQuery) => P
  filterKeys: readonly K[]
  fetch: (query: P & Paging, signal: AbortSignal) => Promise<Page<T>>
  exportList?: (query: P & Paging) => Promise<unknown>
}) {
  const { t } = useI18n()
  const route = useRoute()
  const router = useRouter()

  const query = computed<P & Paging>(() => ({
    ...options.parse(route.query),
    page: positive(route.query.page, 1),
    page_size: Math.min(positive(route.query.page_size, 20), 200),
  }))
  const blank = () => Object.fromEntries(options.filterKeys.map((k) => [k, ''])) as unknown as Pick<P, K>
  const filters = reactive(blank()) as Pick<P, K>
  const filtered = computed(() => options.filterKeys.some((k) => Boolean(query.value[k])))

  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const { loading, request } = useLatestRequest()

  async function load() {
    const res = await request((signal) => options.fetch(query.value, signal))
    if (!res) return
    rows.value = res.items
    total.value = res.total
  }

  watch(
    query,
    (q) => {
      for (const k of options.filterKeys) filters[k] = q[k]
      void load()
    },
    { immediate: true },
  )

  function go(changes: Partial<P & Paging>) {
    const next: Record<string, unknown> = { ...query.value, ...changes }
    const q: Record<string, string> = {}
    for (const [key, value] of Object.entries(next)) {
      if (key === 'page') {
        if ((value as number) > 1) q.page = String(value)
      } else if (key === 'page_size') {
        if (value !== 20) q.page_size = String(value)
      } else if (value) q[key] = String(value)
    }
    // Searching again with the same filters reloads: the data may have changed meanwhile.
    if (sameQuery(q, route.query)) void load()
    else void router.replace({ query: q })
  }
  const search = () => go({ ...filters, q: (filters as Partial<P>).q?.trim(), page: 1 } as Partial<P & Paging>)
  function resetFilters() {
    Object.assign(filters, blank())
    go({ ...blank(), page: 1 } as Partial<P & Paging>)
  }

  const exporting = ref(false)
  async function onExport() {
    if (!options.exportList) return
    exporting.value = true
    try {
      // The list's filters as they are applied (not what is typed but not yet searched).
      await options.exportList(query.value)
      ElMessage({ type: 'success', message: t('registry.exported') })
    } catch {
      // Shown by the client.
    } finally {
      exporting.value = false
    }
  }

  return { query, filters, filtered, rows, total, loading, load, go, search, resetFilters, exporting, onExport }
}
