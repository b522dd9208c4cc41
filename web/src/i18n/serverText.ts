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
  // The holiday calendar and the suggestion settings.
  'Must be a date (YYYY-MM-DD).': '须为日期（YYYY-MM-DD）。',
  'Must be holiday or workday.': '须为节假日（holiday）或调休上班（workday）。',
  'At most 50 characters.': '不能超过 50 个字符。',
  'This is not a valid date.': '不是有效日期。',
  'A list of days is required.': '须列出日期。',
  'Must be an object with date, kind and name.': '每一项须包含日期、类型和名称。',
  'Listed twice.': '重复列出。',
  'A code of 1 to 40 characters is required.': '代码须为 1 到 40 个字符。',
  'A label of 1 to 100 characters is required.': '名称须为 1 到 100 个字符。',
  'Must be "", "plan" or "reasons".': '须为无、解决计划或原因说明。',
  'Must be a non-empty list of {code, label}.': '至少需要一项（代码和名称）。',
  'Not a setting.': '不是设置项。',
  // Suggestions: drafts, co-signers and the steps of handling.
  'A title of 1 to 100 characters is required.': '标题须为 1 到 100 个字。',
  'The text (1 to 20,000 characters) is required.': '正文须为 1 到 20000 个字。',
  'Not one of this congress\'s categories.': '不是本级人大设定的类别。',
  'Must be session or recess.': '须为大会期间或闭会期间。',
  'Must be full, title_only or none.': '须为全文公开、仅公开标题或不公开。',
  'Not a session of this congress.': '不是本级人大的会议。',
  'Not an active handling unit of this congress.': '不是本级人大的有效承办单位。',
  'You are a deputy of several congresses: say which one.': '您在多级人大担任代表，请选择所属人大。',
  'You are not a deputy of this congress.': '您不是该人大的代表。',
  'Already invited.': '已经邀请过这位代表。',
  'Not a serving deputy of this congress.': '不是本级人大的在任代表。',
  'The lead deputy cannot co-sign their own suggestion.': '领衔代表不能附议自己的建议。',
  'Not an invited co-signer of this suggestion.': '不是这件建议邀请的附议代表。',
  'Name the deputy (mandate id) to invite.': '请选择要邀请的代表。',
  'Not one of this congress\'s reasons for not accepting.': '不是本级人大设定的不予立案理由。',
  'Must be lead (a lead unit with co-handlers) or separate.': '须为主办协办或分别办理。',
  'Name the lead unit.': '请选择主办单位。',
  'Name at least one unit.': '请至少选择一个承办单位。',
  'The lead unit cannot co-handle too.': '主办单位不能同时作为协办单位。',
  'This unit already handles the item.': '该单位已在承办这件建议。',
  'Name the unit that takes the item over.': '请选择新的承办单位。',
  'Say whether the request is approved (true or false).': '请选择同意或不同意。',
  'Must be face_to_face, phone, letter or online.': '须为面商、电话、信函或网络。',
  'The date of the contact (YYYY-MM-DD) is required.': '请填写沟通日期。',
  'Cannot be in the future.': '不能晚于今天。',
  'At most 2,000 characters.': '不能超过 2000 个字。',
  'At most 500 characters.': '不能超过 500 个字。',
  'Not one of this congress\'s answer classes.': '不是本级人大设定的答复类别。',
  'The date of the answer letter (YYYY-MM-DD) is required.': '请填写答复日期。',
  'The new answer date (YYYY-MM-DD) is required.': '请填写延期后的答复日期。',
  'Must be satisfied, basically_satisfied or unsatisfied.': '须为满意、基本满意或不满意。',
  'Not an attachment of this suggestion.': '不是这件建议的附件。',
  'Must be answer_letter, document or photo.': '须为答复函、材料或照片。',
}

// Messages with a number or a name in them.
const zhPatterns: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Duplicate: the same ID number is on row (\d+)\.$/, (m) => `重复：与第 ${m[1]} 行的身份证号相同。`],
  [/^The file could not be read: (.*)$/s, (m) => `无法读取文件：${m[1]}`],
  [/^Must lie within the congress's region \((\d*)\)\.$/, (m) => `须在本级人大的行政区域（${m[1]}）内。`],
  [/^Must be a whole number from (\d+) to (\d+)\.$/, (m) => `须为 ${m[1]} 到 ${m[2]} 之间的整数。`],
  [/^(\d{4}-\d{2}-\d{2}) is not in (\d{4})\.$/, (m) => `${m[1]} 不在 ${m[2]} 年内。`],
  [/^(\d{4}-\d{2}-\d{2}) is a \w+; a make-up working day \(workday\) must be a Saturday or a Sunday\.$/, (m) => `${m[1]} 不是周末；调休上班日须是周六或周日。`],
  [/^(\d{4}-\d{2}-\d{2}) is listed more than once\.$/, (m) => `${m[1]} 重复列出。`],
  [/^The list for (\d{4}) names no days\.$/, (m) => `${m[1]} 年的列表中没有日期。`],
  [/^Must be later than the current answer date (\d{4}-\d{2}-\d{2})\.$/, (m) => `须晚于当前答复期限 ${m[1]}。`],
  [/^An answer may be put off to (\d{4}-\d{2}-\d{2}) at the latest \((\d+) months after assignment\)\.$/, (m) => `答复最晚只能延至 ${m[1]}（交办后 ${m[2]} 个月）。`],
  [/^Class (\w+) states by when \(YYYY-MM-DD\)\.$/, (m) => `${m[1]} 类答复须写明计划完成日期。`],
  [/^Not a pending (reassignment|extension) request of this suggestion\.$/, (m) => `不是这件建议待审批的${m[1] === 'extension' ? '延期' : '调整'}申请。`],
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
