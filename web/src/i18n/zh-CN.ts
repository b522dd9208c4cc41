// The source of truth for message keys: en.ts must have the same shape (checked by its type).
const zhCN = {
  app: {
    fullName: '呼应 · 人大代表履职服务平台',
  },
  header: {
    switchLanguage: 'English',
    switchLanguageLabel: '切换到英文',
    toggleMenu: '展开或收起菜单',
    openMenu: '打开菜单',
  },
  menu: {
    registry: '基础数据',
    regions: '行政区划',
  },
  notFound: {
    title: '页面不存在',
    description: '您访问的页面不存在或已被移除。',
    back: '返回行政区划',
  },
  regions: {
    tree: '区划树',
    detail: '区划详情',
    selectHint: '请在左侧选择一个行政区划',
    empty: '暂无行政区划数据',
    code: '区划代码',
    name: '名称',
    level: '层级',
    path: '所属路径',
    congresses: '人民代表大会',
    noCongresses: '该区划暂无人民代表大会',
    terms: '届次',
    noTerms: '暂无届次',
    current: '本届',
    termRange: '{start} 至 {end}',
    termFrom: '{start} 起',
    levels: {
      province: '省级',
      city: '市级',
      county: '县级',
      township: '乡镇级',
    },
  },
  congressLevels: {
    national: '全国',
    provincial: '省',
    city: '市',
    county: '县',
    township: '乡镇',
  },
  errors: {
    network: '无法连接服务器，请检查网络后重试。',
    http: '请求失败（HTTP {status}）',
    requestId: '请求编号：{id}',
    unknown: '发生未知错误',
  },
  // Titles for the server's stable problem codes; the server's own title is shown otherwise.
  problem: {
    not_found: '未找到',
    validation_failed: '填写的内容有误',
    unauthorized: '请先登录',
    forbidden: '没有权限',
    version_conflict: '数据已被他人修改，请刷新后重试',
    region_exists: '该区划代码已存在',
    malformed_json: '请求格式错误',
  },
}

export default zhCN
export type MessageSchema = typeof zhCN
