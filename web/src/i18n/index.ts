import { createI18n } from 'vue-i18n'
import zhCN, { type MessageSchema } from './zh-CN'
import en from './en'

export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]

const storageKey = 'huying.locale'

function isLocale(value: unknown): value is Locale {
  return locales.includes(value as Locale)
}

/** The saved choice, else Chinese: the platform serves a Chinese congress first. */
export function savedLocale(): Locale {
  try {
    const saved = localStorage.getItem(storageKey)
    if (isLocale(saved)) return saved
  } catch {
    // Storage can be unavailable (privacy mode); fall through to the default.
  }
  return 'zh-CN'
}

export function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale)
  } catch {
    // Not persisting is acceptable; the switch still works for this visit.
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

// Makes `t('...')` keys type-checked against the Chinese messages.
declare module 'vue-i18n' {
  export interface DefineLocaleMessage extends MessageSchema {}
}
