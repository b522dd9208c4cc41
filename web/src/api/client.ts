// The one way the UI talks to `huying serve`. Every failure becomes an ApiError;
// RFC 9457 problem+json bodies are read into a readable message and per-field errors.
import { h, type VNode } from 'vue'
import { ElMessage } from 'element-plus'
// ElMessage is called from script, so the on-demand resolver cannot add its CSS.
import 'element-plus/es/components/message/style/css'
import { i18n } from '@/i18n'
import { localizeServerText } from '@/i18n/serverText'

/** One entry of a 422 problem's `errors`: a body field (`pointer`) or a query parameter. */
export interface FieldProblem {
  pointer?: string
  parameter?: string
  detail: string
}

/** RFC 9457 problem details, with the server's extensions `code` and `errors`. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  code?: string
  errors?: FieldProblem[]
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export class ApiError extends Error {
  /** Field name (from the JSON Pointer or query parameter) to its message, for forms. */
  readonly fieldErrors: Record<string, string>

  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
    /** Seconds from `Retry-After` (429, 503), when the server sent it. */
    readonly retryAfter?: number,
  ) {
    super(message)
    this.name = 'ApiError'
    this.fieldErrors = fieldErrorsOf(problem)
  }

  get code(): string | undefined {
    return this.problem?.code
  }
}

/** `/terms/0/name` → `terms.0.name`, the dotted form Element Plus form items use as `prop`. */
export function fieldName(e: FieldProblem): string | undefined {
  if (e.parameter) return e.parameter
  if (e.pointer === undefined) return undefined
  return e.pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.')
}

function fieldErrorsOf(problem: Problem | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of problem?.errors ?? []) {
    const name = fieldName(e)
    // The first message per field is the one a form shows; later ones stay in the toast.
    if (name !== undefined && !(name in out)) out[name] = localizeServerText(e.detail)
  }
  return out
}

/**
 * For a form's catch block: `errors.value = fieldErrors(e)` and `<el-form-item :error="errors.name">`.
 * Empty for anything that is not a 422 with per-field errors.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fieldErrors : {}
}

/** `Retry-After` as seconds: either a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000))
}

export type Query = Record<string, string | number | boolean | undefined | null>

// The session's CSRF token, sent with every state-changing request (set by the auth store).
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/**
 * Called for every failed request that does not opt out with `auth: false`; returns true when
 * it dealt with the error (a lost session, a forced password change), which then shows no toast.
 */
export type AuthFailureHandler = (error: ApiError) => boolean
let authFailureHandler: AuthFailureHandler | null = null

export function setAuthFailureHandler(handler: AuthFailureHandler | null): void {
  authFailureHandler = handler
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Query
  body?: unknown
  /** A body sent as it is (a file upload), with its media type; instead of a JSON `body`. */
  raw?: { data: Blob | ArrayBuffer | string; type: string }
  headers?: Record<string, string>
  signal?: AbortSignal
  /** How the browser's cache takes part (public answers may be cached); `no-cache` asks the server again. */
  cache?: RequestCache
  /** Do not show the error toast: the caller presents the error itself (e.g. next to form fields). */
  silent?: boolean
  /** false: a 401 does not mean the session was lost (the login form, the session probe). */
  auth?: boolean
}

