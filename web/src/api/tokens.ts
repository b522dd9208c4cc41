// API tokens for machine clients (administrators only).
import { api } from './client'
import type { Role, ScopeType } from '@/roles'

export interface ApiToken {
  id: string
  name: string
  role: Role
  scope_type?: ScopeType
  scope_id?: string | null
  scope_name?: string | null
  created_at?: string
  expires_at?: string | null
  revoked_at?: string | null
  last_used_at?: string | null
}

export interface NewToken {
  name: string
  role: Role
  scope_type: ScopeType
  scope_id: string | null
  expires_in_days?: number
}

export async function listTokens(): Promise<ApiToken[]> {
  const res = await api.get<{ items: ApiToken[] } | ApiToken[]>('/api/v1/api-tokens', { query: { page_size: 200 } })
  return Array.isArray(res) ? res : res.items
}

export function createToken(input: NewToken): Promise<{ id: string; token: string }> {
  return api.post('/api/v1/api-tokens', input, { silent: true })
}

export function revokeToken(id: string): Promise<void> {
  return api.post<void>(`/api/v1/api-tokens/${encodeURIComponent(id)}/revoke`, undefined)
}
