// Liaison stations and handling units as staff keep them (docs/registry.md, docs/accounts.md).
import { api, download, type Page } from './client'

export type StationKind = 'home' | 'station' | 'hub' | 'online'
export const stationKinds: readonly StationKind[] = ['home', 'station', 'hub', 'online']

export type UnitKind = 'government' | 'court' | 'procuratorate' | 'township' | 'other'
export const unitKinds: readonly UnitKind[] = ['government', 'court', 'procuratorate', 'township', 'other']

/** What a unit and a station share in the staff API: name, congress and state. */
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

/** A handling unit in the staff API, with its details. */
export interface Unit extends Place {
  kind: UnitKind
  region_code: string
  contact_name: string
  contact_phone: string
  parent_id: string | null
}

/** What a station's form sends; PATCH replaces every field, so the form sends them all. */
export interface StationInput {
  name: string
  /** Edits only; false deactivates the station. */
  active?: boolean
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

/** What a unit's form sends; PATCH replaces every field (those left out are cleared). */
export interface UnitInput {
  name: string
  /** Edits only; false deactivates the unit. */
  active?: boolean
  kind: UnitKind
  region_code?: string
  contact_name?: string
  contact_phone?: string
  parent_id?: string
}

export interface NewUnit extends Omit<UnitInput, 'active'> {
  congress_id?: string
}

export interface PageRequest {
  page?: number
  page_size?: number
}

/** The filters of both lists and their exports; '' leaves a filter out. */
export interface PlaceFilter<K extends string> {
  /** Part of the name. */
  q?: string
  /** A region code; its sub-regions are included. */
  region?: string
  kind?: K | ''
  active?: boolean | ''
}

export type StationQuery = PlaceFilter<StationKind> & PageRequest
export type UnitQuery = PlaceFilter<UnitKind> & PageRequest

export function listStationPage(query: StationQuery, signal?: AbortSignal): Promise<Page<Station>> {
  return api.get<Page<Station>>('/api/v1/stations', { query: { ...query }, signal })
}

/** The stations the filters select, as an .xlsx workbook (no paging). */
export function exportStations(filter: StationQuery): Promise<void> {
  const { page: _page, page_size: _size, ...rest } = filter
  return download('/api/v1/stations/export', { ...rest }, 'stations.xlsx')
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

export function listUnitPage(query: UnitQuery, signal?: AbortSignal): Promise<Page<Unit>> {
  return api.get<Page<Unit>>('/api/v1/units', { query: { ...query }, signal })
}

/** The units the filters select, as an .xlsx workbook (no paging). */
export function exportUnits(filter: UnitQuery): Promise<void> {
  const { page: _page, page_size: _size, ...rest } = filter
  return download('/api/v1/units/export', { ...rest }, 'units.xlsx')
}

export function createUnit(input: NewUnit): Promise<Unit> {
  return api.post<Unit>('/api/v1/units', input, { silent: true })
}

export function getUnit(id: string, signal?: AbortSignal): Promise<Unit> {
  return api.get<Unit>(`/api/v1/units/${encodeURIComponent(id)}`, { signal, silent: true })
}

/** `If-Match` carries the version the form was filled from; a newer one answers 409. */
export function updateUnit(unit: Pick<Unit, 'id' | 'version'>, input: UnitInput): Promise<Unit> {
  return api.patch<Unit>(`/api/v1/units/${encodeURIComponent(unit.id)}`, input, {
    headers: { 'If-Match': `"${unit.version}"` },
    silent: true,
  })
}

/** Every field of a station as it is, for a PATCH that changes only what the caller overrides. */
export function stationInputOf(s: Station): StationInput {
  const out: StationInput = {
    name: s.name,
    active: s.active,
    kind: s.kind,
    region_code: s.region_code,
    address: s.address,
    opening_hours: s.opening_hours,
    reception_schedule: s.reception_schedule,
    phone: s.phone,
  }
  if (s.latitude !== null && s.longitude !== null) {
    out.latitude = s.latitude
    out.longitude = s.longitude
  }
  return out
}

/** Every field of a unit as it is, for a PATCH that changes only what the caller overrides. */
export function unitInputOf(u: Unit): UnitInput {
  const out: UnitInput = {
    name: u.name,
    active: u.active,
    kind: u.kind,
    region_code: u.region_code,
    contact_name: u.contact_name,
    contact_phone: u.contact_phone,
  }
  if (u.parent_id) out.parent_id = u.parent_id
  return out
}
