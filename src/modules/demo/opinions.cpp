#include "modules/demo/opinions.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/opinion_rules.hpp"
#include "core/schedule.hpp"
#include "modules/demo/names.hpp"
#include "modules/demo/random.hpp"

namespace huying::demo {

namespace {

using namespace std::chrono;

// China has kept UTC+8 without summer time since 1991: civil dates of Asia/Shanghai (every
// demo congress's zone) are exact with a fixed offset.
constexpr std::int64_t day_ms = 86'400'000;
constexpr std::int64_t beijing_ms = 8 * 3'600'000;
constexpr std::int64_t minute_ms = 60'000;

sys_days day_of(std::int64_t ms) {
  std::int64_t local = ms + beijing_ms;
  std::int64_t d = local / day_ms - (local % day_ms < 0 ? 1 : 0);
  return sys_days{days{d}};
}
std::int64_t ms_at(sys_days d, std::int64_t minute_of_day) {
  return static_cast<std::int64_t>(d.time_since_epoch().count()) * day_ms - beijing_ms + minute_of_day * minute_ms;
}
std::string date_text(sys_days d) { return format_date(year_month_day{d}); }

// --- what citizens write ------------------------------------------------------------------

struct Category {
  const char* code;
  std::uint32_t weight;            // share among citizens' opinions
  std::array<const char*, 4> units;  // what handling units' names contain, best first
};

// The Henan default categories (docs/suggestions.md); streets, estates and roads lead.
constexpr Category categories[] = {
    {"urban", 20, {"住房和城乡建设", "城市管理", "自然资源", nullptr}},
    {"social", 15, {"人力资源和社会保障", "民政", "医疗保障", nullptr}},
    {"transport", 12, {"交通运输", "公安", nullptr, nullptr}},
    {"health", 10, {"卫生健康", "医疗保障", nullptr, nullptr}},
    {"education", 10, {"教育", nullptr, nullptr, nullptr}},
    {"environment", 9, {"生态环境", "水利", "城市管理", nullptr}},
    {"agriculture", 8, {"农业农村", "水利", nullptr, nullptr}},
    {"governance", 7, {"公安", "司法", "应急管理", nullptr}},
    {"economy", 4, {"市场监督", "人力资源和社会保障", "发展和改革", "商务"}},
    {"culture", 3, {"文化广电", "住房和城乡建设", nullptr, nullptr}},
    {"other", 2, {nullptr, nullptr, nullptr, nullptr}},
};
constexpr std::size_t category_count = std::size(categories);

// {P}: the station's county or township; {V}: a village or community there; {S}: a street.
struct Template {
  const char* title;
  const char* content;
};
using Templates = std::array<Template, 4>;

constexpr Templates templates[category_count] = {
    {{  // urban
        {"{V}老旧小区改造进度缓慢",
         "我住在{P}{V}，小区列入老旧小区改造计划已经一年多，外墙保温和管网改造至今没有完工，楼道里堆满建材，"
         "老人出行很不方便。希望督促施工单位加快进度，公布完工时间。"},
        {"{S}路灯长期不亮",
         "{P}{S}靠近{V}的一段路灯坏了好几个月，晚上漆黑一片，骑电动车和步行的群众很容易出事。多次向社区反映没有结果，"
         "请有关部门尽快维修。"},
        {"建议在{V}周边增设停车位",
         "{V}建成较早，车位严重不足，车辆乱停乱放，经常堵住消防通道。建议利用周边闲置空地规划建设停车场，"
         "同时加强小区停车管理。"},
        {"{S}雨后积水严重",
         "每逢下大雨，{P}{S}与{V}路口积水很深，车辆无法通行，周边商户也受影响。请尽快疏通、改造这一带的排水管网。"},
    }},
    {{  // social
        {"城乡居民养老金偏低",
         "我是{P}{V}的居民，每月领取的城乡居民基础养老金只有一百多元，难以维持基本生活。希望逐步提高基础养老金标准。"},
        {"希望{V}开办老年食堂",
         "{V}老年人多，子女大多在外地工作，做饭吃饭成了难题。建议依托党群服务中心开办老年食堂或助餐点，"
         "为高龄、独居老人提供就餐服务。"},
        {"灵活就业人员参保手续繁琐",
         "我在{P}跑外卖，想以灵活就业人员身份参加职工养老保险，但要跑好几个窗口、交很多材料。建议简化流程，"
         "实现网上办理。"},
        {"残疾人护理补贴发放不及时",
         "{V}有几户重度残疾人家庭反映，护理补贴已经两个多月没有到账。请民政部门核查原因，按时足额发放。"},
    }},
    {{  // transport
        {"{S}早晚高峰拥堵严重",
         "{P}{S}早晚高峰车辆排起长队，红绿灯配时不合理，附近学校接送孩子的车辆还在路边临时停车。建议优化信号灯配时，"
         "设置临时停车区域。"},
        {"希望开通{V}到城区的公交",
         "{V}离城区二十多公里，没有直达公交，群众出行只能坐黑车或自己开车。希望开通或延伸公交线路，方便群众出行。"},
        {"{V}道路路面破损",
         "{V}通往镇上的道路修了十多年，路面坑洼不平，雨天泥泞，农用车经常陷车。请将这段路纳入农村公路提档升级计划。"},
        {"学校门口缺少交通安全设施",
         "{P}{S}一所小学门口没有斑马线和减速带，上下学时段车速很快，孩子过马路很危险。建议增设交通标志和减速带，"
         "安排人员疏导。"},
    }},
    {{  // health
        {"{P}卫生院缺少专科医生",
         "{P}卫生院缺少儿科和妇产科医生，群众看小病也要跑到市里。希望通过县域医共体派驻专家，定期到基层坐诊。"},
        {"{V}卫生室常用药不全",
         "{V}卫生室常用药经常断供，高血压、糖尿病患者只能到镇上或县里买药。建议完善基层药品配备，落实慢性病长处方。"},
        {"异地就医备案手续复杂",
         "我父母随子女在外地居住，异地就医备案要回{P}办理，来回奔波很不方便。希望推行网上备案，简化报销手续。"},
        {"社区医院排队时间过长",
         "{V}附近只有一家社区卫生服务中心，每天上午挂号取药要排一个多小时。建议增加医护人员和窗口，推广预约诊疗。"},
    }},
    {{  // education
        {"{V}附近小学学位紧张",
         "{V}新入住的家庭越来越多，附近小学学位严重不足，孩子只能到较远的学校上学。建议加快新建学校，合理划分学区。"},
        {"希望延长课后服务时间",
         "双职工家庭下午五点前接不了孩子，{P}一些学校课后服务结束太早。建议延长课后服务时间，丰富服务内容。"},
        {"农村学校校车不足",
         "{V}的孩子到镇中心小学要走四五公里，校车座位不够，不少孩子只能由家长骑电动车接送，存在安全隐患。希望增加校车。"},
        {"校外培训机构预收费跑路",
         "{P}{S}一带有培训机构预收一年学费后关门，家长维权困难。建议教育部门加强对预收费的监管。"},
    }},
    {{  // environment
        {"{V}附近企业夜间排放异味",
         "{P}{V}附近的一家企业经常在夜里排放刺鼻气味，周边居民不敢开窗。请生态环境部门调查处理。"},
        {"河道垃圾无人清理",
         "流经{V}的河道里堆了大量生活垃圾和杂草，夏天蚊蝇滋生、气味难闻。建议落实河长制，定期清理河道。"},
        {"工地夜间施工噪音扰民",
         "{S}上的一处工地经常施工到凌晨，噪音很大，严重影响周边居民休息。请督促施工单位遵守夜间施工规定。"},
        {"{V}生活污水直排沟渠",
         "{V}没有污水处理设施，生活污水直接排进沟渠。希望把我们这里纳入农村生活污水治理项目。"},
    }},
    {{  // agriculture
        {"高标准农田灌溉设施损坏",
         "{V}前年建成的高标准农田，部分机井和管道已经损坏，今年春灌受到影响。请组织维修，落实管护责任。"},
        {"小麦收购价格偏低",
         "今年{P}小麦收购价格偏低，扣除农资和机收费用后种粮收益很少。希望加大种粮补贴力度，稳定收购价格。"},
        {"{V}农产品销售难",
         "{V}种的大蒜、红薯产量不错，但缺少销售渠道，经常被压价收购。建议引导电商平台和合作社帮农民拓宽销路。"},
        {"农业保险理赔慢",
         "今年夏天{V}遭受冰雹，玉米受损严重，报案两个多月了保险公司还没有理赔。请督促尽快定损赔付。"},
    }},
    {{  // governance
        {"电动车飞线充电隐患大",
         "{V}楼下经常有居民从窗口拉电线给电动车充电，存在火灾隐患。建议增设集中充电桩，加强消防安全检查。"},
        {"{S}夜市占道经营",
         "{S}夜市摊位占用人行道和机动车道，晚上交通拥堵，油烟噪音扰民。建议规范夜市的经营区域和时间。"},
        {"宅基地纠纷多年未解决",
         "我家和邻居在{V}的宅基地边界纠纷已有多年，村里调解几次都没有结果。希望{P}组织调解，依法处理。"},
        {"{V}周边治安需加强",
         "{V}附近最近发生多起电动车被盗案件，希望公安机关加强巡逻，增设监控设施。"},
    }},
    {{  // economy
        {"个体工商户办证跑腿多",
         "我在{P}开了一家小餐馆，办理食品经营许可证跑了好几趟，材料反复补交。建议一次告知、网上办理。"},
        {"工地拖欠农民工工资",
         "我在{P}{S}附近的工地干活，三个月的工资至今没有结清，包工头一直推脱。请有关部门帮助追讨。"},
        {"希望加大对小微企业的贷款支持",
         "{P}不少小微企业反映银行贷款门槛高、审批慢。建议扩大政府性融资担保覆盖面，降低融资成本。"},
        {"农贸市场摊位费上涨过快",
         "{V}附近的农贸市场今年摊位费涨了三成，商户经营压力很大。希望有关部门核查收费是否合理。"},
    }},
    {{  // culture
        {"希望建设{V}文化活动场所",
         "{V}缺少群众文体活动场所，老年人跳广场舞只能在路边。建议利用闲置用地建设文化广场。"},
        {"{V}农家书屋利用率低",
         "{V}农家书屋常年锁门，图书陈旧。建议定期更新图书，安排专人管理并延长开放时间。"},
        {"{V}古民居缺乏保护",
         "{V}有一座清代民居，墙体开裂，无人维修。希望文物部门尽快调查评估，采取保护措施。"},
        {"希望增加送戏下乡场次",
         "{P}群众喜欢看豫剧，希望文化部门增加送戏下乡的场次，丰富农村文化生活。"},
    }},
    {{  // other
        {"希望公布代表接待日安排",
         "希望{P}人大代表联络站提前公布代表接待日安排，方便群众预约、当面反映问题。"},
        {"{V}手机信号差",
         "{V}手机信号很弱，经常打不通电话，网上办事也受影响。希望通信运营商增建基站。"},
        {"燃气价格调整有疑问",
         "今年{P}燃气价格调整，很多居民不清楚调整的依据，希望有关部门公开说明。"},
        {"{S}公共厕所不足",
         "{P}{S}一带人流量大，但附近没有公共厕所，群众很不方便。建议增设公共厕所并加强保洁。"},
    }},
};

constexpr const char* on_spot_answers[] = {
    "经联络站与{P}有关部门沟通，已当场说明相关政策，并将问题交社区（村）跟进落实，联络站将跟踪回访。",
    "代表当场听取情况，已联系有关负责人，承诺两周内处理到位。",
    "已向您解释相关政策规定和办理渠道，您表示理解。如有新的情况，可随时到联络站反映。",
    "经现场核实，问题已协调解决。感谢您对人大代表工作的支持。",
};

constexpr const char* unit_replies[] = {
    "经实地调查核实，反映情况属实，已制定整改方案，预计本月底前完成整改。",
    "已将该问题列入年度工作计划，正在组织实施，后续进展将及时告知。",
    "经核查，已督促责任单位完成整改，并安排专人回访。",
    "您反映的问题涉及政策调整，我们已向上级部门反映，将结合实际逐步解决。",
    "已约谈相关责任单位，问题已于近日处理完毕，欢迎继续监督。",
};

struct Rejection {
  const char* reason;
  const char* guidance;
};
constexpr Rejection rejections[] = {
    {"court", "您反映的纠纷已进入诉讼程序，请依法通过人民法院审理或上诉解决。"},
    {"arbitration", "您反映的劳动争议应先向{P}劳动人事争议仲裁委员会申请仲裁。"},
    {"review", "对行政机关作出的处罚决定不服的，可在收到决定之日起六十日内依法申请行政复议。"},
    {"other", "该事项不属于人大代表联络站受理范围，请拨打12345热线向有关部门反映。"},
};

constexpr const char* comments_good[] = {"处理及时，很满意", "问题解决了，谢谢代表", "答复态度好", "希望以后继续跟进"};
constexpr const char* comments_bad[] = {"问题没有实际解决", "答复太笼统", "进度太慢"};

// Channels with their shares (docs: online 45 %, reception 25 %, phone 15 %, qr 10 %, letter 3 %,
// hotline 2 %); reception, phone and letter reach a physical station.
constexpr const char* channels[] = {"online", "reception", "phone", "qr", "letter", "hotline"};
constexpr std::uint32_t channel_shares[] = {4500, 2500, 1500, 1000, 300, 200};
bool physical_channel(std::string_view c) { return c == "reception" || c == "phone" || c == "letter"; }

// "{P}{V}{S}" filled in.
std::string fill(std::string_view text, const std::string& place, const std::string& village,
                 const std::string& street) {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}') {
      char k = text[i + 1];
      out += k == 'P' ? place : k == 'V' ? village : street;
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::size_t opinion_count(Scale scale) {
  switch (scale) {
    case Scale::county: return 5'000;
    case Scale::city: return 50'000;
    case Scale::province: return 1'000'000;
  }
  return 0;
}

struct OpinionGenerator::Impl {
  struct Station {
    std::size_t index = 0;
    std::vector<std::int64_t> rota;  // serving mandates, in mandate order (the service's rota)
    std::vector<std::int64_t> own;   // those of the station's congress: may be addressed
    std::string place;               // its county or township
    bool urban = false;
  };
  struct Slot {
    std::int64_t at_ms;
    std::int32_t station;    // -1: drawn with the channel
    std::int32_t reception;  // -1: none
  };

