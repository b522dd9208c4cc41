import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '@/api/client'

interface Versioned {
  id: string
  version: number
  active: boolean
}

/**
 * An edit dialog's save: an edit sends the version the form was filled from (If-Match) and keeps
 * the state it was filled with (the list's action changes that); a 409 shows `conflict`, and
 * `reload` fills the form from the record as it is now so the user applies the change again.
 */
export function useVersionedEdit<T extends Versioned>(options: {
  /** The record being edited; null for a new one. */
  record: () => T | null
  /** Puts the record's fields into the form. */
  fill: (record: T) => void
  validate: () => Promise<boolean>
  create: () => Promise<T>
  update: (target: { id: string; version: number }, active: boolean) => Promise<T>
  get: (id: string) => Promise<T>
  server: { clear: () => void; take: (err: unknown) => void }
  saved: (record: T, created: boolean) => void
}) {
  const { t } = useI18n()
  const saving = ref(false)
  const conflict = ref('')
  /** The version the form was filled from; sent as If-Match. */
  const version = ref(0)
  /** The state the form was filled from: an edit keeps it (the list's action changes it). */
  const active = ref(true)

  function fill(record: T) {
    options.fill(record)
    version.value = record.version
    active.value = record.active
  }

  async function submit() {
    if (!(await options.validate())) return
    saving.value = true
    options.server.clear()
    conflict.value = ''
    try {
      const record = options.record()
      const saved = record ? await options.update({ id: record.id, version: version.value }, active.value) : await options.create()
      options.saved(saved, !record)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        conflict.value = t('registry.conflict')
      } else options.server.take(err)
    } finally {
      saving.value = false
    }
  }

  /** After a conflict: the record as it is now, then the user applies the change again. */
  async function reload() {
    const record = options.record()
    if (!record) return
    try {
      const fresh = await options.get(record.id)
      conflict.value = ''
      fill(fresh)
    } catch (err) {
      options.server.take(err)
    }
  }

  return { saving, conflict, fill, submit, reload }
}
