// The pages of 建议办理 under /app/suggestions: a list per box, the detail, the draft editor.
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'
import type { Box } from '@/api/suggestions'
import { suggestionDeputies, suggestionReviewers, suggestionUnits } from '@/roles'
import { useAuthStore } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** The suggestions list of this route (`GET /api/v1/suggestions?box=`). */
    box?: Box
    /** The overdue board: the congress's list narrowed to overdue or due-soon items. */
    board?: boolean
  }
}

/** The list a user lands on: staff → review, units → their items, deputies → their own. */
function defaultBox(to: RouteLocationNormalized) {
  const auth = useAuthStore()
  const path = auth.hasAnyRole(suggestionReviewers)
    ? '/app/suggestions/congress'
    : auth.hasAnyRole(suggestionUnits)
      ? '/app/suggestions/unit'
      : auth.hasAnyRole(suggestionDeputies)
        ? '/app/suggestions/mine'
        : null
  return path ? { path, query: to.query } : { name: 'forbidden' }
}

const box = () => import('./SuggestionBoxView.vue')

export const suggestionRoutes: RouteRecordRaw = {
  path: 'suggestions',
  meta: { titleKey: 'menu.suggestions' },
  children: [
    // Runs after the global guard has read the session.
    { path: '', name: 'suggestions', component: box, beforeEnter: defaultBox },
    {
      path: 'mine',
      name: 'suggestions-mine',
      meta: { titleKey: 'menu.suggestionsMine', roles: suggestionDeputies, box: 'mine' },
      component: box,
    },
    {
      path: 'cosigning',
      name: 'suggestions-cosigning',
      meta: { titleKey: 'menu.suggestionsCosigning', roles: suggestionDeputies, box: 'cosigning' },
      component: box,
    },
    {
      path: 'congress',
      name: 'suggestions-congress',
      meta: { titleKey: 'menu.suggestionsCongress', roles: suggestionReviewers, box: 'congress' },
      component: box,
    },
    {
      path: 'overdue',
      name: 'suggestions-overdue',
      meta: { titleKey: 'menu.suggestionsOverdue', roles: suggestionReviewers, box: 'congress', board: true },
      component: box,
    },
    {
      path: 'unit',
      name: 'suggestions-unit',
      meta: { titleKey: 'menu.suggestionsUnit', roles: suggestionUnits, box: 'unit' },
      component: box,
    },
    {
      path: 'new',
      name: 'suggestion-new',
      meta: { titleKey: 'menu.suggestionNew', roles: suggestionDeputies },
      component: () => import('./SuggestionEditView.vue'),
    },
    {
      path: ':id(\\d+)',
      name: 'suggestion',
      meta: { titleKey: 'menu.suggestionDetail' },
      component: () => import('./SuggestionDetailView.vue'),
    },
    {
      path: ':id(\\d+)/edit',
      name: 'suggestion-edit',
      meta: { titleKey: 'menu.suggestionEdit', roles: suggestionDeputies },
      component: () => import('./SuggestionEditView.vue'),
    },
  ],
}