  const Dataset& data;
  Rng rng, codes;
  std::int64_t now_ms;
  sys_days today, first_day;
  calendar::WorkingCalendar cal;
  std::size_t total;
  std::vector<Station> stations;
  Weighted by_deputies_physical, by_deputies_all;
  std::vector<std::size_t> physical_ids, all_ids;
  std::vector<std::size_t> mandate_index, person_index;  // id - 1 → row
  std::unordered_map<std::int64_t, std::vector<std::size_t>> units_of;  // congress → units (no courts)
  std::map<std::pair<std::int64_t, std::size_t>, std::vector<std::size_t>> unit_choices;
  std::unordered_map<std::size_t, std::string> keepers;  // station → its keeper's name
  std::vector<ReceptionRow> receptions;
  std::vector<Slot> slots;
  Weighted category_weights, channel_weights;
  std::unordered_set<std::uint64_t> codes_taken;
  std::size_t fallbacks = 0;
  bool ran = false;

  Impl(const Dataset& d, std::uint64_t seed, std::int64_t now, calendar::WorkingCalendar c, std::size_t n)
      : data(d),
        rng(seed ^ 0x6F70'696E'696F'6E73ULL),
        codes(seed ^ 0x7472'6163'6B69'6E67ULL),
        now_ms(now),
        today(day_of(now)),
        first_day(sys_days{calendar::add_months(year_month_day{day_of(now)}, -12)} + days{1}),
        cal(std::move(c)),
        total(n) {
    index_rows();
    make_stations();
    make_receptions();
    make_slots();
  }

  // --- lookups -------------------------------------------------------------------------

  void index_rows() {
    mandate_index.assign(data.mandates.size() + 1, SIZE_MAX);
    for (std::size_t i = 0; i < data.mandates.size(); ++i) {
      auto id = static_cast<std::size_t>(data.mandates[i].id);
      if (id >= mandate_index.size()) mandate_index.resize(id + 1, SIZE_MAX);
      mandate_index[id] = i;
    }
    person_index.assign(data.persons.size() + 1, SIZE_MAX);
    for (std::size_t i = 0; i < data.persons.size(); ++i) {
      auto id = static_cast<std::size_t>(data.persons[i].id);
      if (id >= person_index.size()) person_index.resize(id + 1, SIZE_MAX);
      person_index[id] = i;
    }
    for (std::size_t i = 0; i < data.units.size(); ++i) {
      const auto& u = data.units[i];
      if (u.kind == "court" || u.kind == "procuratorate") continue;
      units_of[u.congress_id].push_back(i);
    }
  }

  const MandateRow& mandate(std::int64_t id) const { return data.mandates[mandate_index.at(static_cast<std::size_t>(id))]; }
  const std::string& person_name(std::int64_t person_id) const {
    return data.persons[person_index.at(static_cast<std::size_t>(person_id))].name;
  }

  void make_stations() {
    std::unordered_map<std::string_view, const RegionRow*> regions;
    for (const auto& r : data.regions) regions[r.code] = &r;
    std::unordered_map<std::int64_t, std::size_t> station_at;
    stations.resize(data.stations.size());
    for (std::size_t i = 0; i < data.stations.size(); ++i) {
      const auto& s = data.stations[i];
      station_at[s.id] = i;
      auto& st = stations[i];
      st.index = i;
      if (auto it = regions.find(s.region_code); it != regions.end()) {
        st.place = it->second->name;
        st.urban = st.place.ends_with("区") || st.place.ends_with("街道") || it->second->level == "city";
      } else {
        st.place = s.name;
      }
    }
    // station_deputies comes sorted by station and mandate: the rota's order.
    for (const auto& sd : data.station_deputies) {
      auto it = station_at.find(sd.station_id);
      if (it == station_at.end()) continue;
      const auto& m = mandate(sd.mandate_id);
      if (m.status != "serving") continue;
      auto& st = stations[it->second];
      st.rota.push_back(sd.mandate_id);
      if (m.congress_id == data.stations[it->second].congress_id) st.own.push_back(sd.mandate_id);
    }
    for (std::size_t i = 0; i < stations.size(); ++i) {
      auto weight = static_cast<std::uint32_t>(stations[i].rota.size());
      // The station of the demo keeper (金水区, number 1) is the dataset's busiest, whatever
      // deputies it has (at province scale they serve in 金水区's subdistricts instead).
      if (i == 0) weight = std::max<std::uint32_t>(weight, 20) * 10;
      if (weight == 0) continue;
      all_ids.push_back(i);
      by_deputies_all.add(weight);
      if (data.stations[i].kind != "online") {
        physical_ids.push_back(i);
        by_deputies_physical.add(weight);
      }
    }
    for (const auto& c : categories) category_weights.add(c.weight);
  }

  const std::string& keeper(std::size_t station) {
    auto [it, fresh] = keepers.try_emplace(station);
    if (fresh) {
      bool female = rng.per_mille(550);
      it->second = names::person(rng, female).full() + "（联络站）";
    }
    return it->second;
  }

  // --- reception days ------------------------------------------------------------------

  void make_receptions() {
    // Station 1 over the whole year, then stations drawn by their deputies over their last
    // three months, until a few hundred days are recorded.
    const std::size_t wanted = 300;
    std::unordered_set<std::size_t> done;
    auto record = [&](std::size_t station, sys_days from) {
      const auto& s = data.stations[station];
      const auto& rota = stations[station].rota;
      auto schedule = parse_schedule(s.reception_schedule);
      if (s.kind == "online" || rota.empty() || !schedule || !done.insert(station).second) return;
      for (sys_days d = from; d <= today && receptions.size() < wanted; d += days{1}) {
        year_month_day ymd{d};
        if (!is_reception_day(*schedule, ymd)) continue;
        ReceptionRow r;
        r.id = static_cast<std::int64_t>(receptions.size()) + 1;
        r.station_id = s.id;
        r.date = format_date(ymd);
        for (auto i : on_duty(*schedule, ymd, rota.size())) r.attendees.push_back(rota[i]);
        std::sort(r.attendees.begin(), r.attendees.end());
        r.people_received = rng.between(2, 14);
        r.note = rng.per_mille(500) ? "代表轮值接待，群众反映的问题已逐一登记。" : "";
        receptions.push_back(std::move(r));
      }
    };
    if (!stations.empty()) record(0, first_day);
    for (int tries = 0; receptions.size() < wanted && tries < 2'000 && !physical_ids.empty(); ++tries) {
      std::size_t station = physical_ids[by_deputies_physical.pick(rng)];
      record(station, today - days{91});
    }
  }

  // --- when the opinions came ------------------------------------------------------------

  std::int64_t clamp_to_now(sys_days day, std::int64_t at) {
    if (at <= now_ms) return at;
    std::int64_t start = ms_at(day, 0);
    return start + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(std::max<std::int64_t>(now_ms - start, 0)) + 1));
  }

