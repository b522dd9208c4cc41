// The audit trail (docs/accounts.md, Audit trail).
import { api, download, type Page } from './client'

export interface AuditEntry {
  id: string
  at: string
  actor: string
  /** The grant the actor used, e.g. `staff@congress:3`. */
  grant: string | null
  action: string
  record_type: string
  record_id: string
  /** Changed fields: field → {from, to} or the new values. */
  changes: unknown
  request_id: string
  client_address: string
}

export interface AuditFilter {
  actor?: string
  action?: string
  record_type?: string
  record_id?: string
  /** ISO-8601 instants. */
  from?: string
  to?: string
}

export function listAudit(filter: AuditFilter, page: number, page_size: number, signal?: AbortSignal) {
  return api.get<Page<AuditEntry>>('/api/v1/audit', { query: { ...filter, page, page_size }, signal })
}

export function exportAudit(filter: AuditFilter): Promise<void> {
  const stamp = new Date().toISOString().slice(0, 10)
  return download('/api/v1/audit/export', { ...filter }, `audit-${stamp}.xlsx`)
}
