import { computed, reactive, ref, watch, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { FormInstance, FormRules } from 'element-plus'
import { useServerErrors } from '@/composables/useServerErrors'
import { useVersionedEdit } from '@/composables/useVersionedEdit'
import { useCongresses } from './congresses'
import type { Place } from './placeList'
import { useRegistryScope } from './registryScope'

/** The fields every place's form has. */
interface PlaceFields<Kind extends string> {
  name: string
  congress_id: string
  kind: Kind
  region_code: string
}
const placeFields = ['name', 'congress_id', 'kind', 'region_code'] as const

/** What PlaceDialog.vue shows of the form: the fields every place has, and saving. */
export interface PlaceForm<Kind extends string> {
  form: PlaceFields<Kind>
  formRef: Ref<FormInstance | undefined>
  server: { errors: Partial<Record<(typeof placeFields)[number], string>> }
  editing: ComputedRef<boolean>
  congressOptions: ComputedRef<{ id: string; name: string }[]>
  rules: ComputedRef<FormRules>
  saving: Ref<boolean>
  conflict: Ref<string>
  submit: () => Promise<void>
  reload: () => Promise<void>
}
/** What every place's form sends (the congress only when it is created). */
interface PlaceInput<Kind extends string> {
  name: string
  kind: Kind
  region_code: string
}

/**
 * The form of the dialog that creates or edits a station or a unit (shown by PlaceDialog.vue):
 * the fields every place has (name, congress, kind, region) and the place's own, filled anew each
 * time the dialog opens, and saved with the version it was filled from (see useVersionedEdit).
 */
export function usePlaceDialog<
  T extends Place<Kind>,
  Kind extends string,
  Own extends object,
  OwnInput extends object,
>(options: {
  /** The section of the messages: `registry.stations.*` or `registry.units.*`. */
  messages: 'stations' | 'units'
  /** null: a new place; else the place to edit. */
  record: () => T | null
  open: Ref<boolean>
  /** A new place's kind. */
  kind: Kind
  /** The place's own fields: blank, and as a record has them. */
  own: () => Own
  ownOf: (record: T) => Own
  /** The rules of the own fields. */
  ownRules: (form: PlaceFields<Kind> & Own) => FormRules
  /** What the own fields send; the server clears those an edit leaves out. */
  ownInput: (form: PlaceFields<Kind> & Own) => OwnInput
  create: (input: PlaceInput<Kind> & OwnInput & { congress_id?: string }) => Promise<T>
  update: (target: { id: string; version: number }, input: PlaceInput<Kind> & OwnInput & { active: boolean }) => Promise<T>
  get: (id: string) => Promise<T>
  /** After the form is filled from a record, or blanked for a new place. */
  filled?: () => void
  saved: (record: T, created: boolean) => void
}) {
  const { t } = useI18n()
  const scope = useRegistryScope()
  const congresses = useCongresses()
  void congresses.load()

  const editing = computed(() => options.record() !== null)
  const congressOptions = computed(() => scope.within(congresses.list.value, 'edit'))

  const blank = (): PlaceFields<Kind> & Own => ({ name: '', congress_id: '', kind: options.kind, region_code: '', ...options.own() })
  const form = reactive(blank()) as PlaceFields<Kind> & Own
  const formRef = ref<FormInstance>()
  const server = useServerErrors([...placeFields, ...(Object.keys(options.own()) as (keyof Own & string)[])])

  function fillForm(record: T) {
    Object.assign(form, { name: record.name, congress_id: record.congress_id, kind: record.kind, region_code: record.region_code }, options.ownOf(record))
    options.filled?.()
  }

  watch(options.open, (isOpen) => {
    if (!isOpen) return
    server.clear()
    conflict.value = ''
    formRef.value?.clearValidate()
    const record = options.record()
    if (record) fill(record)
    else {
      Object.assign(form, blank())
      const ids = congressOptions.value.map((c) => c.id)
      form.congress_id = ids.length === 1 ? ids[0]! : ''
      options.filled?.()
    }
  })

  const rules = computed<FormRules>(() => ({
    name: [
      { required: true, whitespace: true, message: t(`registry.${options.messages}.nameRequired`), trigger: 'blur' },
      { max: 100, message: t('registry.tooLong', { n: 100 }), trigger: 'change' },
    ],
    congress_id: editing.value ? [] : [{ required: true, message: t('registry.congressRequired'), trigger: 'change' }],
    ...options.ownRules(form),
  }))

  /** Every field: the server clears those an edit leaves out. */
  const input = (): PlaceInput<Kind> & OwnInput => ({ name: form.name.trim(), kind: form.kind, region_code: form.region_code, ...options.ownInput(form) })

  const { saving, conflict, fill, submit, reload } = useVersionedEdit({
    record: options.record,
    fill: fillForm,
    validate: async () => Boolean(await formRef.value?.validate().catch(() => false)),
    create: () => options.create({ ...input(), congress_id: form.congress_id || undefined }),
    update: (target, active) => options.update(target, { ...input(), active }),
    get: options.get,
    server,
    saved: (record, created) => {
      options.open.value = false
      options.saved(record, created)
    },
  })

  return { form, formRef, server, editing, congressOptions, rules, saving, conflict, submit, reload }
}
