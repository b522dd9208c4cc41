import { ref, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { ApiError, describeError } from '@/api/client'
import { useServerErrors } from './useServerErrors'

/**
 * The form of a dialog that sends one action: `submit` validates, sends, closes the dialog and
 * hands the server's answer on. A refusal the user cannot fix in a field (409 the state moved on,
 * 403 not theirs) shows as `problem` above the form; the 422 field errors show next to the fields.
 */
export function useActionForm<K extends string>(options: { open: Ref<boolean>; formRef: Ref<FormInstance | undefined>; fields: readonly K[] }) {
  const { open, formRef } = options
  const server = useServerErrors(options.fields)
  const problem = ref('')
  const sending = ref(false)

  /** On opening: nothing left from the last time. */
  function reset() {
    server.clear()
    problem.value = ''
    formRef.value?.clearValidate()
  }

  async function submit<T>(request: () => Promise<T>, done: (saved: T) => void) {
    if (!(await formRef.value?.validate().catch(() => false))) return
    sending.value = true
    server.clear()
    problem.value = ''
    try {
      const saved = await request()
      open.value = false
      done(saved)
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.status === 403)) {
        const d = describeError(err)
        problem.value = d.detail ? `${d.title}：${d.detail}` : d.title
      } else server.take(err)
    } finally {
      sending.value = false
    }
  }

  return { server, problem, sending, reset, submit }
}
