-- wrk scenario: citizens submitting opinions on the public form, POST /api/v1/public/opinions.
-- The script's argument is a file of "STATION_ID|DEPUTY_ID" lines (DEPUTY_ID empty or a
-- serving deputy of the station's congress; bench/run.sh reads them from the bench database).
-- Each thread prepares 2,000 different bodies (station, channel, category, title, content,
-- citizen, mobile, location vary) and sends them round; every one is a new opinion.
local requests, n, pos = {}, 0, 0
local threads = 0

function setup(thread)
  thread:set("first", threads + 1)
  threads = threads + 1
end

local categories = { "urban", "social", "transport", "health", "education", "environment",
  "agriculture", "governance", "economy", "culture", "other" }
local topics = {
  { "小区路灯长期不亮", "小区里的路灯坏了好几个月，晚上出行很不安全，请有关部门尽快维修。" },
  { "希望增开公交线路", "我们村到城区没有直达公交，群众出行很不方便，希望开通或延伸公交线路。" },
  { "老旧小区改造进度慢", "小区改造施工已经半年，管网还没有完工，楼道堆满建材，老人出行困难。" },
  { "学校门口交通拥堵", "上下学时段学校门口车辆乱停，孩子过马路很危险，建议增设减速带和临时停车区。" },
  { "卫生院缺少儿科医生", "镇卫生院没有儿科医生，孩子发烧也要跑到市里，希望派驻专家定期坐诊。" },
  { "河道垃圾无人清理", "河道里堆了很多生活垃圾，夏天气味难闻，建议落实河长制定期清理。" },
  { "养老金待遇偏低", "每月领取的城乡居民基础养老金偏低，希望逐步提高标准。" },
  { "农产品销售难", "村里种的红薯产量不错但卖不出去，希望帮助对接电商平台和合作社。" },
}
local surnames = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙" }
local given = { "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞" }
local prefixes = { "130", "135", "138", "139", "150", "152", "158", "180", "186", "188" }

local function pick(t) return t[math.random(#t)] end

function init(args)
  math.randomseed(first or 1)
  local places = {}
  for line in io.lines(args[1]) do
    local station, deputy = line:match("^(%d+)|(%d*)$")
    if station then places[#places + 1] = { station, deputy } end
  end
  if #places == 0 then error("no stations in " .. tostring(args[1])) end
  local headers = { ["Content-Type"] = "application/json" }
  for i = 1, 2000 do
    local place = pick(places)
    local topic = pick(topics)
    local deputy = ""
    local channel = "online"
    if place[2] ~= "" and math.random(4) == 1 then
      deputy = string.format(',"deputy_id":"%s"', place[2])
      channel = "qr"
    end
    local mobile = pick(prefixes) .. string.format("%08d", math.random(0, 99999999))
    local body = string.format(
      '{"station_id":"%s"%s,"channel":"%s","category":"%s","title":"%s（%d）","content":"%s 第%d次反映。",' ..
      '"name":"%s%s","mobile":"%s","location":"%s号楼","publish":%s}',
      place[1], deputy, channel, pick(categories), topic[1], i, topic[2], math.random(1, 9),
      pick(surnames), pick(given), mobile, math.random(1, 60), math.random(3) == 1 and "true" or "false")
    n = n + 1
    requests[n] = wrk.format("POST", "/api/v1/public/opinions", headers, body)
  end
  pos = 0
end

function request()
  pos = pos % n + 1
  return requests[pos]
end
