// Suggestions (建议、批评和意见) from the draft to the evaluation: lists, the record, its actions,
// timeline and attachments, and the congress's settings. Contract: docs/suggestions.md.
import { api, download, request, type Page } from './client'

export const suggestionStates = [
  'draft',
  'submitted',
  'registered',
  'assigned',
  'answered',
  'closed',
  'returned',
  'not_accepted',
  'withdrawn',
  'rehandling',
] as const
export type SuggestionState = (typeof suggestionStates)[number]

/** The transitions of `POST /api/v1/suggestions/{id}/<action>`, in the order the header shows them. */
export const suggestionActions = [
  'submit',
  'invite',
  'uninvite',
  'cosign',
  'decline',
  'withdraw',
  'return',
  'reject',
  'register',
  'assign',
  'accept',
  'request-reassignment',
  'decide-reassignment',
  'record-contact',
  'submit-view',
  'answer',
  'request-extension',
  'decide-extension',
  'evaluate',
] as const
export type SuggestionAction = (typeof suggestionActions)[number]

/** The lists of `GET /api/v1/suggestions?box=`. */
export type Box = 'mine' | 'cosigning' | 'unit' | 'congress'
export const boxes: readonly Box[] = ['mine', 'cosigning', 'unit', 'congress']

export type DueStatus = 'overdue' | 'due_soon' | 'normal'
export type DueFilter = 'overdue' | 'due_soon'
export const dueFilters: readonly DueFilter[] = ['overdue', 'due_soon']

export type Period = 'session' | 'recess'
export const periods: readonly Period[] = ['recess', 'session']
export type Publication = 'full' | 'title_only' | 'none'
export const publications: readonly Publication[] = ['full', 'title_only', 'none']

export type SuggestionSort = 'updated' | 'due_date' | 'number'
export const suggestionSorts: readonly SuggestionSort[] = ['updated', 'due_date', 'number']

export type CosignerState = 'invited' | 'confirmed' | 'declined'
export type AssignmentRole = 'lead' | 'co' | 'separate'
export type AssignmentState = 'pending' | 'accepted' | 'answered' | 'reassigned'
export type ContactMethod = 'face_to_face' | 'phone' | 'letter' | 'online'
export const contactMethods: readonly ContactMethod[] = ['face_to_face', 'phone', 'letter', 'online']
export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied'
export const ratings: readonly Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied']
export type RequestKind = 'reassignment' | 'extension'
export type RequestState = 'pending' | 'approved' | 'rejected'
export type AttachmentPurpose = 'answer_letter' | 'document' | 'photo'
export const attachmentPurposes: readonly AttachmentPurpose[] = ['document', 'answer_letter', 'photo']

export interface UnitRef {
  id: string
  name: string
}

export interface Cosigner {
  mandate_id: string
  name: string
  state: CosignerState
}

export interface Assignment {
  id: string
  unit: UnitRef
  role: AssignmentRole
  state: AssignmentState
  assigned_on: string
  reassign_until: string | null
  view_due: string | null
  answer_due: string | null
  due_status: DueStatus | null
  extended: boolean
  view: { text: string; at: string } | null
}

export interface Answer {
  id: string
  assignment_id: string
  unit: UnitRef
  round: number
  answer_class: string
  class_label: string
  text: string
  plan: string | null
  plan_date: string | null
  reasons: string | null
  signed_by: string
  answered_on: string
  attachment_id: string | null
}

export interface Contact {
  id: string
  assignment_id: string
  unit_name: string
  method: ContactMethod
  date: string
  note: string
  recorded_by: string
}

export interface HandlingRequest {
  id: string
  assignment_id: string
  unit_name: string
  kind: RequestKind
  reason: string
  until: string | null
  state: RequestState
  decide_due: string | null
  due_status: DueStatus | null
  note: string | null
  decided_at: string | null
}

export interface Evaluation {
  round: number
  attitude: Rating
  result: Rating
  comment: string | null
  evaluated_on: string
}

/** A suggestion as the lists give it: the record without its long parts. */
export interface SuggestionItem {
  id: string
  congress_id: string
  number: number | null
  number_label: string | null
  year: number | null
  title: string
  category: string
  category_label: string
  period: Period
  session_id: string | null
  publication: Publication
  proposed_unit: UnitRef | null
  lead: { mandate_id: string; person_id: string; name: string }
  cosigners: Cosigner[]
  state: SuggestionState
  /** What the caller may do now; `edit` is the PATCH of a draft. */
  allowed_actions: (SuggestionAction | 'edit')[]
  version: number
  handling_mode: 'lead' | 'separate' | null
  merged_with: { id: string; number_label: string | null; title: string }[]
  assignments: Assignment[]
  round: number
  assign_due: string | null
  evaluation_due: string | null
  rehandling_due: string | null
  due_date: string | null
  due_status: DueStatus | null
  assessment_flag: boolean | null
  return_reason: string | null
  not_accepted_reason: string | null
  close_reason: string | null
  created_at: string
  submitted_at: string | null
  registered_at: string | null
  assigned_at: string | null
  closed_at: string | null
}

