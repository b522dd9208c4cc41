// Who may read and change which part of the registry, from the signed-in user's grants.
import { computed } from 'vue'
import type { Congress } from '@/api/registry'
import { registryEditors, registryReaders } from '@/roles'
import { useAuthStore } from '@/stores/auth'

export function useRegistryScope() {
  const auth = useAuthStore()
  const isAdmin = computed(() => auth.hasAnyRole(['admin']))
  /** The congresses whose registry the user reads; null for administrators (all of them). */
  const readable = computed<string[] | null>(() => {
    if (!auth.user || isAdmin.value) return null
    return auth.user.grants
      .filter((g) => registryReaders.includes(g.role) && g.scope_type === 'congress' && g.scope_id !== null)
      .map((g) => String(g.scope_id))
  })
  /** The congresses whose registry the user changes; null for administrators (all of them). */
  const editable = computed<string[] | null>(() => {
    if (!auth.user || isAdmin.value) return null
    return auth.user.grants
      .filter((g) => registryEditors.includes(g.role) && g.scope_type === 'congress' && g.scope_id !== null)
      .map((g) => String(g.scope_id))
  })
  /** Shows the buttons that change the registry (the server decides for each record). */
  const canEdit = computed(() => auth.hasAnyRole(registryEditors))
  const canEditCongress = (congressId: string | null | undefined) =>
    editable.value === null ? canEdit.value : congressId !== null && congressId !== undefined && editable.value.includes(String(congressId))

  /** Narrows a list of congresses to those the user reads (or changes). */
  function within<T extends Pick<Congress, 'id'> | { id: string }>(list: T[], which: 'read' | 'edit' = 'read'): T[] {
    const ids = which === 'read' ? readable.value : editable.value
    return ids === null ? list : list.filter((c) => ids.includes(String(c.id)))
  }

  return { isAdmin, readable, editable, canEdit, canEditCongress, within }
}
