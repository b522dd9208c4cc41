// The server writes its field messages in English. The fixed ones are shown in Chinese when the
// interface is in Chinese; anything else is shown as the server wrote it.
import { i18n } from '@/i18n'

const zh: Record<string, string> = {
  'This field is required.': '此项为必填项。',
  'Must not be empty.': '不能为空。',
  'Must be a string.': '必须是文本。',
  'Must be an integer.': '必须是整数。',
  'Must be true or false.': '必须是 true 或 false。',
  'Must be an id (a string of digits).': '必须是编号（数字）。',
  'Unknown field.': '未知字段。',
  'Must be at least 10 characters long.': '至少需要 10 个字符。',
  'Must mix at least 3 of: lower-case letters, upper-case letters, digits, symbols.':
    '须包含小写字母、大写字母、数字、符号中的至少 3 类。',
  'Must not contain the username.': '不能包含用户名。',
  'Is a well-known password; choose another.': '这是常见密码，请换一个。',
  'The current password is wrong.': '当前密码不正确。',
  'Must differ from the current password.': '新密码不能与当前密码相同。',
  "3 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit.":
    '3–32 位字母、数字、“.”、“_”或“-”，以字母或数字开头。',
  'Must be an 11-digit mainland mobile number.': '请输入 11 位大陆手机号。',
  'There is no congress with this id.': '没有这个编号的人大。',
  'Give at least one role.': '请至少授予一个角色。',
  'Must be from 1 to 3650.': '须在 1 到 3650 之间。',
}

export function localizeServerText(text: string): string {
  return i18n.global.locale.value === 'zh-CN' ? (zh[text] ?? text) : text
}