/** The whole record (`GET /api/v1/suggestions/{id}` and every action's answer). */
export interface Suggestion extends SuggestionItem {
  content: string
  answers: Answer[]
  contacts: Contact[]
  requests: HandlingRequest[]
  evaluations: Evaluation[]
}

export interface SuggestionFilter {
  box?: Box | ''
  state?: SuggestionState | ''
  category?: string
  unit_id?: string
  due?: DueFilter | ''
  q?: string
  congress_id?: string
  sort?: SuggestionSort | ''
  page?: number
  page_size?: number
}

/** What the draft form sends (create and edit). */
export interface SuggestionInput {
  title: string
  content: string
  category: string
  period: Period
  session_id?: string
  proposed_unit_id?: string | null
  publication: Publication
}

export interface NewSuggestion extends SuggestionInput {
  /** When the deputy serves in two congresses. */
  congress_id?: string
}

export interface TimelineEntry {
  at: string
  actor_name: string
  role: string
  action: string
  note: string | null
}

export interface Attachment {
  id: string
  filename: string
  content_type: string
  size: number
  sha256: string
  purpose: AttachmentPurpose
  uploaded_at: string
  uploaded_by: string
}

export interface CodeLabel {
  code: string
  label: string
}

export interface AnswerClass extends CodeLabel {
  /** `plan`: plan text and date; `reasons`: the reasons; '' nothing more. */
  requires: '' | 'plan' | 'reasons' | string
}

export interface SuggestionSettings {
  assign_working_days: number
  reassign_window_working_days: number
  reassign_decision_working_days: number
  cohandler_view_months: number
  answer_months: number
  extension_max_months: number
  evaluation_working_days: number
  rehandling_months: number
  due_soon_days: number
  categories: CodeLabel[]
  answer_classes: AnswerClass[]
  not_accepted_reasons: CodeLabel[]
  version?: number
}

// The bodies of the actions (docs/suggestions.md, "States and actions").
export type AssignBody =
  | { mode: 'lead'; lead_unit_id: string; co_unit_ids: string[]; merge_ids?: string[] }
  | { mode: 'separate'; unit_ids: string[]; merge_ids?: string[] }

export interface AnswerBody {
  answer_class: string
  text: string
  signed_by: string
  answered_on: string
  attachment_id?: string
  plan?: string
  plan_date?: string
  reasons?: string
  /** The caller's assignment, when their units hold several (the server accepts it besides the contract). */
  assignment_id?: string
}

export interface ActionBodies {
  submit: Record<string, never>
  invite: { mandate_id: string }
  uninvite: { mandate_id: string }
  cosign: Record<string, never>
  decline: Record<string, never>
  withdraw: { reason?: string }
  return: { reason: string }
  reject: { reason_code: string; note?: string }
  register: Record<string, never>
  assign: AssignBody
  accept: { assignment_id?: string }
  'request-reassignment': { reason: string; assignment_id?: string }
  'decide-reassignment': { request_id: string; approve: boolean; note?: string; unit_id?: string }
  'record-contact': { method: ContactMethod; date: string; note: string; assignment_id?: string }
  'submit-view': { text: string; assignment_id?: string }
  answer: AnswerBody
  'request-extension': { until: string; reason: string; assignment_id?: string }
  'decide-extension': { request_id: string; approve: boolean; note?: string }
  evaluate: { attitude: Rating; result: Rating; comment?: string }
}

const path = (id: string) => `/api/v1/suggestions/${encodeURIComponent(id)}`

export function listSuggestions(filter: SuggestionFilter, signal?: AbortSignal): Promise<Page<SuggestionItem>> {
  return api.get<Page<SuggestionItem>>('/api/v1/suggestions', { query: { ...filter }, signal })
}

/** The address of the Excel export of a list (for a link); `exportSuggestions` downloads it. */
export function exportUrl(filter: SuggestionFilter): string {
  const { page: _page, page_size: _size, ...rest } = filter
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const qs = params.toString()
  return qs ? `/api/v1/suggestions/export?${qs}` : '/api/v1/suggestions/export'
}

/** The suggestions the filters select, as an .xlsx workbook (no paging). */
export function exportSuggestions(filter: SuggestionFilter): Promise<void> {
  const { page: _page, page_size: _size, ...rest } = filter
  return download('/api/v1/suggestions/export', { ...rest }, 'suggestions.xlsx')
}

export function getSuggestion(id: string, signal?: AbortSignal): Promise<Suggestion> {
  return api.get<Suggestion>(path(id), { signal, silent: true })
}

export function createSuggestion(input: NewSuggestion): Promise<Suggestion> {
  return api.post<Suggestion>('/api/v1/suggestions', input, { silent: true })
}

