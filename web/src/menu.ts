import type { Component } from 'vue'
import { Location, Files, Setting, User, Tickets, Key, Avatar, House, OfficeBuilding } from '@element-plus/icons-vue'
import { accountManagers, registryReaders, type Role } from '@/roles'

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
}

// The workbench menu; `visibleMenu` filters it by the user's roles.
export const menu: MenuItem[] = [
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
