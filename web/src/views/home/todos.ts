// The workbench's to-do cards: for each role the user holds, counts of the suggestions list
// (GET /api/v1/suggestions with page_size=1 answers the total) under the list's own filters,
// so a card links to exactly the list it counts.
import type { Role } from '@/roles'

export type Box = 'mine' | 'cosigning' | 'unit' | 'congress' | 'station'

export interface TodoCard {
  /** i18n key under notifications.home.cards */
  key: string
  /** Whose list: suggestions (the default) or citizens' opinions (GET /api/v1/opinions). */
  kind?: 'suggestions' | 'opinions'
  box: Box
  state?: string
  due?: 'due_soon' | 'overdue'
  /** Colour of the count: overdue red, due soon yellow. */
  tone?: 'danger' | 'warning'
}

export interface TodoGroup {
  /** i18n key under notifications.home.groups */
  key: 'deputy' | 'staff' | 'unit' | 'keeper'
  roles: readonly Role[]
  cards: TodoCard[]
}

export const todoGroups: TodoGroup[] = [
  {
    key: 'deputy',
    roles: ['deputy'],
    cards: [
      { key: 'mineDraft', box: 'mine', state: 'draft' },
      { key: 'mineReturned', box: 'mine', state: 'returned', tone: 'warning' },
      { key: 'mineAnswered', box: 'mine', state: 'answered' },
      { key: 'cosigning', box: 'cosigning' },
      { key: 'opinionsNew', kind: 'opinions', box: 'mine', state: 'received' },
    ],
  },
  {
    key: 'staff',
    roles: ['staff'],
    cards: [
      { key: 'submitted', box: 'congress', state: 'submitted' },
      { key: 'registered', box: 'congress', state: 'registered' },
      { key: 'dueSoon', box: 'congress', due: 'due_soon', tone: 'warning' },
      { key: 'overdue', box: 'congress', due: 'overdue', tone: 'danger' },
      { key: 'opinionsOverdue', kind: 'opinions', box: 'congress', due: 'overdue', tone: 'danger' },
    ],
  },
  {
    key: 'unit',
    roles: ['unit_handler', 'unit_head'],
    cards: [
      { key: 'unitAssigned', box: 'unit', state: 'assigned' },
      { key: 'unitRehandling', box: 'unit', state: 'rehandling' },
      { key: 'dueSoon', box: 'unit', due: 'due_soon', tone: 'warning' },
      { key: 'overdue', box: 'unit', due: 'overdue', tone: 'danger' },
      { key: 'opinionsReferred', kind: 'opinions', box: 'unit', state: 'referred' },
    ],
  },
  {
    key: 'keeper',
    roles: ['station_keeper'],
    cards: [
      { key: 'opinionsNew', kind: 'opinions', box: 'station', state: 'received' },
      { key: 'opinionsAccepted', kind: 'opinions', box: 'station', state: 'accepted' },
      { key: 'opinionsOverdue', kind: 'opinions', box: 'station', due: 'overdue', tone: 'danger' },
    ],
  },
]

/** The API's list query a card counts: `box`, and `state` / `due` when the card filters by them. */
export function cardQuery(card: TodoCard): Record<string, string> {
  const q: Record<string, string> = { box: card.box }
  if (card.state) q.state = card.state
  if (card.due) q.due = card.due
  return q
}

/**
 * The list page showing what the card counts: one page per box (/app/suggestions/congress), with
 * `state` and `due` in the address. A card of every state says `state=all`, since the staff's
 * list otherwise starts from the submitted ones.
 */
export function cardLink(card: TodoCard): { path: string; query: Record<string, string> } {
  const query: Record<string, string> = {}
  if (card.kind === 'opinions') {
    // The opinion boards start from every state.
    if (card.state) query.state = card.state
    if (card.due) query.due = card.due
    return { path: `/app/opinions/${card.box}`, query }
  }
  query.state = card.state ?? 'all'
  if (card.due) query.due = card.due
  return { path: `/app/suggestions/${card.box}`, query }
}
