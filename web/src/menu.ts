import type { Component } from 'vue'
import { Location, Files } from '@element-plus/icons-vue'

/** One entry of the side menu; a group has children, a page has a path. */
export interface MenuItem {
  titleKey: string
  icon?: Component
  path?: string
  children?: MenuItem[]
}

// The workbench menu. Later it is filtered by the user's roles.
export const menu: MenuItem[] = [
  {
    titleKey: 'menu.registry',
    icon: Files,
    children: [{ titleKey: 'menu.regions', path: '/app/registry/regions', icon: Location }],
  },
]
