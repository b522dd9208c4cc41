// User administration (docs/accounts.md, Administration).
import { api, type Page } from './client'
import type { Grant, User } from './auth'
import type { Role, ScopeType } from '@/roles'

export interface UserFilter {
  q?: string
  role?: Role | ''
  congress_id?: string
  /** 'true' or 'false'; empty for both. */
  disabled?: string
  page?: number
  page_size?: number
}

export interface NewGrant {
  role: Role
  scope_type: ScopeType
  scope_id: string | null
}

export interface NewUser {
  username: string
  display_name: string
  mobile?: string
  congress_id?: string
  grants: NewGrant[]
}

export interface UserPatch {
  display_name?: string
  mobile?: string
  disabled?: boolean
}

const path = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`

export function listUsers(filter: UserFilter, signal?: AbortSignal): Promise<Page<User>> {
  return api.get<Page<User>>('/api/v1/users', { query: { ...filter }, signal })
}

export function getUser(id: string): Promise<User> {
  return api.get<User>(path(id))
}

export function createUser(input: NewUser): Promise<{ user: User; one_time_password: string }> {
  return api.post('/api/v1/users', input, { silent: true })
}

/** `If-Match` carries the version the change was made on; a newer one answers a conflict. */
export function patchUser(user: Pick<User, 'id' | 'version'>, changes: UserPatch): Promise<User> {
  return api.patch<User>(path(user.id), changes, { headers: { 'If-Match': `"${user.version}"` } })
}

/** The unmasked mobile number; the server records the read in the audit trail. */
export async function revealContact(id: string): Promise<string | null> {
  const res = await api.get<{ mobile?: string | null }>(`${path(id)}/contact`)
  return res.mobile ?? null
}

export function addGrant(id: string, grant: NewGrant): Promise<Grant> {
  return api.post<Grant>(`${path(id)}/grants`, grant, { silent: true })
}

export function removeGrant(id: string, grantId: string): Promise<void> {
  return api.delete<void>(`${path(id)}/grants/${encodeURIComponent(grantId)}`)
}

export function resetPassword(id: string): Promise<{ one_time_password: string }> {
  return api.post(`${path(id)}/reset-password`, undefined)
}

export function revokeSessions(id: string): Promise<void> {
  return api.post<void>(`${path(id)}/revoke-sessions`, undefined)
}
