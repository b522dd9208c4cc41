// Sign-in, the current session and the user's own sessions (docs/accounts.md, Authentication).
import { api } from './client'
import type { Role, ScopeType } from '@/roles'

export interface Grant {
  id: string
  role: Role
  scope_type: ScopeType
  scope_id: string | null
  /** The congress, unit or station by name; absent for global grants. */
  scope_name?: string | null
}

export interface User {
  id: string
  username: string
  display_name: string
  /** Masked (138****1234); the full number only through `/users/{id}/contact`. */
  mobile: string | null
  congress_id: string | null
  disabled: boolean
  must_change_password: boolean
  grants: Grant[]
  created_at: string
  version: number
}

export interface SessionInfo {
  user: User
  csrf_token: string
  expires_at: string
}

export interface SessionRow {
  id: string
  created_at: string
  last_seen_at: string
  expires_at: string
  client_address: string
  user_agent: string
  current: boolean
}

// The session probe and the login form present their own errors: no toast, no redirect.
const quiet = { silent: true, auth: false } as const

export function login(username: string, password: string): Promise<SessionInfo> {
  return api.post<SessionInfo>('/api/v1/auth/login', { username, password }, quiet)
}

export function currentSession(): Promise<SessionInfo> {
  return api.get<SessionInfo>('/api/v1/auth/session', quiet)
}

export function logout(): Promise<void> {
  return api.post<void>('/api/v1/auth/logout', undefined, quiet)
}

export function changePassword(current_password: string, new_password: string): Promise<void> {
  return api.post<void>('/api/v1/auth/password', { current_password, new_password }, { silent: true })
}

export async function listSessions(): Promise<SessionRow[]> {
  return (await api.get<{ items: SessionRow[] }>('/api/v1/auth/sessions')).items
}

export function revokeSession(id: string): Promise<void> {
  return api.delete<void>(`/api/v1/auth/sessions/${encodeURIComponent(id)}`)
}
