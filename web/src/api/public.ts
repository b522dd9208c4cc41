// The public directory (云端可见): deputies and liaison stations, readable without signing in.
// Contract: docs/registry.md, "Public API".
import { api, type Page } from './client'
import type { CongressLevel } from './registry'

export const congressLevels: readonly CongressLevel[] = ['national', 'provincial', 'city', 'county', 'township']

export type StationKind = 'home' | 'station' | 'hub' | 'online'
export const stationKinds: readonly StationKind[] = ['home', 'station', 'hub', 'online']

/** A serving mandate as the public sees it; `id` is the mandate's id. */
export interface PublicDeputy {
  id: string
  person_id: string
  name: string
  gender: 'male' | 'female' | string
  level: CongressLevel
  congress_id: string
  congress_name: string
  term_number: number
  region_code: string
  region_name: string
  delegation: string
  occupation: string
  photo_url: string
  /** The name's pinyin and initials as searched ("zhangwei", "zw"). */
  pinyin?: string
  initials?: string
}

export interface DeputyProfile extends PublicDeputy {
  ethnicity: string
  party: string
  birth_year: number | null
  deputy_group: string
  stations: { id: string; name: string; kind: StationKind; address: string }[]
  other_mandates: { id: string; level: CongressLevel; congress_name: string; term_number: number }[]
}

export interface PublicStation {
  id: string
  name: string
  kind: StationKind
  region_code: string
  region_name: string
  address: string
  latitude: number | null
  longitude: number | null
  opening_hours: string
  phone: string
  /** `weekly:1,4` (ISO weekdays) or `monthly:9,19` (days of the month); empty when none. */
  reception_schedule: string
  /** Only in answers to `near=`: metres from the given point. */
  distance_m?: number
}

export interface StationDetail extends PublicStation {
  deputies: PublicDeputy[]
  /** The next reception days, `YYYY-MM-DD`, from today in Asia/Shanghai. */
  next_reception_days: string[]
}

export interface DeputyFilter {
  q?: string
  region?: string
  level?: string
  term?: string
  delegation?: string
  station?: string
  page?: number
  page_size?: number
}

export interface StationFilter {
  region?: string
  kind?: string
  /** Part of the name. */
  q?: string
  page?: number
  page_size?: number
}

// Public pages never carry a session: a 401 here cannot mean a lost sign-in.
const open = { auth: false } as const

export function searchDeputies(filter: DeputyFilter, signal?: AbortSignal): Promise<Page<PublicDeputy>> {
  return api.get<Page<PublicDeputy>>('/api/v1/public/deputies', { ...open, query: { ...filter }, signal })
}

export function getDeputy(id: string, signal?: AbortSignal): Promise<DeputyProfile> {
  return api.get<DeputyProfile>(`/api/v1/public/deputies/${encodeURIComponent(id)}`, { ...open, signal, silent: true })
}

export function listPublicStations(filter: StationFilter, signal?: AbortSignal): Promise<Page<PublicStation>> {
  return api.get<Page<PublicStation>>('/api/v1/public/stations', { ...open, query: { ...filter }, signal })
}

/** The nearest `limit` stations to a point, nearest first, each with `distance_m`. */
export async function nearestStations(lat: number, lng: number, limit = 20, signal?: AbortSignal): Promise<PublicStation[]> {
  const res = await api.get<{ items: PublicStation[] } | PublicStation[]>('/api/v1/public/stations', {
    ...open,
    query: { near: `${lat},${lng}`, limit },
    signal,
  })
  // The contract names the items; a bare array is read too.
  const items = Array.isArray(res) ? res : res.items
  return [...items].sort((a, b) => (a.distance_m ?? Infinity) - (b.distance_m ?? Infinity))
}

export function getStation(id: string, signal?: AbortSignal): Promise<StationDetail> {
  return api.get<StationDetail>(`/api/v1/public/stations/${encodeURIComponent(id)}`, { ...open, signal, silent: true })
}
