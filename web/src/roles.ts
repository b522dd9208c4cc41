// The roles of docs/accounts.md and the kind of record each one is scoped to.
export const roles = [
  'admin',
  'staff',
  'leader',
  'committee_member',
  'deputy',
  'unit_handler',
  'unit_head',
  'station_keeper',
] as const
export type Role = (typeof roles)[number]

export type ScopeType = 'global' | 'congress' | 'unit' | 'station'

export const scopeTypeOf: Record<Role, ScopeType> = {
  admin: 'global',
  staff: 'congress',
  leader: 'congress',
  committee_member: 'congress',
  deputy: 'congress',
  unit_handler: 'unit',
  unit_head: 'unit',
  station_keeper: 'station',
}

export function isRole(value: unknown): value is Role {
  return roles.includes(value as Role)
}

/** The roles that may manage accounts (users page, audit trail). */
export const accountManagers: readonly Role[] = ['admin', 'staff']

/** The roles that read the staff registry (deputies, stations, units); the server scopes them. */
export const registryReaders: readonly Role[] = ['admin', 'staff', 'leader', 'committee_member']

/** The roles that may change the registry: the server answers 403 to the other readers. */
export const registryEditors: readonly Role[] = ['admin', 'staff']
