import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, saveLocale, type Locale } from '@/i18n'

const collapsedKey = 'huying.menu-collapsed'

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(collapsedKey) === '1'
  } catch {
    return false
  }
}

/** Interface preferences that outlive a page: language and the desktop menu's width. */
export const useUiStore = defineStore('ui', () => {
  const locale = ref<Locale>(i18n.global.locale.value)
  const menuCollapsed = ref(readCollapsed())

  function applyLocale(value: Locale) {
    i18n.global.locale.value = value
    document.documentElement.lang = value
  }
  applyLocale(locale.value)

  watch(locale, (value) => {
    applyLocale(value)
    saveLocale(value)
  })
  watch(menuCollapsed, (value) => {
    try {
      localStorage.setItem(collapsedKey, value ? '1' : '0')
    } catch {
      // Not persisting is acceptable.
    }
  })

  function toggleLocale() {
    locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN'
  }

  return { locale, menuCollapsed, toggleLocale }
})
