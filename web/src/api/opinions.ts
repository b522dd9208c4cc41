// Citizens' opinions (民有所呼、我有所应): the public form and tracking page, the workbench lists,
// the record and its actions, reception days and the figures. Contract: docs/opinions.md.
import { api, download, type Page } from './client'
import type { DueFilter, DueStatus, Rating, UnitRef } from './suggestions'

export const opinionStates = [
  'received',
  'accepted',
  'rejected',
  'answered_on_spot',
  'referred',
  'escalated',
  'replied',
  'closed',
] as const
export type OpinionState = (typeof opinionStates)[number]

/** `POST /api/v1/opinions/{id}/<action>`, in the order the header shows them. */
export const opinionActions = ['accept', 'reject', 'answer-on-spot', 'refer', 'unit-reply', 'reply', 'escalate'] as const
export type OpinionAction = (typeof opinionActions)[number]

export const channels = ['online', 'qr', 'reception', 'phone', 'letter', 'hotline'] as const
export type Channel = (typeof channels)[number]
/** What a citizen uses without an account. */
export type PublicChannel = 'online' | 'qr'
/** What a station keeper (or staff, a deputy) registers in the workbench. */
export const registerChannels = ['reception', 'phone', 'letter'] as const
export type RegisterChannel = (typeof registerChannels)[number]

export const rejectReasons = ['court', 'arbitration', 'review', 'other'] as const
export type RejectReason = (typeof rejectReasons)[number]

export type OpinionBox = 'station' | 'mine' | 'unit' | 'congress'
export type OpinionSort = 'updated' | 'received' | 'due_date'
export const opinionSorts: readonly OpinionSort[] = ['updated', 'received', 'due_date']

/**
 * The categories of the Henan defaults (docs/suggestions.md): a congress's own settings are not
 * public, so the public form offers these; labels come from the i18n files.
 */
export const defaultCategories = [
  'economy',
  'agriculture',
  'education',
  'health',
  'transport',
  'environment',
  'social',
  'urban',
  'culture',
  'governance',
  'other',
] as const
export type DefaultCategory = (typeof defaultCategories)[number]

export const opinionRatings: readonly Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied']

/** Attachments of the public form: up to 4 images or PDFs of at most 5 MiB each. */
export const maxOpinionAttachments = 4
export const maxOpinionAttachmentBytes = 5 * 1024 * 1024
export const opinionAttachmentAccept = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf'

export interface NewAttachment {
  filename: string
  content_type: string
  data_base64: string
}

export interface OpinionSubmission {
  station_id?: string
  deputy_id?: string
  category: string
  title: string
  content: string
  name: string
  mobile: string
  location?: string
  publish?: boolean
  attachments?: NewAttachment[]
}

export interface PublicSubmission extends OpinionSubmission {
  channel: PublicChannel
}

export interface RegisteredSubmission extends OpinionSubmission {
  channel: RegisterChannel
  reception_id?: string
}

export interface Receipt {
  tracking_code: string
  state: OpinionState
  received_at: string
  accept_due: string
}

export interface TrackingStep {
  at: string
  state: OpinionState | string
  label: string
  note: string
}

/** What the citizen reads by code and digits: no personal data. */
export interface TrackingPage {
  tracking_code: string
  state: OpinionState
  state_label?: string
  title: string
  content: string
  category_label: string
  received_at: string
  station_name: string
  deputy_name: string
  guidance?: string
  steps: TrackingStep[]
  answer: { text: string; at: string | null; by: string } | null
  rating: { rating: Rating; comment: string; at: string | null } | null
  can_rate: boolean
}

export interface OpinionAttachment {
  id: string
  filename: string
  content_type: string
  size: number
}

