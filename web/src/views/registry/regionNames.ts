// Names of the regions rows refer to: the staff answers carry only the code, so each code is
// asked once per page load and shared by the pages that show it.
import { reactive } from 'vue'
import { getRegion } from '@/api/registry'

const names = reactive<Record<string, string>>({})
const asked = new Set<string>()

export function useRegionNames() {
  /** Asks for the names of codes not yet known. */
  function learn(codes: Iterable<string>) {
    for (const code of new Set(codes)) {
      if (!code || asked.has(code)) continue
      asked.add(code)
      getRegion(code)
        .then((r) => (names[code] = r.name))
        .catch(() => asked.delete(code)) // The code stands in for the name; a later page asks again.
    }
  }
  /** The region's name, its code until the name is known, or a dash without a region. */
  const nameOf = (code: string | null | undefined) => (code ? names[code] || code : '—')
  return { learn, nameOf }
}
