// The pages of 群众意见 under /app/opinions: a board per box, the detail, registering what a
// station received, reception days, the deputy's duty days and the figures.
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'
import type { OpinionBox } from '@/api/opinions'
import { opinionDeputies, opinionKeepers, opinionOverseers, opinionUnits } from '@/roles'
import { useAuthStore } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** The opinions list of this route (`GET /api/v1/opinions?box=`). */
    opinionBox?: OpinionBox
  }
}

/** The board a user lands on: staff → the congress's, keepers → their station's, units, deputies. */
function defaultBoard(to: RouteLocationNormalized) {
  const auth = useAuthStore()
  const path = auth.hasAnyRole(opinionOverseers)
    ? '/app/opinions/congress'
    : auth.hasAnyRole(opinionKeepers)
      ? '/app/opinions/station'
      : auth.hasAnyRole(opinionUnits)
        ? '/app/opinions/unit'
        : auth.hasAnyRole(opinionDeputies)
          ? '/app/opinions/mine'
          : null
  return path ? { path, query: to.query } : { name: 'forbidden' }
}

const board = () => import('./OpinionBoxView.vue')

export const opinionRoutes: RouteRecordRaw = {
  path: 'opinions',
  meta: { titleKey: 'menu.opinions' },
  children: [
    { path: '', name: 'opinions', component: board, beforeEnter: defaultBoard },
    {
      path: 'station',
      name: 'opinions-station',
      meta: { titleKey: 'menu.opinionsStation', roles: opinionKeepers, opinionBox: 'station' },
      component: board,
    },
    {
      path: 'mine',
      name: 'opinions-mine',
      meta: { titleKey: 'menu.opinionsMine', roles: opinionDeputies, opinionBox: 'mine' },
      component: board,
    },
    {
      path: 'unit',
      name: 'opinions-unit',
      meta: { titleKey: 'menu.opinionsUnit', roles: opinionUnits, opinionBox: 'unit' },
      component: board,
    },
    {
      path: 'congress',
      name: 'opinions-congress',
      meta: { titleKey: 'menu.opinionsCongress', roles: opinionOverseers, opinionBox: 'congress' },
      component: board,
    },
    {
      path: 'register',
      name: 'opinion-register',
      meta: { titleKey: 'menu.opinionsRegister', roles: [...opinionKeepers, 'staff'] },
      component: () => import('./OpinionRegisterView.vue'),
    },
    {
      path: 'receptions',
      name: 'opinion-receptions',
      meta: { titleKey: 'menu.opinionsReceptions', roles: [...opinionKeepers, 'staff'] },
      component: () => import('./ReceptionsView.vue'),
    },
    {
      path: 'duties',
      name: 'opinion-duties',
      meta: { titleKey: 'menu.opinionsDuties', roles: opinionDeputies },
      component: () => import('./DutiesView.vue'),
    },
    {
      // The charts (echarts) load only with this page.
      path: 'stats',
      name: 'opinion-stats',
      meta: { titleKey: 'menu.opinionsStats', roles: opinionOverseers },
      component: () => import('./OpinionStatsView.vue'),
    },
    {
      path: ':id(\\d+)',
      name: 'opinion',
      meta: { titleKey: 'menu.opinionDetail' },
      component: () => import('./OpinionDetailView.vue'),
    },
  ],
}
