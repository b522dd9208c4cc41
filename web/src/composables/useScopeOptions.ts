import { reactive } from 'vue'
import { listAllCongresses, listStations, listUnits } from '@/api/registry'
import type { ScopeType } from '@/roles'

export interface ScopeOption {
  id: string
  name: string
  congress_id: string | null
}

type Kind = Exclude<ScopeType, 'global'>

// One list per kind for the whole page load: pickers in dialogs and drawers share them.
const cache = reactive<Record<Kind, ScopeOption[] | null>>({ congress: null, unit: null, station: null })
const pending: Partial<Record<Kind, Promise<void>>> = {}

const loaders: Record<Kind, () => Promise<ScopeOption[]>> = {
  congress: async () => (await listAllCongresses()).map((c) => ({ id: String(c.id), name: c.name, congress_id: String(c.id) })),
  unit: async () => (await listUnits()).map((u) => ({ id: String(u.id), name: u.name, congress_id: u.congress_id })),
  station: async () => (await listStations()).map((s) => ({ id: String(s.id), name: s.name, congress_id: s.congress_id })),
}

/** Congresses, units and stations for pickers; a list that cannot be read leaves typing the id. */
export function useScopeOptions() {
  function load(kind: ScopeType): Promise<void> {
    if (kind === 'global' || cache[kind]) return Promise.resolve()
    pending[kind] ??= loaders[kind]()
      .then((list) => {
        cache[kind] = list
      })
      .catch(() => {
        cache[kind] = []
      })
      .finally(() => {
        delete pending[kind]
      })
    return pending[kind]!
  }

  function options(kind: ScopeType): ScopeOption[] {
    return kind === 'global' ? [] : (cache[kind] ?? [])
  }

  function nameOf(kind: ScopeType, id: string | null | undefined): string | undefined {
    if (id === null || id === undefined) return undefined
    return options(kind).find((o) => o.id === String(id))?.name
  }

  return { load, options, nameOf }
}