/** `If-Match` carries the version the form was filled from; a newer one answers 409. */
export function updateSuggestion(target: { id: string; version: number }, input: SuggestionInput): Promise<Suggestion> {
  return api.patch<Suggestion>(path(target.id), input, { headers: { 'If-Match': `"${target.version}"` }, silent: true })
}

/** One transition; answers the whole suggestion. Errors are the caller's to show (silent). */
export function act<A extends SuggestionAction>(id: string, action: A, body: ActionBodies[A]): Promise<Suggestion> {
  return api.post<Suggestion>(`${path(id)}/${action}`, body, { silent: true })
}

export async function getTimeline(id: string, signal?: AbortSignal): Promise<TimelineEntry[]> {
  return (await api.get<{ items: TimelineEntry[] }>(`${path(id)}/timeline`, { signal })).items
}

export async function listAttachments(id: string, signal?: AbortSignal): Promise<Attachment[]> {
  const res = await api.get<{ items: Attachment[] } | Attachment[]>(`${path(id)}/attachments`, { signal })
  return Array.isArray(res) ? res : res.items
}

/** The media types the server accepts, by file extension (for files the browser gives no type). */
const typesByExtension: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}
export const attachmentAccept = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx'

export function contentTypeOf(file: File): string {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? ''
  return typesByExtension[ext] ?? (file.type || 'application/octet-stream')
}

/** Uploads a file as the raw body, its name and purpose in the query. */
export function uploadAttachment(id: string, file: File, purpose: AttachmentPurpose): Promise<Attachment> {
  return request<Attachment>(`${path(id)}/attachments`, {
    method: 'POST',
    query: { filename: file.name, purpose },
    raw: { data: file, type: contentTypeOf(file) },
    silent: true,
  })
}

export function attachmentUrl(attachmentId: string): string {
  return `/api/v1/attachments/${encodeURIComponent(attachmentId)}`
}

export function downloadAttachment(attachment: Pick<Attachment, 'id' | 'filename'>): Promise<void> {
  return download(attachmentUrl(attachment.id), undefined, attachment.filename)
}

export function getSuggestionSettings(congressId: string, signal?: AbortSignal): Promise<SuggestionSettings> {
  return api.get<SuggestionSettings>(`/api/v1/congresses/${encodeURIComponent(congressId)}/suggestion-settings`, {
    signal,
    silent: true,
  })
}

/** Units by name, for the unit pickers (`GET /api/v1/units?q=`); the server scopes what the caller sees. */
export async function searchUnits(q: string, congressId?: string, signal?: AbortSignal): Promise<UnitRef[]> {
  const res = await api.get<Page<UnitRef & { congress_id: string; active?: boolean }>>('/api/v1/units', {
    query: { q: q.trim(), active: true, page_size: 30 },
    signal,
    silent: true,
  })
  return res.items
    .filter((u) => !congressId || String(u.congress_id) === String(congressId))
    .map((u) => ({ id: String(u.id), name: u.name }))
}

export async function getUnitName(id: string, signal?: AbortSignal): Promise<UnitRef> {
  const u = await api.get<UnitRef>(`/api/v1/units/${encodeURIComponent(id)}`, { signal, silent: true })
  return { id: String(u.id), name: u.name }
}

/** A serving deputy as the co-signer search shows it. */
export interface DeputyOption {
  mandate_id: string
  name: string
  region_name: string
  congress_id: string
  congress_name: string
}

/**
 * Serving deputies by name, pinyin or initials (`GET /api/v1/public/deputies?q=`), kept to the
 * congress of the suggestion; `level` narrows the search to that congress's level first.
 */
export async function searchDeputies(q: string, congressId: string, level?: string, signal?: AbortSignal): Promise<DeputyOption[]> {
  const res = await api.get<
    Page<{ id: string; name: string; region_name: string; congress_id: string; congress_name: string }>
  >('/api/v1/public/deputies', { query: { q: q.trim(), level, congress_id: congressId, page_size: 50 }, signal, auth: false })
  return res.items
    .filter((d) => String(d.congress_id) === String(congressId))
    .map((d) => ({
      mandate_id: String(d.id),
      name: d.name,
      region_name: d.region_name,
      congress_id: String(d.congress_id),
      congress_name: d.congress_name,
    }))
}

/** A mandate the signed-in deputy acts through (`GET /api/v1/auth/session`). */
export interface SessionMandate {
  id: string
  congress_id: string
  congress_name: string
  term_number: number
}

/** The signed-in deputy's serving mandates: the session answers them (at its top or in `user`). */
export async function myMandates(signal?: AbortSignal): Promise<SessionMandate[]> {
  const res = await api.get<{ mandates?: SessionMandate[]; user?: { mandates?: SessionMandate[] } }>('/api/v1/auth/session', {
    signal,
    silent: true,
    auth: false,
  })
  return (res.mandates ?? res.user?.mandates ?? []).map((m) => ({ ...m, id: String(m.id), congress_id: String(m.congress_id) }))
}