  void make_slots() {
    slots.reserve(total);
    std::unordered_map<std::int64_t, std::size_t> station_at;
    for (std::size_t i = 0; i < data.stations.size(); ++i) station_at[data.stations[i].id] = i;
    // Opinions registered at a reception (each reception's people brought 1-4).
    for (std::size_t r = 0; r < receptions.size() && slots.size() < total; ++r) {
      auto day = sys_days{*calendar::parse_date(receptions[r].date)};
      auto n = rng.between(1, std::min<std::int64_t>(4, receptions[r].people_received));
      for (std::int64_t k = 0; k < n && slots.size() < total; ++k) {
        std::int64_t minute = rng.between(9 * 60, 11 * 60 + 30);
        std::int64_t at = ms_at(day, minute) + static_cast<std::int64_t>(rng.below(minute_ms));
        slots.push_back({clamp_to_now(day, at), static_cast<std::int32_t>(station_at.at(receptions[r].station_id)),
                         static_cast<std::int32_t>(r)});
      }
    }
    std::size_t bound = slots.size();
    // The unbound opinions' share of reception is what keeps it at 25 % overall.
    double others = 0;
    for (std::size_t c = 0; c < std::size(channels); ++c)
      if (std::string_view(channels[c]) != "reception") others += channel_shares[c];
    double free = static_cast<double>(total - bound);
    double wanted = free > 0 ? std::clamp((0.25 * static_cast<double>(total) - static_cast<double>(bound)) / free, 0.0, 0.9) : 0;
    for (std::size_t c = 0; c < std::size(channels); ++c) {
      double share = std::string_view(channels[c]) == "reception" ? wanted * others / (1 - wanted) : channel_shares[c];
      channel_weights.add(static_cast<std::uint32_t>(share * 100));
    }
    // Days by weekday: fewer opinions on weekends; times 07:30 to 21:30.
    Weighted day_weights;
    std::vector<sys_days> day_list;
    for (sys_days d = first_day; d <= today; d += days{1}) {
      unsigned wd = weekday{d}.c_encoding();
      day_weights.add(wd == 0 || wd == 6 ? 6 : 10);
      day_list.push_back(d);
    }
    while (slots.size() < total) {
      sys_days day = day_list[day_weights.pick(rng)];
      std::int64_t minute = rng.between(7 * 60 + 30, 21 * 60 + 30);
      std::int64_t at = ms_at(day, minute) + static_cast<std::int64_t>(rng.below(minute_ms));
      slots.push_back({clamp_to_now(day, at), -1, -1});
    }
    std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.at_ms < b.at_ms; });
  }

