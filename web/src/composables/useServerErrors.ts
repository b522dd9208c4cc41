import { reactive } from 'vue'
import { ApiError, fieldErrors, showError } from '@/api/client'

/**
 * The server's 422 field errors next to the form's fields (`<el-form-item :error="errors.x">`).
 * Whatever cannot be placed next to a field (another status, an unknown field) goes to the toast.
 * `alias` renames server field names (`grants.0.role`) to the form's (`role`).
 */
export function useServerErrors<K extends string>(fields: readonly K[], alias: Record<string, K> = {}) {
  const errors = reactive({}) as Partial<Record<K, string>>

  function clear(field?: K) {
    if (field) delete errors[field]
    else for (const key of Object.keys(errors) as K[]) delete errors[key]
  }

  function take(err: unknown) {
    clear()
    const byField = fieldErrors(err)
    let placed = 0
    let unplaced = !(err instanceof ApiError && err.status === 422)
    for (const [name, message] of Object.entries(byField)) {
      const key = alias[name] ?? (name as K)
      if (fields.includes(key)) {
        errors[key] = message
        placed++
      } else unplaced = true
    }
    if (unplaced || placed === 0) showError(err)
  }

  return { errors, clear, take }
}
