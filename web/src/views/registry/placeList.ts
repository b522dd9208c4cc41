import { ref } from 'vue'
import type { LocationQuery } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import type { Page } from '@/api/client'
import { ApiError, showError } from '@/api/client'
import type { PlaceFilter, PageRequest } from '@/api/places'
import { confirmAction } from '@/composables/confirm'
import { queryMatching, queryOneOf, queryPatterns, queryString as str, useUrlList } from '@/composables/useUrlList'
import { useRegionNames } from './regionNames'
import type { useRegistryScope } from './registryScope'

type State = '' | 'true' | 'false'

export interface Place<Kind extends string = string> {
  id: string
  name: string
  kind: Kind
  active: boolean
  version: number
  region_code: string
  congress_id: string
}

/**
 * The list of stations or of units: the filters (name, region, kind, state) in the address, the
 * edit dialog, and deactivating or reactivating a row with every other field as it is.
 */
export function usePlaceList<T extends Place<Kind>, Kind extends string, Input>(options: {
  /** The section of the messages: `registry.stations.*` or `registry.units.*`. */
  messages: 'stations' | 'units'
  kinds: readonly Kind[]
  scope: ReturnType<typeof useRegistryScope>
  list: (query: PlaceFilter<Kind> & PageRequest, signal: AbortSignal) => Promise<Page<T>>
  exportList: (query: PlaceFilter<Kind> & PageRequest) => Promise<unknown>
  update: (row: T, input: Input & { active?: boolean }) => Promise<T>
  inputOf: (row: T) => Input
}) {
  const { t } = useI18n()
  const regions = useRegionNames()
  const m = options.messages

  const list = useUrlList({
    parse: (q: LocationQuery) => ({
      q: str(q.q),
      region: queryMatching(q.region, queryPatterns.region),
      kind: queryOneOf(q.kind, options.kinds),
      active: (['true', 'false'].includes(str(q.active)) ? str(q.active) : '') as State,
    }),
    filterKeys: ['q', 'region', 'kind', 'active'],
    // The address's query as the API takes it.
    fetch: async (q, signal): Promise<Page<T>> => {
      const res = await options.list(request(q), signal)
      regions.learn(res.items.map((r) => r.region_code))
      return res
    },
    exportList: (q) => options.exportList(request(q)),
  })
  function request<Q extends { active: State }>(q: Q) {
    return { ...q, active: q.active === '' ? ('' as const) : q.active === 'true' }
  }
  const { query, rows, load, go } = list

  // The dialog: a new row, or one to edit.
  const dialogOpen = ref(false)
  const editing = ref<T | null>(null)
  function openCreate() {
    editing.value = null
    dialogOpen.value = true
  }
  function openEdit(row: T) {
    if (!options.scope.canEditCongress(row.congress_id)) return
    editing.value = row
    dialogOpen.value = true
  }
  function onSaved(saved: T, created: boolean) {
    ElMessage({ type: 'success', message: created ? t(`registry.${m}.created`, { name: saved.name }) : t('registry.saved') })
    if (created) go({ page: 1 })
    else void load()
  }

  /** Deactivates or reactivates a row: every field as it is, with the state turned. */
  const toggling = ref('')
  async function toggleActive(row: T) {
    const deactivate = row.active
    const message = t(deactivate ? `registry.${m}.deactivateConfirm` : `registry.${m}.reactivateConfirm`, { name: row.name })
    if (!(await confirmAction(message, deactivate))) return
    toggling.value = row.id
    try {
      const saved = await options.update(row, { ...options.inputOf(row), active: !deactivate })
      ElMessage({ type: 'success', message: t(deactivate ? 'registry.deactivated' : 'registry.reactivated', { name: saved.name }) })
      const i = rows.value.findIndex((r) => r.id === saved.id)
      if (i >= 0) rows.value[i] = saved
      // A list narrowed to one state no longer holds the row.
      if (query.value.active) void load()
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        ElMessage({ type: 'warning', message: t('registry.staleRow') })
        void load()
      } else showError(err)
    } finally {
      toggling.value = ''
    }
  }

  return { ...list, regions, dialogOpen, editing, openCreate, openEdit, onSaved, toggling, toggleActive }
}
