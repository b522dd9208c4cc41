import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { i18n } from '@/i18n'
import AppLayout from '@/layouts/AppLayout.vue'
import PortalLayout from '@/layouts/PortalLayout.vue'
import { useAuthStore } from '@/stores/auth'
import { suggestionRoutes } from '@/views/suggestions/routes'
import { opinionRoutes } from '@/views/opinions/routes'
import { accountManagers, registryReaders, type Role } from '@/roles'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page's title, used by the breadcrumb and the document title. */
    titleKey?: string
    /** Reachable without signing in. Everything else under /app needs a session. */
    public?: boolean
    /** Reachable only with one of these roles (checked in the browser; the server decides for real). */
    roles?: readonly Role[]
    /** A page of the public portal: no session is looked up at all. */
    portal?: boolean
  }
}

/** Where a signed-in user lands when no other page was asked for. */
export const homePath = '/app'
/** Where a visitor (not signed in) lands instead: the public region tree. */
export const visitorHomePath = '/app/registry/regions'

const routes: RouteRecordRaw[] = [
  // The public portal (云端可见): citizens find their deputies and the nearest liaison station.
  {
    path: '/',
    component: PortalLayout,
    meta: { public: true, portal: true },
    children: [
      {
        path: '',
        name: 'portal-home',
        meta: { titleKey: 'portal.home.title', public: true, portal: true },
        component: () => import('@/views/portal/HomeView.vue'),
      },
      {
        path: 'deputies',
        name: 'portal-deputies',
        meta: { titleKey: 'portal.deputies.title', public: true, portal: true },
        component: () => import('@/views/portal/DeputiesView.vue'),
      },
      {
        path: 'deputies/:id',
        name: 'portal-deputy',
        meta: { titleKey: 'portal.deputy.title', public: true, portal: true },
        component: () => import('@/views/portal/DeputyView.vue'),
      },
      {
        path: 'stations',
        name: 'portal-stations',
        meta: { titleKey: 'portal.stations.title', public: true, portal: true },
        component: () => import('@/views/portal/StationsView.vue'),
      },
      {
        path: 'stations/:id',
        name: 'portal-station',
        meta: { titleKey: 'portal.station.title', public: true, portal: true },
        component: () => import('@/views/portal/StationView.vue'),
      },
      {
        // 我要留言: also what a station's or deputy's QR code opens (`?station=`, `?deputy=`).
        path: 'opinion',
        name: 'portal-opinion',
        meta: { titleKey: 'opinions.portal.form.heading', public: true, portal: true },
        component: () => import('@/views/portal/OpinionView.vue'),
      },
      {
        path: 'track',
        name: 'portal-track',
        meta: { titleKey: 'opinions.portal.track.heading', public: true, portal: true },
        component: () => import('@/views/portal/TrackView.vue'),
      },
    ],
  },
  {
    path: '/login',
    name: 'login',
    meta: { titleKey: 'login.title', public: true },
    component: () => import('@/views/LoginView.vue'),
  },
  {
    path: '/app',
    component: AppLayout,
    children: [
      {
        // 工作台: the signed-in user's to-dos and notifications; visitors see the public regions.
        path: '',
        name: 'home',
        meta: { titleKey: 'menu.home', public: true },
        beforeEnter: () => (useAuthStore().user ? true : visitorHomePath),
        component: () => import('@/views/home/HomeView.vue'),
      },
      {
        path: 'notifications',
        name: 'notifications',
        meta: { titleKey: 'menu.notifications' },
        component: () => import('@/views/notifications/InboxView.vue'),
      },
      {
        path: 'registry',
        meta: { titleKey: 'menu.registry', public: true },
        children: [
          { path: '', redirect: '/app/registry/regions' },
          {
            // The region tree reads public data, so visitors see it without signing in.
            path: 'regions',
            name: 'regions',
            meta: { titleKey: 'menu.regions', public: true },
            component: () => import('@/views/registry/RegionsView.vue'),
          },
          // The staff registry: the parent's `public` is overridden, these need a session.
          {
            path: 'deputies',
            name: 'registry-deputies',
            meta: { titleKey: 'menu.deputies', public: false, roles: registryReaders },
            component: () => import('@/views/registry/DeputiesView.vue'),
          },
          {
            path: 'stations',
            name: 'registry-stations',
            meta: { titleKey: 'menu.stations', public: false, roles: registryReaders },
            component: () => import('@/views/registry/StationsView.vue'),
          },
          {
            path: 'units',
            name: 'registry-units',
            meta: { titleKey: 'menu.units', public: false, roles: registryReaders },
            component: () => import('@/views/registry/UnitsView.vue'),
          },
        ],
      },
      suggestionRoutes,
      opinionRoutes,
      {
        path: 'account',
        meta: { titleKey: 'menu.account' },
        children: [
          { path: '', redirect: '/app/account/sessions' },
          {
            path: 'password',
            name: 'password',
            meta: { titleKey: 'menu.password' },
            component: () => import('@/views/account/PasswordView.vue'),
          },
          {
            path: 'sessions',
            name: 'sessions',
            meta: { titleKey: 'menu.sessions' },
            component: () => import('@/views/account/SessionsView.vue'),
          },
        ],
      },
      {
        path: 'admin',
        meta: { titleKey: 'menu.admin', roles: accountManagers },
        children: [
          { path: '', redirect: '/app/admin/users' },
          {
            path: 'users',
            name: 'users',
            meta: { titleKey: 'menu.users', roles: accountManagers },
            component: () => import('@/views/admin/UsersView.vue'),
          },
          {
            path: 'audit',
            name: 'audit',
            meta: { titleKey: 'menu.audit', roles: accountManagers },
            component: () => import('@/views/admin/AuditView.vue'),
          },
          {
            path: 'api-tokens',
            name: 'api-tokens',
            meta: { titleKey: 'menu.apiTokens', roles: ['admin'] },
            component: () => import('@/views/admin/ApiTokensView.vue'),
          },
          {
            // Administrators edit the calendar; staff read it.
            path: 'calendar',
            name: 'calendar',
            meta: { titleKey: 'menu.calendar', roles: ['admin', 'staff'] },
            component: () => import('@/views/admin/CalendarView.vue'),
          },
          {
            path: 'suggestion-settings',
            name: 'suggestion-settings',
            meta: { titleKey: 'menu.suggestionSettings', roles: ['admin', 'staff'] },
            component: () => import('@/views/admin/SuggestionSettingsView.vue'),
          },
          {
            // Public submissions still queued for the intake worker; the run retries them.
            path: 'opinion-intake',
            name: 'opinion-intake',
            meta: { titleKey: 'menu.opinionIntake', roles: ['admin'] },
            component: () => import('@/views/admin/OpinionIntakeView.vue'),
          },
        ],
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        meta: { titleKey: 'forbidden.title' },
        component: () => import('@/views/ForbiddenView.vue'),
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
        meta: { titleKey: 'notFound.title', public: true },
        component: () => import('@/views/NotFound.vue'),
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  // A new page starts at its top (a profile opened from far down a list); back and forward
  // return to where the reader was; a filter change (same path) leaves the page where it is.
  scrollBehavior(to, from, saved) {
    if (saved) return saved
    if (to.path !== from.path) return { top: 0 }
    return false
  },
})

/** A `redirect` query value that stays inside this app (no `//host` or `https:`), else home. */
export function safeRedirect(value: unknown): string {
  const target = Array.isArray(value) ? value[0] : value
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return homePath
  if (target.startsWith('/login')) return homePath
  return target
}

/** The login page, remembering where the user was going. */
export function loginRoute(to: RouteLocationNormalized, reason?: 'expired' | 'logout') {
  const query: Record<string, string> = {}
  if (to.name !== 'login' && to.fullPath !== '/') query.redirect = to.fullPath
  if (reason) query.reason = reason
  return { name: 'login', query }
}

router.beforeEach(async (to) => {
  // The portal is for everyone and asks nothing of a session; the workbench checks below.
  if (to.meta.portal) return true
  const auth = useAuthStore()
  await auth.ensureLoaded()
  const user = auth.user

  if (to.name === 'login') {
    if (!user) return true
    return user.must_change_password
      ? { name: 'password', query: { redirect: safeRedirect(to.query.redirect) } }
      : safeRedirect(to.query.redirect)
  }
  if (!user) return to.meta.public ? true : loginRoute(to, auth.sessionLost ? 'expired' : undefined)
  // Until the password is changed, nothing else of the app is reachable.
  if (user.must_change_password && to.name !== 'password') {
    return { name: 'password', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (to.meta.roles && !auth.hasAnyRole(to.meta.roles)) return { name: 'forbidden' }
  return true
})

/** `页面标题 - 呼应`, kept in step with navigation and the language switch. */
export function updateDocumentTitle(): void {
  const { t } = i18n.global
  const key = router.currentRoute.value.meta.titleKey
  document.title = key ? `${t(key)} - ${t('app.fullName')}` : t('app.fullName')
}

router.afterEach(updateDocumentTitle)
