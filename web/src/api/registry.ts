import { api, requestAll } from './client'

export type RegionLevel = 'province' | 'city' | 'county' | 'township'
export type CongressLevel = 'national' | 'provincial' | 'city' | 'county' | 'township'

export interface Region {
  code: string
  name: string
  level: RegionLevel
  parent_code: string | null
  has_children: boolean
  version: number
}

export interface RegionDetail extends Region {
  /** Ancestors, root first. */
  path: { code: string; name: string }[]
}

export interface Term {
  number: number
  name: string
  start_date: string
  /** null while the term runs: its end is fixed only when the next term is elected. */
  end_date: string | null
}

export interface Congress {
  id: string
  region_code: string
  level: CongressLevel
  name: string
  terms: Term[]
}

/** Children of `parent`, or the roots when it is absent. */
export function listRegions(parent?: string, signal?: AbortSignal): Promise<Region[]> {
  return requestAll<Region>('/api/v1/regions', { query: { parent }, signal })
}

export function getRegion(code: string, signal?: AbortSignal): Promise<RegionDetail> {
  return api.get<RegionDetail>(`/api/v1/regions/${encodeURIComponent(code)}`, { signal })
}

export function listCongresses(region: string, signal?: AbortSignal): Promise<Congress[]> {
  return requestAll<Congress>('/api/v1/congresses', { query: { region }, signal })
}

/** Every congress, for pickers (a province has a few dozen in the registry's first slice). */
export function listAllCongresses(signal?: AbortSignal): Promise<Congress[]> {
  return requestAll<Congress>('/api/v1/congresses', { signal })
}

/** A handling unit or a liaison station: the scope of unit and station roles. */
export interface ScopedPlace {
  id: string
  name: string
  congress_id: string | null
}

export function listUnits(signal?: AbortSignal): Promise<ScopedPlace[]> {
  return requestAll<ScopedPlace>('/api/v1/units', { signal, silent: true })
}

export function listStations(signal?: AbortSignal): Promise<ScopedPlace[]> {
  return requestAll<ScopedPlace>('/api/v1/stations', { signal, silent: true })
}