export interface Opinion {
  id: string
  /** Masked to its last two characters except for the keeper and the deputy. */
  tracking_code: string
  congress_id: string
  station: UnitRef | null
  deputy: UnitRef | null
  reception_id?: string | null
  channel: Channel
  category: string
  category_label: string
  title: string
  content: string
  /** Masked: 张*, 138****1234. */
  citizen: { name: string; mobile: string }
  location: string
  publish: boolean
  state: OpinionState
  allowed_actions: OpinionAction[]
  reject_reason: RejectReason | ''
  guidance: string
  unit: UnitRef | null
  referral_due: string | null
  unit_reply: string | null
  reply: string | null
  suggestion_id: string | null
  rating: Rating | null
  rating_comment: string
  reopened: boolean
  accept_due: string
  due_date: string | null
  due_status: DueStatus | null
  received_at: string
  updated_at: string
  attachments: OpinionAttachment[]
  version: number
}

export interface OpinionFilter {
  box?: OpinionBox
  state?: OpinionState | ''
  channel?: Channel | ''
  category?: string
  station_id?: string
  due?: DueFilter | ''
  q?: string
  sort?: OpinionSort | ''
  page?: number
  page_size?: number
}

export interface OpinionTimelineEntry {
  at: string
  actor_name: string
  role: string
  action: string
  state: string
  note: string
}

export interface ActionBodies {
  accept: { note?: string }
  reject: { reason: RejectReason; guidance: string }
  'answer-on-spot': { text: string }
  refer: { unit_id: string; note?: string }
  'unit-reply': { text: string }
  reply: { text: string }
  escalate: { title?: string; category?: string }
}

export interface OpinionStats {
  total: number
  by_channel: Record<string, number>
  by_category: Record<string, number>
  category_labels?: Record<string, string>
  by_state: Record<string, number>
  by_region: { region_code: string; region_name: string; count: number }[]
  by_station: { station_id: string; name: string; count: number; overdue: number }[]
  median_first_response_hours: number | null
  replied_within_deadline_rate: number | null
  satisfaction: { rated: number; satisfied: number; basically_satisfied: number; unsatisfied: number; rate: number | null }
}

export interface Reception {
  id: string
  station_id: string
  date: string
  attendees: UnitRef[]
  people_received: number
  note: string
  opinion_count: number
}

export interface NewReception {
  date: string
  attendees: string[]
  people_received: number
  note: string
}

export interface Duty {
  date: string
  station: { id: string; name: string; address: string }
}

// Public calls carry no session: a 401 there cannot mean a lost sign-in; the pages show errors.
const open = { auth: false, silent: true } as const

export function submitOpinion(body: PublicSubmission): Promise<Receipt> {
  return api.post<Receipt>('/api/v1/public/opinions', body, open)
}

export function trackOpinion(code: string, last4: string): Promise<TrackingPage> {
  return api.post<TrackingPage>('/api/v1/public/opinions/track', { code, last4 }, open)
}

export function rateOpinion(code: string, last4: string, rating: Rating, comment?: string): Promise<TrackingPage> {
  return api.post<TrackingPage>('/api/v1/public/opinions/rate', { code, last4, rating, comment: comment || undefined }, open)
}

const path = (id: string) => `/api/v1/opinions/${encodeURIComponent(id)}`

export function listOpinions(filter: OpinionFilter, signal?: AbortSignal): Promise<Page<Opinion>> {
  return api.get<Page<Opinion>>('/api/v1/opinions', { query: { ...filter }, signal })
}

/** The opinions the filters select, as an .xlsx workbook (masked, no paging). */
export function exportOpinions(filter: OpinionFilter): Promise<void> {
  const { page: _page, page_size: _size, ...rest } = filter
  return download('/api/v1/opinions/export', { ...rest }, 'opinions.xlsx')
}

export function getOpinion(id: string, signal?: AbortSignal): Promise<Opinion> {
  return api.get<Opinion>(path(id), { signal, silent: true })
}

/** Registers what a station received by phone, letter or at a reception; answers the opinion. */
export function registerOpinion(body: RegisteredSubmission): Promise<Opinion> {
  return api.post<Opinion>('/api/v1/opinions', body, { silent: true })
}

/** One transition; answers the whole opinion. Errors are the caller's to show (silent). */
export function actOnOpinion<A extends OpinionAction>(id: string, action: A, body: ActionBodies[A]): Promise<Opinion> {
  return api.post<Opinion>(`${path(id)}/${action}`, body, { silent: true })
}

