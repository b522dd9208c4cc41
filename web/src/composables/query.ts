import type { LocationQuery } from 'vue-router'

/** Whether a query built by a page equals the address's one (order of keys aside). */
export function sameQuery(next: Record<string, string>, current: LocationQuery): boolean {
  const keys = new Set([...Object.keys(next), ...Object.keys(current)])
  for (const key of keys) if (next[key] !== current[key]) return false
  return true
}