  // --- one opinion -----------------------------------------------------------------------

  std::string tracking_code() {
    static constexpr std::uint64_t space = 819'628'286'980'801ULL;  // 31^10
    static_assert(opinion_rules::code_length == 10);
    for (;;) {
      std::uint64_t v = codes.below(space);
      if (!codes_taken.insert(v).second) continue;
      std::string out(10, '2');
      for (int i = 9; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = opinion_rules::code_alphabet[v % 31];
        v /= 31;
      }
      return out;
    }
  }

  std::string village(const Station& st) {
    return st.urban || rng.per_mille(300) ? names::community_stem(rng) + "社区" : names::place_stem(rng) + "村";
  }

  std::size_t unit_for(std::int64_t congress, std::size_t category) {
    auto key = std::pair{congress, category};
    auto it = unit_choices.find(key);
    if (it == unit_choices.end()) {
      std::vector<std::size_t> out;
      auto all = units_of.find(congress);
      if (all != units_of.end()) {
        for (const char* word : categories[category].units) {
          if (!word) break;
          for (auto u : all->second)
            if (data.units[u].name.find(word) != std::string::npos) out.push_back(u);
          if (!out.empty()) break;
        }
        if (out.empty()) out = all->second;
      }
      it = unit_choices.emplace(key, std::move(out)).first;
    }
    if (it->second.empty()) return SIZE_MAX;
    return it->second[rng.below(it->second.size())];
  }

