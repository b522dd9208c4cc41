// The one way the UI talks to `huying serve`. Every failure becomes an ApiError;
// RFC 9457 problem+json bodies are read into a readable message and per-field errors.
import { h, type VNode } from 'vue'
import { ElMessage } from 'element-plus'
// ElMessage is called from script, so the on-demand resolver cannot add its CSS.
import 'element-plus/es/components/message/style/css'
import { i18n } from '@/i18n'

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
    if (name !== undefined && !(name in out)) out[name] = e.detail
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

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Do not show the error toast: the caller presents the error itself (e.g. next to form fields). */
  silent?: boolean
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

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let res: Response
  try {
    res = await fetch(url(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
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
    const error = new ApiError(res.status, problem, describe(res.status, problem).title)
    if (!options.silent) showError(error)
    throw error
  }
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
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
    return name ? `${name}: ${e.detail}` : e.detail
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
