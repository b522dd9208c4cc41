// Liaison stations and handling units as staff keep them (docs/registry.md, docs/accounts.md).
import { api, type Page } from './client'

export type StationKind = 'home' | 'station' | 'hub' | 'online'
export const stationKinds: readonly StationKind[] = ['home', 'station', 'hub', 'online']

/** A station or a unit in the staff API: only its name, congress and state. */
export interface Place {
  id: string
  name: string
  congress_id: string
  active: boolean
  version: number
}

/** What a station's form sends; PATCH replaces every field, so the form sends them all. */
export interface StationInput {
  name: string
  kind: StationKind
  region_code?: string
  address?: string
  latitude?: number
  longitude?: number
  opening_hours?: string
  reception_schedule?: string
  phone?: string
}

export interface NewStation extends StationInput {
  congress_id?: string
}

export interface NewUnit {
  name: string
  congress_id?: string
}

export interface PageRequest {
  page?: number
  page_size?: number
}

export function listStationPage(query: PageRequest, signal?: AbortSignal): Promise<Page<Place>> {
  return api.get<Page<Place>>('/api/v1/stations', { query: { ...query }, signal })
}

export function createStation(input: NewStation): Promise<Place> {
  return api.post<Place>('/api/v1/stations', input, { silent: true })
}

/** `If-Match` carries the version the form was filled from; a newer one answers 409. */
export function updateStation(station: Pick<Place, 'id' | 'version'>, input: StationInput): Promise<Place> {
  return api.patch<Place>(`/api/v1/stations/${encodeURIComponent(station.id)}`, input, {
    headers: { 'If-Match': `"${station.version}"` },
    silent: true,
  })
}

export function getStationPlace(id: string, signal?: AbortSignal): Promise<Place> {
  return api.get<Place>(`/api/v1/stations/${encodeURIComponent(id)}`, { signal, silent: true })
}

export function listUnitPage(query: PageRequest, signal?: AbortSignal): Promise<Page<Place>> {
  return api.get<Page<Place>>('/api/v1/units', { query: { ...query }, signal })
}

export function createUnit(input: NewUnit): Promise<Place> {
  return api.post<Place>('/api/v1/units', input, { silent: true })
}

/** A station's details as the public directory shows them (the staff API carries none yet). */
export interface StationDetails {
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
  reception_schedule: string
}

/**
 * The details of an active station from the public directory: `GET /api/v1/stations/{id}` answers
 * only id, name, congress, state and version, and the edit form must send every field.
 */
export async function getStationDetails(id: string, signal?: AbortSignal): Promise<StationDetails> {
  const s = await api.get<StationDetails>(`/api/v1/public/stations/${encodeURIComponent(id)}`, {
    auth: false,
    silent: true,
    signal,
  })
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    region_code: s.region_code ?? '',
    region_name: s.region_name ?? '',
    address: s.address ?? '',
    latitude: s.latitude ?? null,
    longitude: s.longitude ?? null,
    opening_hours: s.opening_hours ?? '',
    phone: s.phone ?? '',
    reception_schedule: s.reception_schedule ?? '',
  }
}
