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

/** Who works on suggestions, by list: deputies (their own, invitations), the congress's reviewers, units. */
export const suggestionDeputies: readonly Role[] = ['deputy']
export const suggestionReviewers: readonly Role[] = ['staff', 'leader', 'committee_member']
export const suggestionUnits: readonly Role[] = ['unit_handler', 'unit_head']

/** Who works on citizens' opinions: station keepers, deputies, units they are referred to, the congress's overseers. */
export const opinionKeepers: readonly Role[] = ['station_keeper']
export const opinionDeputies: readonly Role[] = ['deputy']
export const opinionUnits: readonly Role[] = ['unit_handler', 'unit_head']
export const opinionOverseers: readonly Role[] = ['staff', 'leader', 'committee_member']
