// The staff registry of deputies (代表名册): mandates with their holders, edits, export, import.
// Contract: docs/registry.md, "Staff API" and "Importing deputies".
import { api, download, request, type Page } from './client'
import type { CongressLevel } from './registry'

export type MandateStatus = 'serving' | 'resigned' | 'terminated' | 'recalled'
export const mandateStatuses: readonly MandateStatus[] = ['serving', 'resigned', 'terminated', 'recalled']

/** A mandate as staff see it; `id_number` and `mobile` come masked (410***********1234). */
export interface DeputyRecord {
  id: string
  person_id: string
  name: string
  pinyin: string
  initials: string
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
  status: MandateStatus
  start_date: string
  end_date: string | null
  deputy_group: string
  ethnicity: string
  party: string
  birth_year: number | null
  id_number: string
  mobile: string
  version: number
}

/** The orders of the list and the export; a leading `-` reverses. Without one the server sorts by name (pinyin). */
export type DeputySort = 'name' | '-name' | 'start_date' | '-start_date' | 'region' | '-region'
export const deputySorts: readonly DeputySort[] = ['name', '-name', 'start_date', '-start_date', 'region', '-region']

export interface DeputyFilter {
  congress_id?: string
  term?: number | string
  region?: string
  status?: MandateStatus | ''
  q?: string
  /** `''` is the server's default (by name). */
  sort?: DeputySort | ''
  page?: number
  page_size?: number
}

/** A mandate holder's private fields, unmasked. Every read is audited (`deputy.private_view`). */
export interface DeputyPrivate {
  id?: string
  id_number: string
  mobile: string
  home_address: string
  birth_date: string
}

export interface DeputyPatch {
  status?: MandateStatus
  /** `""` clears it. */
  end_date?: string
  deputy_group?: string
  occupation?: string
}

const path = (id: string) => `/api/v1/deputies/${encodeURIComponent(id)}`

export function listDeputies(filter: DeputyFilter, signal?: AbortSignal): Promise<Page<DeputyRecord>> {
  return api.get<Page<DeputyRecord>>('/api/v1/deputies', { query: { ...filter }, signal })
}

export function getDeputy(id: string, signal?: AbortSignal): Promise<DeputyRecord> {
  return api.get<DeputyRecord>(path(id), { signal })
}

/**
 * The unmasked private fields: staff of the mandate's congress and administrators (others 403).
 * The server audits each read and answers `Cache-Control: no-store`; the browser's cache is
 * kept out as well, and callers keep the answer no longer than they show it.
 */
export function getDeputyPrivate(id: string, signal?: AbortSignal): Promise<DeputyPrivate> {
  return api.get<DeputyPrivate>(`${path(id)}/private`, { signal, cache: 'no-store' })
}

/** `If-Match` carries the version the edit was made on; a newer one answers 409 version_conflict. */
export function patchDeputy(record: Pick<DeputyRecord, 'id' | 'version'>, changes: DeputyPatch): Promise<DeputyRecord> {
  return api.patch<DeputyRecord>(path(record.id), changes, { headers: { 'If-Match': `"${record.version}"` }, silent: true })
}

/** The mandates the filters select, in the list's order, as an .xlsx workbook (no paging). */
export function exportDeputies(filter: DeputyFilter): Promise<void> {
  const { page: _page, page_size: _size, ...rest } = filter
  return download('/api/v1/deputies/export', { ...rest }, 'deputies.xlsx')
}

export type ImportEncoding = 'auto' | 'utf-8' | 'gb18030'
export const importEncodings: readonly ImportEncoding[] = ['auto', 'utf-8', 'gb18030']

export interface ImportError {
  /** The spreadsheet's row number (the header is row 1); 0 means the whole file. */
  row: number
  column: string
  reason: string
}

export interface ImportJob {
  id: string
  kind: 'deputies'
  dry_run: boolean
  state: 'running' | 'succeeded' | 'failed'
  phase: 'reading' | 'checking' | 'writing' | 'done'
  encoding: '' | 'utf-8' | 'gb18030'
  congress_id: string
  total_rows: number
  processed_rows: number
  imported_rows: number
  errors: ImportError[]
  created_by: string
  created_at: string
  finished_at: string | null
}

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function isXlsx(file: File): boolean {
  return /\.xlsx$/i.test(file.name) || file.type === xlsxType
}

export interface ImportRequest {
  congress_id: string
  term?: number
  dry_run: boolean
  encoding: ImportEncoding
}

/** Sends the file as the body (CSV or .xlsx); the answer is the started job (202). */
export function startImport(file: File, input: ImportRequest): Promise<ImportJob> {
  const xlsx = isXlsx(file)
  return request<ImportJob>('/api/v1/deputies/imports', {
    method: 'POST',
    query: {
      congress_id: input.congress_id,
      term: input.term,
      dry_run: input.dry_run,
      // An .xlsx workbook has no text encoding to choose.
      encoding: xlsx ? undefined : input.encoding,
    },
    raw: { data: file, type: xlsx ? xlsxType : 'text/csv' },
    silent: true,
  })
}

export function getImport(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return api.get<ImportJob>(`/api/v1/imports/${encodeURIComponent(id)}`, { signal, silent: true })
}

/** The columns of the import file, in the order of the template. */
export const importColumns = [
  '姓名',
  '性别',
  '身份证号',
  '选区代码',
  '当选日期',
  '出生日期',
  '民族',
  '党派',
  '职务',
  '手机',
  '家庭住址',
  '代表团',
  '代表小组',
  '联络站编号',
] as const

/** The empty template: the header row, UTF-8 with a BOM so that Excel reads the Chinese right. */
export function importTemplate(): Blob {
  return new Blob(['\uFEFF' + importColumns.join(',') + '\r\n'], { type: 'text/csv;charset=utf-8' })
}