  // Office hours on the n-th working day after `after`'s date, and never before `after`.
  std::int64_t office_time(std::int64_t after, int working_days) {
    sys_days day = day_of(after);
    if (working_days > 0) day = sys_days{cal.add_working_days(year_month_day{day}, working_days)};
    std::int64_t minute = rng.between(8 * 60 + 30, 17 * 60 + 30);
    std::int64_t at = ms_at(day, minute) + static_cast<std::int64_t>(rng.below(minute_ms));
    if (at <= after) at = after + rng.between(5, 90) * minute_ms;
    return at;
  }

  struct Hand {
    std::string actor_name, role;
  };

  void event(OpinionRow& o, std::int64_t at, const Hand& by, const char* action, std::string note,
             std::string public_note) {
    o.events.push_back({at, "demo", by.actor_name, by.role, action, o.state, std::move(note), std::move(public_note)});
    o.updated_at_ms = at;
    ++o.version;
  }

  static void recompute_due(OpinionRow& o) {
    if (o.state == "received") o.due_date = o.accept_due;
    else if (o.state == "referred" && !o.unit_reply) o.due_date = o.referral_due;
    else o.due_date.reset();
  }

  // One round of handling from `accepted`: on the spot, or through a unit. False when the
  // clock stops it on the way (or it stays stuck).
  // `unit`: the unit of an earlier referral (SIZE_MAX: none yet), which gets it again.
  bool handle(OpinionRow& o, std::int64_t& t, bool on_spot, const Hand& by, const Station& st, std::size_t category,
              std::size_t& unit) {
    if (on_spot) {
      std::int64_t at = o.reception_id && !o.reopened ? t + rng.between(5, 40) * minute_ms
                                                                   : office_time(t, static_cast<int>(rng.between(0, 2)));
      if (at > now_ms) return false;
      o.state = "answered_on_spot";
      o.reply = fill(rng.pick(on_spot_answers), st.place, "", "");
      o.replied_at_ms = at;
      o.replied_on = date_text(day_of(at));
      recompute_due(o);
      event(o, at, by, "answer-on-spot", "", "已当场答复");
      t = at;
      return true;
    }
    if (unit == SIZE_MAX) unit = unit_for(o.congress_id, category);
    std::int64_t at = office_time(t, static_cast<int>(rng.between(0, 1)));
    if (at > now_ms) return false;
    const auto& u = data.units[unit];
    o.state = "referred";
    o.unit_id = u.id;
    o.referral_due = date_text(sys_days{cal.add_working_days(year_month_day{day_of(at)}, 15)});
    o.unit_reply.reset();
    o.unit_replied_at_ms.reset();
    recompute_due(o);
    event(o, at, by, "refer", u.name, "已转" + u.name + "办理");
    t = at;
    if (rng.per_mille(15)) return false;  // the unit never answers: overdue in time
    int late = rng.per_mille(100) ? static_cast<int>(rng.between(16, 25)) : static_cast<int>(rng.between(2, 14));
    at = office_time(t, late);
    if (at > now_ms) return false;
    o.unit_reply = std::string(rng.pick(unit_replies));
    o.unit_replied_at_ms = at;
    recompute_due(o);
    event(o, at, {u.contact_name + "（" + u.name + "）", "unit"}, "unit-reply", u.name, u.name + "已答复");
    t = at;
    if (rng.per_mille(10)) return false;  // the station has not passed it on yet
    at = office_time(t, static_cast<int>(rng.between(0, 2)));
    if (at > now_ms) return false;
    o.state = "replied";
    o.reply = "经转" + u.name + "办理，答复如下：" + *o.unit_reply;
    o.replied_at_ms = at;
    o.replied_on = date_text(day_of(at));
    recompute_due(o);
    event(o, at, by, "reply", "", "已答复");
    t = at;
    return true;
  }

