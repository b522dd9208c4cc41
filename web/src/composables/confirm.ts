import { ElMessageBox } from 'element-plus'
// Called from script, so the on-demand resolver cannot add its CSS.
import 'element-plus/es/components/message-box/style/css'
import { i18n } from '@/i18n'

/** Asks before a consequential action; resolves false when the user cancels. */
export async function confirmAction(message: string, danger = false): Promise<boolean> {
  const { t } = i18n.global
  try {
    await ElMessageBox.confirm(message, t('common.confirmTitle'), {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      type: 'warning',
      confirmButtonClass: danger ? 'el-button--danger' : undefined,
      customClass: 'hy-confirm',
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}
