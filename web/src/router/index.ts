import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { i18n } from '@/i18n'
import AppLayout from '@/layouts/AppLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page's title, used by the breadcrumb and the document title. */
    titleKey?: string
  }
}

const routes: RouteRecordRaw[] = [
  // The portal will live at `/`; until it exists the workbench's first page stands in.
  { path: '/', redirect: '/app/registry/regions' },
  {
    path: '/app',
    component: AppLayout,
    children: [
      { path: '', redirect: '/app/registry/regions' },
      {
        path: 'registry',
        meta: { titleKey: 'menu.registry' },
        children: [
          { path: '', redirect: '/app/registry/regions' },
          {
            path: 'regions',
            name: 'regions',
            meta: { titleKey: 'menu.regions' },
            component: () => import('@/views/registry/RegionsView.vue'),
          },
        ],
      },
    ],
  },
  // Unknown addresses keep the shell (header, menu, language switch) around the 404 page.
  {
    path: '/:pathMatch(.*)*',
    component: AppLayout,
    children: [
      {
        path: '',
        name: 'not-found',
        meta: { titleKey: 'notFound.title' },
        component: () => import('@/views/NotFound.vue'),
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
})

/** `页面标题 - 呼应`, kept in step with navigation and the language switch. */
export function updateDocumentTitle(): void {
  const { t } = i18n.global
  const key = router.currentRoute.value.meta.titleKey
  document.title = key ? `${t(key)} - ${t('app.fullName')}` : t('app.fullName')
}

router.afterEach(updateDocumentTitle)