  // The citizen rates within ten days (most do); false when not (yet).
  bool rate(OpinionRow& o, std::int64_t& t, bool second) {
    if (!rng.per_mille(second ? 850 : 880)) return false;
    std::int64_t after_days = rng.between(0, 10);
    std::int64_t minute = rng.between(8 * 60, 22 * 60);
    std::int64_t at = ms_at(day_of(t) + days{after_days}, minute) + static_cast<std::int64_t>(rng.below(minute_ms));
    if (at <= t) at = t + rng.between(30, 600) * minute_ms;
    if (at > now_ms) return false;
    auto x = rng.below(100);
    const char* rating = second ? (x < 25 ? "satisfied" : x < 60 ? "basically_satisfied" : "unsatisfied")
                                : (x < 66 ? "satisfied" : x < 85 ? "basically_satisfied" : "unsatisfied");
    bool unhappy = std::string_view(rating) == "unsatisfied";
    bool reopen = unhappy && !o.reopened;
    o.rating = rating;
    o.rating_comment = rng.per_mille(300) ? std::string(unhappy ? rng.pick(comments_bad) : rng.pick(comments_good)) : "";
    o.rated_at_ms = at;
    o.state = reopen ? "accepted" : "closed";
    if (reopen) o.reopened = true;
    recompute_due(o);
    static const std::map<std::string_view, std::string> labels{
        {"satisfied", "满意"}, {"basically_satisfied", "基本满意"}, {"unsatisfied", "不满意"}};
    event(o, at, {"群众", "citizen"}, "rate", o.rating_comment,
          "评价：" + labels.at(rating) + (reopen ? "，意见重新办理" : ""));
    o.events.back().actor = "citizen";
    t = at;
    return true;
  }