export async function getOpinionTimeline(id: string, signal?: AbortSignal): Promise<OpinionTimelineEntry[]> {
  const res = await api.get<{ items: OpinionTimelineEntry[] } | OpinionTimelineEntry[]>(`${path(id)}/timeline`, { signal })
  return Array.isArray(res) ? res : res.items
}

/** The citizen's name and mobile in full; every call is written to the audit log. */
export function getOpinionContact(id: string): Promise<{ name: string; mobile: string }> {
  return api.get<{ name: string; mobile: string }>(`${path(id)}/contact`, { silent: true })
}

export function getOpinionStats(query: { congress_id?: string | null; from?: string; to?: string }, signal?: AbortSignal): Promise<OpinionStats> {
  return api.get<OpinionStats>('/api/v1/opinions/stats', { query: { ...query }, signal })
}

export function listReceptions(stationId: string, page = 1, pageSize = 20, signal?: AbortSignal): Promise<Page<Reception>> {
  return api.get<Page<Reception>>(`/api/v1/stations/${encodeURIComponent(stationId)}/receptions`, {
    query: { page, page_size: pageSize },
    signal,
  })
}

export function recordReception(stationId: string, body: NewReception): Promise<Reception> {
  return api.post<Reception>(`/api/v1/stations/${encodeURIComponent(stationId)}/receptions`, body, { silent: true })
}

export async function myDuties(query: { from?: string; to?: string } = {}, signal?: AbortSignal): Promise<Duty[]> {
  const res = await api.get<{ items: Duty[] } | Duty[]>('/api/v1/receptions/duties', { query, signal })
  return Array.isArray(res) ? res : res.items
}

/**
 * A public submission still queued for the intake worker (docs/opinions.md, Intake): the code
 * masked (`********XY`), nothing of the citizen. `last_error` is the last failure to move it
 * ('' when none); after 5 failures the worker leaves it for an operator.
 */
export interface QueuedOpinion {
  id: string
  tracking_code: string
  received_at: string
  attempts: number
  last_error: string
  left_for_operator: boolean
}

/** What one run of the intake did: moved, failed this time (still queued), queued after it. */
export interface IntakeRun {
  processed: number
  failed: number
  pending: number
}

/** The intake queue, oldest first (administrators). */
export function listOpinionIntake(page = 1, pageSize = 20, signal?: AbortSignal): Promise<Page<QueuedOpinion>> {
  return api.get<Page<QueuedOpinion>>('/api/v1/opinions/intake', { query: { page, page_size: pageSize }, signal })
}

/** Moves every queued submission now, those left for an operator included (administrators). */
export function runOpinionIntake(): Promise<IntakeRun> {
  return api.post<IntakeRun>('/api/v1/opinions/intake/run', undefined)
}

/** `K7QXM2PA9D` / `k7qx m2pa-9d` → `K7QX-M2PA-9D`; what cannot be a code is returned trimmed. */
export function formatTrackingCode(typed: string): string {
  const bare = typed.toUpperCase().replace(/[\s-]/g, '')
  if (!/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/.test(bare)) return typed.trim()
  return `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}`
}

/** Whether what was typed can be a tracking code (10 characters of the alphabet, dashes and spaces aside). */
export function isTrackingCode(typed: string): boolean {
  return /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/.test(typed.toUpperCase().replace(/[\s-]/g, ''))
}

export const mobilePattern = /^1[3-9]\d{9}$/

/** A file as the form sends it: its bytes in base64, read in the browser. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result ?? '')
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}

/** The media type the server expects, by extension when the browser gives none. */
export function opinionContentType(file: File): string {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? ''
  if (ext === 'pdf') return 'application/pdf'
  if (ext === 'png') return 'image/png'
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg'
  return file.type || 'application/octet-stream'
}

export function isOpinionAttachmentType(file: File): boolean {
  return ['application/pdf', 'image/png', 'image/jpeg'].includes(opinionContentType(file))
}
