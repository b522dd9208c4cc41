import type { Component } from 'vue'
import { Location, Files, Setting, User, Tickets, Key, Avatar, House, OfficeBuilding, Monitor, Calendar, Operation } from '@element-plus/icons-vue'
import { ChatLineSquare, Document, Connection, Finished, AlarmClock, Briefcase } from '@element-plus/icons-vue'
import { accountManagers, registryReaders, type Role } from '@/roles'
import { suggestionDeputies, suggestionReviewers, suggestionUnits } from '@/roles'
import { Box, ChatDotRound, ChatDotSquare, DataAnalysis, EditPen, MessageBox } from '@element-plus/icons-vue'
import { opinionDeputies, opinionKeepers, opinionOverseers, opinionUnits } from '@/roles'

/** One entry of the side menu; a group has children, a page has a path. */
export interface MenuItem {
  titleKey: string
  icon?: Component
  path?: string
  children?: MenuItem[]
  /** Shown to visitors who are not signed in too (the page is public). */
  public?: boolean
  /** Shown only to holders of one of these roles; absent: to everyone signed in. */
  roles?: readonly Role[]
  /** Highlighted on its own path only, not on the pages below it (the workbench home, /app). */
  exact?: boolean
}

// The workbench menu; `visibleMenu` filters it by the user's roles.
export const menu: MenuItem[] = [
  { titleKey: 'menu.home', icon: Monitor, path: '/app', exact: true },
  {
    titleKey: 'menu.suggestions',
    icon: ChatLineSquare,
    roles: [...suggestionDeputies, ...suggestionReviewers, ...suggestionUnits],
    children: [
      { titleKey: 'menu.suggestionsMine', path: '/app/suggestions/mine', icon: Document, roles: suggestionDeputies },
      { titleKey: 'menu.suggestionsCosigning', path: '/app/suggestions/cosigning', icon: Connection, roles: suggestionDeputies },
      { titleKey: 'menu.suggestionsCongress', path: '/app/suggestions/congress', icon: Finished, roles: suggestionReviewers },
      { titleKey: 'menu.suggestionsOverdue', path: '/app/suggestions/overdue', icon: AlarmClock, roles: suggestionReviewers },
      { titleKey: 'menu.suggestionsUnit', path: '/app/suggestions/unit', icon: Briefcase, roles: suggestionUnits },
    ],
  },
  {
    titleKey: 'menu.opinions',
    icon: ChatDotRound,
    roles: [...opinionKeepers, ...opinionDeputies, ...opinionUnits, ...opinionOverseers],
    children: [
      { titleKey: 'menu.opinionsStation', path: '/app/opinions/station', icon: ChatDotSquare, roles: opinionKeepers },
      { titleKey: 'menu.opinionsRegister', path: '/app/opinions/register', icon: EditPen, roles: opinionKeepers },
      { titleKey: 'menu.opinionsReceptions', path: '/app/opinions/receptions', icon: Calendar, roles: opinionKeepers },
      { titleKey: 'menu.opinionsMine', path: '/app/opinions/mine', icon: ChatDotSquare, roles: opinionDeputies },
      { titleKey: 'menu.opinionsDuties', path: '/app/opinions/duties', icon: Calendar, roles: opinionDeputies },
      { titleKey: 'menu.opinionsUnit', path: '/app/opinions/unit', icon: Briefcase, roles: opinionUnits },
      { titleKey: 'menu.opinionsCongress', path: '/app/opinions/congress', icon: MessageBox, roles: opinionOverseers },
      { titleKey: 'menu.opinionsStats', path: '/app/opinions/stats', icon: DataAnalysis, roles: opinionOverseers },
    ],
  },
  {
    titleKey: 'menu.registry',
    icon: Files,
    public: true,
    children: [
      { titleKey: 'menu.regions', path: '/app/registry/regions', icon: Location, public: true },
      { titleKey: 'menu.deputies', path: '/app/registry/deputies', icon: Avatar, roles: registryReaders },
      { titleKey: 'menu.stations', path: '/app/registry/stations', icon: House, roles: registryReaders },
      { titleKey: 'menu.units', path: '/app/registry/units', icon: OfficeBuilding, roles: registryReaders },
    ],
  },
  {
    titleKey: 'menu.admin',
    icon: Setting,
    roles: accountManagers,
    children: [
      { titleKey: 'menu.users', path: '/app/admin/users', icon: User, roles: accountManagers },
      { titleKey: 'menu.audit', path: '/app/admin/audit', icon: Tickets, roles: accountManagers },
      { titleKey: 'menu.apiTokens', path: '/app/admin/api-tokens', icon: Key, roles: ['admin'] },
      { titleKey: 'menu.calendar', path: '/app/admin/calendar', icon: Calendar, roles: ['admin', 'staff'] },
      { titleKey: 'menu.suggestionSettings', path: '/app/admin/suggestion-settings', icon: Operation, roles: ['admin', 'staff'] },
      { titleKey: 'menu.opinionIntake', path: '/app/admin/opinion-intake', icon: Box, roles: ['admin'] },
    ],
  },
]

/** The entries `allowed` lets through; a group without any visible child disappears. */
export function visibleMenu(allowed: (item: MenuItem) => boolean, items: MenuItem[] = menu): MenuItem[] {
  return items.flatMap((item) => {
    if (!allowed(item)) return []
    if (!item.children) return [item]
    const children = visibleMenu(allowed, item.children)
    return children.length ? [{ ...item, children }] : []
  })
}