  // Everything after the opinion came in, as far as the clock has got.
  void lifecycle(OpinionRow& o, const Station& st, std::size_t category) {
    std::int64_t t = o.received_at_ms;
    o.accept_due = date_text(sys_days{cal.add_working_days(year_month_day{day_of(t)}, 3)});
    o.state = "received";
    recompute_due(o);
    if (rng.per_mille(3)) return;  // nobody took it up
    Hand by = o.deputy_person_id && rng.per_mille(500) ? Hand{person_name(*o.deputy_person_id), "deputy"}
                                                       : Hand{keeper(st.index), "station"};
    int wait = 0;
    if (o.reception_id) wait = 0;
    else if (rng.per_mille(40)) wait = static_cast<int>(rng.between(4, 6));  // late
    else wait = static_cast<int>(rng.below(4));
    std::int64_t at = o.reception_id ? t + rng.between(1, 20) * minute_ms : office_time(t, wait);
    if (at > now_ms) return;
    o.first_response_at_ms = at;
    if (rng.per_mille(30)) {
      const auto& r = rng.pick(rejections);
      std::string guidance = fill(r.guidance, st.place, "", "");
      o.state = "rejected";
      o.reject_reason = r.reason;
      o.guidance = guidance;
      recompute_due(o);
      event(o, at, by, "reject", r.reason, "不予受理：" + guidance);
      return;
    }
    o.state = "accepted";
    recompute_due(o);
    event(o, at, by, "accept", "", "意见已受理");
    t = at;
    if (rng.per_mille(3)) return;  // accepted, not handled yet
    int spot = o.channel == "reception" ? 650 : o.channel == "phone" ? 400 : o.channel == "hotline" ? 250 : 250;
    bool on_spot = rng.per_mille(spot) || unit_for(o.congress_id, category) == SIZE_MAX;
    std::size_t unit = SIZE_MAX;
    if (!handle(o, t, on_spot, by, st, category, unit)) return;
    if (!rate(o, t, false)) return;
    if (o.state != "accepted") return;
    // Reopened once: handled again the same way, rated again (that rating closes).
    if (!handle(o, t, on_spot, by, st, category, unit)) return;
    rate(o, t, true);
  }

  // When the calendar lacks a year a deadline falls in: closed, without deadlines.
  void closed_without_calendar(OpinionRow& o) {
    ++fallbacks;
    o.state = "closed";
    o.accept_due.clear();
    o.due_date.reset();
    o.reject_reason.clear();
    o.guidance.clear();
    o.unit_id.reset();
    o.referral_due.reset();
    o.unit_reply.reset();
    o.unit_replied_at_ms.reset();
    o.reply.reset();
    o.replied_at_ms.reset();
    o.replied_on.reset();
    o.rating.reset();
    o.rating_comment.clear();
    o.rated_at_ms.reset();
    o.reopened = false;
    o.first_response_at_ms.reset();
    o.events.resize(1);
    o.version = 1;
    o.updated_at_ms = o.received_at_ms;
    event(o, o.received_at_ms, {"系统", "system"}, "close", "演示数据：工作日历缺少该年份，未计算期限", "已办结");
    o.events.back().actor = "system";
  }

