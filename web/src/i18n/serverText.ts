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
  // The registry: station forms, deputy edits and the rows of an import file.
  'Must be one of: home, station, hub, online.': '须为代表之家、代表联络站、联络总站或网上联络站。',
  'Must be one of: government, court, procuratorate, township, other.': '须为政府部门、法院、检察院、乡镇（街道）或其他。',
  'There is no such unit.': '没有这个承办单位。',
  'A unit cannot be its own parent.': '单位不能是自己的上级单位。',
  'There is no region with this code.': '没有这个区划代码。',
  'Give both coordinates or neither.': '经度和纬度须同时填写或同时留空。',
  'Must be a latitude from -90 to 90 with a longitude from -180 to 180.': '纬度须在 -90 到 90 之间，经度须在 -180 到 180 之间。',
  'Must be like weekly:1,4 (Monday = 1) or monthly:9,19.': '接待日格式须如 weekly:1,4（周一为 1）或 monthly:9,19。',
  'Must be one of: serving, resigned, terminated, recalled.': '须为在任、辞职、终止或罢免。',
  'Required.': '必填。',
  'Must be 男 or 女.': '须为“男”或“女”。',
  'Not a valid 18-character ID number.': '不是有效的 18 位身份证号（校验位不符或格式错误）。',
  'Duplicate: this person already holds a mandate in this congress and term.': '重复：此人在本届人大已有代表资格。',
  "Unknown region code, or outside the congress's region.": '选区代码不存在，或不在本级人大的行政区域内。',
  'Must be a date such as 2021-12-01.': '须为日期，如 2021-12-01。',
  'Must be a date such as 1975-06-30.': '须为日期，如 1975-06-30。',
  'Must be an 11-digit mobile number.': '须为 11 位手机号。',
  'Unknown station.': '没有这个编号的联络站。',
  'Unknown column.': '无法识别的列名。',
  'The column appears twice.': '该列重复出现。',
  'This required column is missing.': '缺少这个必填列。',
  'The file is empty.': '文件是空的。',
  'The congress has no such term.': '该人大没有这一届。',
  'The congress has no term yet.': '该人大尚无届次。',
}

// Messages with a number or a name in them.
const zhPatterns: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Duplicate: the same ID number is on row (\d+)\.$/, (m) => `重复：与第 ${m[1]} 行的身份证号相同。`],
  [/^The file could not be read: (.*)$/s, (m) => `无法读取文件：${m[1]}`],
  [/^Must lie within the congress's region \((\d*)\)\.$/, (m) => `须在本级人大的行政区域（${m[1]}）内。`],
]

export function localizeServerText(text: string): string {
  if (i18n.global.locale.value !== 'zh-CN') return text
  const fixed = zh[text]
  if (fixed) return fixed
  for (const [pattern, render] of zhPatterns) {
    const m = pattern.exec(text)
    if (m) return render(m)
  }
  return text
}
