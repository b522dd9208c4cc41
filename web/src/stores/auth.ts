import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import type { SessionInfo, User } from '@/api/auth'
import { ApiError, setCsrfToken, showError } from '@/api/client'
import type { Role } from '@/roles'

/**
 * Who is signed in. The session itself is an HttpOnly cookie the page cannot read; this store
 * holds what the server says about it: the user and the CSRF token for writes.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const expiresAt = ref<string | null>(null)
  /** The page was opened with a session the server no longer honours (expired, revoked). */
  const sessionLost = ref(false)
  let loaded: Promise<void> | null = null

  const loggedIn = computed(() => user.value !== null)
  const roles = computed(() => new Set<Role>((user.value?.grants ?? []).map((g) => g.role)))
  const mustChangePassword = computed(() => user.value?.must_change_password === true)
  /** The congresses whose accounts the user manages as staff; null for administrators (all). */
  const managedCongresses = computed<string[] | null>(() => {
    if (!user.value || roles.value.has('admin')) return null
    return user.value.grants.filter((g) => g.role === 'staff' && g.scope_id !== null).map((g) => String(g.scope_id))
  })

  function apply(session: SessionInfo | null) {
    user.value = session?.user ?? null
    expiresAt.value = session?.expires_at ?? null
    setCsrfToken(session?.csrf_token ?? null)
  }

  /** Asks the server once per page load; 401 means signed out. */
  function ensureLoaded(): Promise<void> {
    loaded ??= refresh()
    return loaded
  }

  async function refresh(): Promise<void> {
    try {
      apply(await authApi.currentSession())
    } catch (err) {
      apply(null)
      if (err instanceof ApiError && err.code === 'session_expired') sessionLost.value = true
      // Anything but "no session" (the server is down, a 500) is worth telling.
      if (!(err instanceof ApiError && err.status === 401)) showError(err)
    }
  }

  async function login(username: string, password: string): Promise<User> {
    const session = await authApi.login(username, password)
    apply(session)
    sessionLost.value = false
    loaded = Promise.resolve()
    return session.user
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      // The session may already be gone; signed out is signed out.
    } finally {
      apply(null)
    }
  }

  /** The server no longer knows the session (expired, revoked): forget it without a request. */
  function forget() {
    apply(null)
    sessionLost.value = true
  }

  /** True when the user holds one of `wanted`; with no list, when anyone is signed in. */
  function hasAnyRole(wanted?: readonly Role[]): boolean {
    if (!user.value) return false
    return !wanted || wanted.some((r) => roles.value.has(r))
  }

  return { user, expiresAt, sessionLost, loggedIn, roles, mustChangePassword, managedCongresses, ensureLoaded, refresh, login, logout, forget, hasAnyRole }
})
