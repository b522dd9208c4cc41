// Liaison stations and handling units as staff keep them (docs/registry.md, docs/accounts.md).
import { api, type Page } from './client'

export type StationKind = 'home' | 'station' | 'hub' | 'online'
export const stationKinds: readonly StationKind[] = ['home', 'station', 'hub', 'online']

/** A unit in the staff API, and what a station shares with it: name, congress and state. */
export interface Place {
  id: string
  name: string
  congress_id: string
  active: boolean
  version: number
}

/** A station in the staff API, with its details. */
export interface Station extends Place {
  kind: StationKind
  region_code: string
  address: string
  latitude: number | null
  longitude: number | null
  opening_hours: string
  reception_schedule: string
  phone: string
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

export function listStationPage(query: PageRequest, signal?: AbortSignal): Promise<Page<Station>> {
  return api.get<Page<Station>>('/api/v1/stations', { query: { ...query }, signal })
}

export function createStation(input: NewStation): Promise<Station> {
  return api.post<Station>('/api/v1/stations', input, { silent: true })
}

/** `If-Match` carries the version the form was filled from; a newer one answers 409. */
export function updateStation(station: Pick<Station, 'id' | 'version'>, input: StationInput): Promise<Station> {
  return api.patch<Station>(`/api/v1/stations/${encodeURIComponent(station.id)}`, input, {
    headers: { 'If-Match': `"${station.version}"` },
    silent: true,
  })
}

export function getStation(id: string, signal?: AbortSignal): Promise<Station> {
  return api.get<Station>(`/api/v1/stations/${encodeURIComponent(id)}`, { signal, silent: true })
}

export function listUnitPage(query: PageRequest, signal?: AbortSignal): Promise<Page<Place>> {
  return api.get<Page<Place>>('/api/v1/units', { query: { ...query }, signal })
}

export function createUnit(input: NewUnit): Promise<Place> {
  return api.post<Place>('/api/v1/units', input, { silent: true })
}