  void make(OpinionRow& o, const Slot& slot, std::int64_t id) {
    auto events = std::move(o.events);  // keeps its capacity
    events.clear();
    o = OpinionRow{};
    o.events = std::move(events);
    o.id = id;
    o.received_at_ms = o.updated_at_ms = slot.at_ms;
    // Channel, then a station that takes it, then perhaps a deputy of its congress.
    std::string channel = slot.reception >= 0 ? "reception" : channels[channel_weights.pick(rng)];
    std::size_t station = 0;
    std::optional<std::int64_t> deputy;
    for (int tries = 0;; ++tries) {
      if (slot.station >= 0) station = static_cast<std::size_t>(slot.station);
      else if (physical_channel(channel)) station = physical_ids[by_deputies_physical.pick(rng)];
      else station = all_ids[by_deputies_all.pick(rng)];
      const auto& own = stations[station].own;
      int want = channel == "qr" ? 1000 : channel == "online" ? 250 : channel == "reception" ? 300 : 80;
      if (!own.empty() && rng.per_mille(want)) {
        if (slot.reception >= 0) {
          // One of the deputies on duty that day, when one is of the station's congress.
          std::vector<std::int64_t> on_duty;
          for (auto m : receptions[static_cast<std::size_t>(slot.reception)].attendees)
            if (std::find(own.begin(), own.end(), m) != own.end()) on_duty.push_back(m);
          if (!on_duty.empty()) deputy = on_duty[rng.below(on_duty.size())];
        } else {
          deputy = own[rng.below(own.size())];
        }
      }
      if (channel != "qr" || deputy) break;
      if (tries >= 8) {
        channel = "online";  // a deputy's QR code needs a deputy of the station's congress
        break;
      }
    }
    const auto& st = stations[station];
    const auto& srow = data.stations[station];
    o.tracking_code = tracking_code();
    o.congress_id = srow.congress_id;
    o.station_id = srow.id;
    if (deputy) {
      o.mandate_id = *deputy;
      o.deputy_person_id = mandate(*deputy).person_id;
    }
    if (slot.reception >= 0) o.reception_id = receptions[static_cast<std::size_t>(slot.reception)].id;
    o.channel = channel;
    std::size_t category = category_weights.pick(rng);
    o.category = categories[category].code;
    const auto& tpl = templates[category][rng.below(4)];
    std::string v = village(st);
    std::string s = names::street(rng);
    o.title = fill(tpl.title, st.place, v, s);
    o.content = fill(tpl.content, st.place, v, s);
    bool female = rng.per_mille(480);
    o.citizen_name = names::person(rng, female).full();
    o.citizen_mobile = names::mobile(rng);
    if (rng.per_mille(550)) {
      std::string number = std::to_string(rng.between(1, 299));
      o.location = st.place + (rng.per_mille(500) ? v : s + number + "号");
    }
    o.publish = rng.per_mille(channel == "online" || channel == "qr" ? 350 : 120);
    bool by_public = channel == "online" || channel == "qr";
    o.created_by = by_public ? "public" : "demo";
    o.events.push_back({o.received_at_ms, o.created_by, by_public ? "群众" : keeper(station),
                        by_public ? "citizen" : "station", "receive", "received", "渠道：" + channel, "意见已登记"});
    try {
      lifecycle(o, st, category);
    } catch (const Error&) {
      closed_without_calendar(o);
    }
  }
};

OpinionGenerator::OpinionGenerator(const Dataset& data, Scale scale, std::uint64_t seed, std::int64_t now_ms,
                                   calendar::WorkingCalendar calendar, std::optional<std::size_t> count)
    : impl_(std::make_unique<Impl>(data, seed, now_ms, std::move(calendar), count.value_or(opinion_count(scale)))) {}

OpinionGenerator::~OpinionGenerator() = default;

const std::vector<ReceptionRow>& OpinionGenerator::receptions() const { return impl_->receptions; }

std::size_t OpinionGenerator::size() const { return impl_->all_ids.empty() ? 0 : impl_->slots.size(); }

std::size_t OpinionGenerator::calendar_fallbacks() const { return impl_->fallbacks; }

void OpinionGenerator::run(const std::function<void(const OpinionRow&)>& sink) {
  if (impl_->ran) throw std::logic_error("OpinionGenerator::run runs once");
  impl_->ran = true;
  if (impl_->all_ids.empty()) return;  // no station has deputies: nobody to write to
  impl_->codes_taken.reserve(impl_->slots.size() * 2);
  OpinionRow o;
  for (std::size_t i = 0; i < impl_->slots.size(); ++i) {
    impl_->make(o, impl_->slots[i], static_cast<std::int64_t>(i) + 1);
    sink(o);
  }
}

}  // namespace huying::demo
