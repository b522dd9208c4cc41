import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n'
import { loginRoute, router, updateDocumentTitle } from './router'
import { setAuthFailureHandler } from './api/client'
import { useAuthStore } from './stores/auth'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)

// A lost session (idle or absolute expiry, revoked elsewhere) sends the user to the login page
// with a notice and back here afterwards; a forced password change to the password page.
setAuthFailureHandler((error) => {
  const auth = useAuthStore(pinia)
  const current = router.currentRoute.value
  if (error.status === 401 && error.code !== 'invalid_credentials' && auth.user) {
    auth.forget()
    if (current.name !== 'login') void router.replace(loginRoute(current, 'expired'))
    return true
  }
  if (error.status === 403 && error.code === 'password_change_required' && auth.user) {
    auth.user.must_change_password = true
    if (current.name !== 'password') void router.replace({ name: 'password' })
    return true
  }
  return false
})

app.use(router)
watch(i18n.global.locale, updateDocumentTitle)
app.mount('#app')
