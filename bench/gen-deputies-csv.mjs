#!/usr/bin/env node
// Writes a deputies CSV for the import benchmark: N rows with every documented column,
// Chinese headers, CRLF line ends (as Excel writes), valid GB 11643 ID numbers (check
// digit computed), unique within the file, region codes taken round-robin from a list.
// Deterministic for a seed, so the file is made once and reused.
//
//   node bench/gen-deputies-csv.mjs OUT.csv ROWS SEED REGION[,REGION...]
import { createWriteStream } from 'node:fs';

const [out, rowsArg, seedArg, regionsArg] = process.argv.slice(2);
if (!out || !rowsArg || !regionsArg) {
  console.error('usage: gen-deputies-csv.mjs OUT.csv ROWS SEED REGION[,REGION...]');
  process.exit(2);
}
const rows = Number(rowsArg);
const regions = regionsArg.split(',').filter((r) => /^\d{6}(\d{3})?$/.test(r));
if (!Number.isInteger(rows) || rows < 1 || regions.length === 0) {
  console.error('gen-deputies-csv: bad ROWS or REGION list');
  process.exit(2);
}

// A small deterministic generator (mulberry32).
let state = (Number(seedArg) || 1) >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅玉兰海燕晓东文斌鹏辉宇浩凯丹颖琳雪婷慧晨阳欣怡子涵梓轩';
const ETHNIC = ['汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '回族', '蒙古族', '满族'];
const PARTY = ['中国共产党', '中国共产党', '中国共产党', '群众', '中国民主同盟', '中国农工民主党', '九三学社', '无党派人士'];
const JOBS = ['村党支部书记、村委会主任', '乡镇卫生院院长', '农民专业合作社理事长', '小学教师', '社区党委书记', '企业总经理', '车间主任', '县人民医院主治医师', '种植大户', '律师事务所主任'];
const ROADS = ['建设路', '人民路', '文化路', '解放路', '中原路', '黄河路', '嵩山路', '友爱路'];

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const C = '10X98765432';
function idNumber(region6, date8, seq) {
  const s = `${region6}${date8}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * W[i];
  return s + C[sum % 11];
}

const ws = createWriteStream(out);
let buffered = '姓名,性别,身份证号,选区代码,当选日期,出生日期,民族,党派,职务,手机,家庭住址,代表团,代表小组\r\n';
const used = new Set();
for (let i = 0; i < rows; i++) {
  const region = regions[i % regions.length];
  const region6 = region.slice(0, 6);
  const female = rand() < 0.3;
  const name = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.7 ? pick(GIVEN) : '');
  let id, date;
  do {
    const y = 1955 + Math.floor(rand() * 45);
    const m = 1 + Math.floor(rand() * 12);
    const d = 1 + Math.floor(rand() * 28);
    date = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
    const seq = Math.floor(rand() * 500) * 2 + (female ? 0 : 1); // odd: male, even: female
    id = idNumber(region6, date, seq);
  } while (used.has(id));
  used.add(id);
  const birth = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
  const mobile = `1${pick(['35', '36', '37', '38', '39', '50', '58', '86', '87'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
  const address = `河南省某县${pick(ROADS)}${1 + Math.floor(rand() * 300)}号`;
  buffered += `${name},${female ? '女' : '男'},${id},${region},2021-12-01,${birth},${pick(ETHNIC)},${pick(PARTY)},${pick(JOBS)},${mobile},${address},,\r\n`;
  if (buffered.length > 1 << 20) {
    if (!ws.write(buffered)) await new Promise((r) => ws.once('drain', r));
    buffered = '';
  }
}
ws.end(buffered);
await new Promise((r) => ws.on('finish', r));