function url(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function readProblem(res: Response): Promise<Problem | null> {
  const type = res.headers.get('Content-Type') ?? ''
  if (!type.includes('json')) return null
  try {
    const body: unknown = await res.json()
    return body && typeof body === 'object' ? (body as Problem) : null
  } catch {
    return null
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}

/** fetch with the session cookie and, for writes, the CSRF token; failures become ApiErrors. */
async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: accept, ...options.headers }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let body: BodyInit | undefined
  if (options.raw) {
    headers['Content-Type'] = options.raw.type
    body = options.raw.data
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let res: Response
  try {
    res = await fetch(url(path, options.query), {
      method,
      headers,
      body,
      signal: options.signal,
      cache: options.cache,
      credentials: 'same-origin',
    })
  } catch (err) {
    // A cancelled request is the caller's choice, not a failure to report.
    if (isAbort(err)) throw err
    const error = new ApiError(0, null, i18n.global.t('errors.network'))
    if (!options.silent) showError(error)
    throw error
  }
  if (!res.ok) {
    const problem = await readProblem(res)
    const error = new ApiError(
      res.status,
      problem,
      describe(res.status, problem).title,
      parseRetryAfter(res.headers.get('Retry-After')),
    )
    const handled = options.auth !== false && authFailureHandler !== null && authFailureHandler(error)
    if (!handled && !options.silent) showError(error)
    throw error
  }
  return res
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(path, options, 'application/json')
  if (res.status === 204 || res.headers.get('Content-Length') === '0') return undefined as T
  return (await res.json()) as T
}

/** Like `request`, with the answer's headers: an `ETag` to send back as `If-Match`. */
export async function requestWithHeaders<T>(path: string, options: RequestOptions = {}): Promise<{ body: T; headers: Headers }> {
  const res = await send(path, options, 'application/json')
  const empty = res.status === 204 || res.headers.get('Content-Length') === '0'
  return { body: empty ? (undefined as T) : ((await res.json()) as T), headers: res.headers }
}

/** The version an `ETag` such as `"3"` or `W/"3"` names; undefined when there is none. */
export function etagVersion(headers: Headers): number | undefined {
  const m = /^(?:W\/)?"?(\d+)"?$/.exec((headers.get('ETag') ?? '').trim())
  return m ? Number(m[1]) : undefined
}

/** `filename*=UTF-8''…` or `filename="…"` of a Content-Disposition header. */
function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain?.[1]?.trim()
}

/** Downloads a file (an Excel export) with the session, naming it as the server says. */
export async function download(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
  const res = await send(path, { query }, '*/*')
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = filenameOf(res.headers.get('Content-Disposition')) ?? fallbackName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

/** Reads every page of a paginated list; for small lists such as a region's children. */
export async function requestAll<T>(path: string, options: RequestOptions = {}): Promise<T[]> {
  const items: T[] = []
  const pageSize = 200
  for (let page = 1; ; page++) {
    const res = await request<Page<T>>(path, { ...options, query: { ...options.query, page, page_size: pageSize } })
    items.push(...res.items)
    if (res.items.length === 0 || items.length >= res.total) return items
  }
}

interface Description {
  title: string
  detail?: string
  fields: string[]
  requestId?: string
}

function describe(status: number, problem: Problem | null): Description {
  const { t, te } = i18n.global
  const key = `problem.${problem?.code ?? ''}`
  // Our own wording for known codes keeps the message in the user's language.
  const title = problem?.code && te(key) ? t(key) : (problem?.title ?? t('errors.http', { status }))
  const fields = (problem?.errors ?? []).map((e) => {
    const name = fieldName(e)
    const detail = localizeServerText(e.detail)
    return name ? `${name}: ${detail}` : detail
  })
  return {
    title,
    detail: problem?.detail && problem.detail !== title ? problem.detail : undefined,
    fields,
    requestId: problem?.instance,
  }
}

/** The lines a person reads for an error: title, detail, field errors, request id. */
export function describeError(err: unknown): Description {
  if (err instanceof ApiError) {
    return err.status === 0 ? { title: err.message, fields: [] } : describe(err.status, err.problem)
  }
  return { title: err instanceof Error && err.message ? err.message : i18n.global.t('errors.unknown'), fields: [] }
}

export function showError(err: unknown): void {
  if (isAbort(err)) return
  const d = describeError(err)
  const lines: VNode[] = [h('strong', d.title)]
  if (d.detail) lines.push(h('div', d.detail))
  if (d.fields.length) lines.push(h('ul', { class: 'problem-fields' }, d.fields.map((f) => h('li', f))))
  // The request id lets support find the request in the server's logs.
  if (d.requestId) lines.push(h('div', { class: 'problem-id' }, i18n.global.t('errors.requestId', { id: d.requestId })))
  ElMessage({ type: 'error', message: h('div', { class: 'problem', 'data-testid': 'api-error' }, lines), duration: 6000, showClose: true })
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, options),
  post: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'DELETE' }),
}
