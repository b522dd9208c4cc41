import { ref } from 'vue'
import { i18n } from '@/i18n'

export interface Position {
  lat: number
  lng: number
}

/** Why the browser gave no position, as a sentence for the visitor. */
export class LocateError extends Error {
  constructor(readonly reason: 'unsupported' | 'denied' | 'unavailable' | 'timeout') {
    super(i18n.global.t(`portal.geo.${reason}`))
    this.name = 'LocateError'
  }
}

/** The browser's position once, with a flag for the button's spinner. */
export function useGeolocation() {
  const locating = ref(false)

  function locate(): Promise<Position> {
    if (!('geolocation' in navigator)) return Promise.reject(new LocateError('unsupported'))
    locating.value = true
    return new Promise<Position>((resolve, reject) => {
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
        (err) => {
          const reason = err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable'
          reject(new LocateError(reason))
        },
        // A position from the last few minutes is good enough to find a station.
        { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
      )
    }).finally(() => {
      locating.value = false
    })
  }

  return { locating, locate }
}
