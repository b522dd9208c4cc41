// Per-congress handling rules of suggestions (docs/suggestions.md, Per-congress settings).
import { etagVersion, requestWithHeaders } from './client'

/** The numeric settings, their unit and the server's bounds, in the order the page shows them. */
export const numberSettings = [
  { key: 'assign_working_days', unit: 'workingDays', min: 1, max: 60 },
  { key: 'reassign_window_working_days', unit: 'workingDays', min: 1, max: 60 },
  { key: 'reassign_decision_working_days', unit: 'workingDays', min: 1, max: 60 },
  { key: 'cohandler_view_months', unit: 'months', min: 1, max: 12 },
  { key: 'answer_months', unit: 'months', min: 1, max: 12 },
  { key: 'extension_max_months', unit: 'months', min: 1, max: 24 },
  { key: 'evaluation_working_days', unit: 'workingDays', min: 1, max: 60 },
  { key: 'rehandling_months', unit: 'months', min: 1, max: 12 },
  { key: 'due_soon_days', unit: 'days', min: 1, max: 90 },
] as const
export type NumberSettingKey = (typeof numberSettings)[number]['key']

export interface CodeLabel {
  code: string
  label: string
}

/** What an answer of the class must carry besides its text. */
export type Requires = '' | 'plan' | 'reasons'
export const requiresOptions: readonly Requires[] = ['', 'plan', 'reasons']

export interface AnswerClass extends CodeLabel {
  requires: Requires
}

export const listSettings = ['categories', 'answer_classes', 'not_accepted_reasons'] as const
export type ListSettingKey = (typeof listSettings)[number]

export type SuggestionSettingsBody = Record<NumberSettingKey, number> & {
  categories: CodeLabel[]
  answer_classes: AnswerClass[]
  not_accepted_reasons: CodeLabel[]
}

/** The settings as the edit flow keeps them: `id` is the congress. */
export interface SuggestionSettings extends SuggestionSettingsBody {
  id: string
  congress_id: string
  version: number
  active: boolean
}

function path(congressId: string): string {
  return `/api/v1/congresses/${encodeURIComponent(congressId)}/suggestion-settings`
}

type Answer = Partial<SuggestionSettingsBody> & { version?: number; congress_id?: string | number }

/** The answer as the form keeps it; the version is the ETag's (the body has none). */
function wrap(congressId: string, body: Answer, headers: Headers): SuggestionSettings {
  return {
    ...(body as SuggestionSettingsBody),
    categories: body.categories ?? [],
    answer_classes: (body.answer_classes ?? []).map((c) => ({ ...c, requires: c.requires ?? '' })),
    not_accepted_reasons: body.not_accepted_reasons ?? [],
    id: congressId,
    congress_id: String(body.congress_id ?? congressId),
    version: etagVersion(headers) ?? Number(body.version ?? 0),
    active: true,
  }
}

export async function getSettings(congressId: string, signal?: AbortSignal): Promise<SuggestionSettings> {
  const res = await requestWithHeaders<Answer>(path(congressId), { signal })
  return wrap(congressId, res.body, res.headers)
}

/** `If-Match` carries the version the form was filled from; a newer one answers 409. */
export async function putSettings(target: { id: string; version: number }, body: SuggestionSettingsBody): Promise<SuggestionSettings> {
  const res = await requestWithHeaders<Answer>(path(target.id), {
    method: 'PUT',
    body,
    headers: { 'If-Match': `"${target.version}"` },
    silent: true,
  })
  return wrap(target.id, res.body, res.headers)
}
