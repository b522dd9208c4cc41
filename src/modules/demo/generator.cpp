#include "modules/demo/generator.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/crypto.hpp"
#include "core/pinyin.hpp"
#include "core/schedule.hpp"
#include "modules/demo/henan.hpp"
#include "modules/demo/names.hpp"
#include "modules/demo/random.hpp"

namespace huying::demo {

namespace {

using henan::CountyKind;
using namespace std::chrono;

// The map (townships, their populations and places, the sizes of congresses, how many
// stations each township has) comes from a fixed seed: it is the same for every --seed and
// every scale, so that a smaller scale is a corner of the province dataset's map.
constexpr std::uint64_t geography_seed = 0x4845'4E41'4E2D'3431ULL;

// Province-scale totals (the seed's figures for Henan).
constexpr int national_seats = 170;
constexpr int provincial_seats = 950;
constexpr int city_seats = 8'000;
constexpr int county_seats = 42'000;
constexpr int township_seats = 134'000;
constexpr int physical_stations = 9'583;
constexpr int online_stations = 6'416;
constexpr int township_target = 2'400;

enum Level { township_level, county_level, city_level, provincial_level, national_level };
constexpr std::string_view level_names[] = {"township", "county", "city", "provincial", "national"};

struct TermSpec {
  std::int64_t number;
  std::string_view start;
};
// The current terms: provincial and city congresses elected around new year 2023, county and
// township congresses in late 2021, the 14th National People's Congress in March 2023.
constexpr TermSpec current_terms[] = {
    {18, "2021-11-20"}, {17, "2021-12-01"}, {16, "2022-12-20"}, {14, "2023-01-13"}, {14, "2023-03-05"}};

// Largest-remainder apportionment of `total` over `weights` (ties to the earlier item).
std::vector<int> apportion(const std::vector<double>& weights, int total) {
  std::vector<int> out(weights.size(), 0);
  double sum = 0;
  for (double w : weights) sum += w;
  if (weights.empty() || sum <= 0) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  int given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    double exact = weights[i] / sum * total;
    out[i] = static_cast<int>(std::floor(exact));
    given += out[i];
    remainders.push_back({exact - out[i], i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given) ++out[remainders[k % remainders.size()].second];
  return out;
}

std::string cn_number(int n) {
  static constexpr std::string_view digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return std::string(digits[n]);
  std::string out = n / 10 == 1 ? "" : std::string(digits[n / 10]);
  return out + "十" + std::string(digits[n % 10]);
}

std::string three_digits(int n) {
  std::string s = std::to_string(n);
  return std::string(3 - std::min<std::size_t>(3, s.size()), '0') + s;
}

sys_days parse_day(std::string_view text) {
  int y = std::stoi(std::string(text.substr(0, 4)));
  unsigned m = std::stoul(std::string(text.substr(5, 2)));
  unsigned d = std::stoul(std::string(text.substr(8, 2)));
  return sys_days{year{y} / month{m} / day{d}};
}
std::string day_text(sys_days d) { return format_date(year_month_day{d}); }

// ---------------------------------------------------------------------------------------
// The map

enum class TownKind { subdistrict, town, xiang };

struct Township {
  std::string code, name;
  TownKind kind = TownKind::town;
  bool seat = false;  // 城关镇: the county seat
  double population = 0;
  std::int64_t lat = 0, lng = 0;  // micro-degrees
  int seats = 0, stations = 0, online = 0;
  // Filled while generating.
  std::int64_t congress_id = 0;
  std::vector<std::int64_t> physical;       // its liaison stations (代表之家 and 联络站)
  std::vector<std::int64_t> local_serving;  // serving township and county mandates elected here
  std::vector<std::int64_t> online_stations;
  std::unordered_set<std::string> used_places;
  bool has_congress() const { return kind != TownKind::subdistrict; }
};

struct PoolEntry {
  std::int64_t person_id;
  struct County* county;
  Township* township;
};

struct County {
  const henan::County* source = nullptr;
  std::string code, name;
  CountyKind kind = CountyKind::county;
  double population = 0;
  std::int64_t lat = 0, lng = 0;
  int seats = 0, shallow_stations = 0, shallow_online = 0;
  std::vector<Township> townships;
  Weighted township_weights;
  bool emitted = false, deep = false;
  // Filled while generating.
  std::int64_t congress_id = 0;       // 0 for 济源, which has no county level
  std::int64_t city_delegation = 0;   // its delegation in the city congress
  std::int64_t hub = 0;
  std::vector<std::int64_t> physical;  // every liaison station in the county
  std::vector<std::int64_t> online;    // online stations, where it has no townships
  std::vector<std::int64_t> local_serving;
  std::vector<PoolEntry> township_pool, county_pool;
  bool urban() const { return kind == CountyKind::urban; }
  bool is_city_itself() const { return kind == CountyKind::province_direct; }
};

struct City {
  const henan::City* source = nullptr;
  std::vector<County> counties;
  int seats = 0, provincial = 0, national = 0;
  bool populated = false;
  std::int64_t congress_id = 0, provincial_delegation = 0, national_delegation = 0;
  Weighted emitted_weights;
  std::vector<County*> emitted;
  std::vector<PoolEntry> city_pool, provincial_pool;
  std::string name() const { return std::string(source->name); }
};

std::int64_t clamp_lat(std::int64_t v) { return std::clamp<std::int64_t>(v, 31'400'000, 36'350'000); }
std::int64_t clamp_lng(std::int64_t v) { return std::clamp<std::int64_t>(v, 110'400'000, 116'600'000); }

int township_count(CountyKind kind, double pop, double divisor) {
  auto n = [&](double d, int lo, int hi) {
    return std::clamp(static_cast<int>(std::lround(pop / d)), lo, hi);
  };
  switch (kind) {
    case CountyKind::urban: return n(divisor * 1.6, 4, 18);
    case CountyKind::suburban: return n(divisor, 6, 24);
    case CountyKind::county: return n(divisor, 8, 32);
    case CountyKind::city: return n(divisor, 10, 32);
    case CountyKind::province_direct: return 16;
  }
  return 0;
}

std::string unique_name(std::unordered_set<std::string>& used, const std::function<std::string()>& make) {
  for (int attempt = 0;; ++attempt) {
    std::string name = make();
    if (attempt > 40) name = cn_number(static_cast<int>(used.size() % 99) + 1) + name;
    if (used.insert(name).second) return name;
  }
}

void build_townships(Rng& rng, County& county, int count) {
  int subdistricts = 0;
  bool seat = false;
  switch (county.kind) {
    case CountyKind::urban: subdistricts = count; break;
    case CountyKind::suburban: subdistricts = std::clamp(static_cast<int>(std::lround(count * 0.4)), 2, 9); break;
    case CountyKind::county:
      subdistricts = static_cast<int>(rng.between(0, 3));
      seat = subdistricts <= 1;
      break;
    case CountyKind::city: subdistricts = static_cast<int>(rng.between(3, 7)); break;
    case CountyKind::province_direct: subdistricts = 5; break;
  }
  subdistricts = std::min(subdistricts, count);
  std::unordered_set<std::string> used{"城关镇", "城关乡"};
  std::vector<Township> subs, towns, xiangs;
  for (int i = 0; i < subdistricts; ++i) {
    Township t;
    t.kind = TownKind::subdistrict;
    t.name = unique_name(used, [&] { return names::subdistrict_stem(rng) + "街道"; });
    subs.push_back(std::move(t));
  }
  if (seat && subdistricts < count) {
    Township t;
    t.kind = TownKind::town;
    t.seat = true;
    t.name = "城关镇";
    towns.push_back(std::move(t));
  }
  int town_per_mille = county.kind == CountyKind::county ? 600 : 650;
  if (county.kind == CountyKind::province_direct) town_per_mille = 1000;
  while (static_cast<int>(subs.size() + towns.size() + xiangs.size()) < count) {
    Township t;
    bool town = rng.per_mille(town_per_mille);
    t.kind = town ? TownKind::town : TownKind::xiang;
    t.name = unique_name(used, [&] { return names::place_stem(rng) + (town ? "镇" : "乡"); });
    (town ? towns : xiangs).push_back(std::move(t));
  }
  for (std::size_t i = 0; i < subs.size(); ++i) subs[i].code = county.code + three_digits(1 + int(i));
  for (std::size_t i = 0; i < towns.size(); ++i) towns[i].code = county.code + three_digits(100 + int(i));
  for (std::size_t i = 0; i < xiangs.size(); ++i) xiangs[i].code = county.code + three_digits(200 + int(i));
  county.townships.clear();
  for (auto* group : {&subs, &towns, &xiangs})
    for (auto& t : *group) county.townships.push_back(std::move(t));

  // Populations: subdistricts are dense, the county seat the largest, 乡 the smallest.
  std::vector<double> weights;
  double sum = 0;
  for (const auto& t : county.townships) {
    double base = t.seat ? 25 : t.kind == TownKind::subdistrict ? 13 : t.kind == TownKind::town ? 10 : 7;
    weights.push_back(base * static_cast<double>(rng.between(60, 140)));
    sum += weights.back();
  }
  for (std::size_t i = 0; i < county.townships.size(); ++i) {
    auto& t = county.townships[i];
    t.population = county.population * weights[i] / sum;
    bool central = county.urban() || t.seat || t.kind == TownKind::subdistrict;
    std::int64_t r = county.urban() ? 30'000 : county.kind == CountyKind::suburban ? 100'000
                                      : central ? 30'000 : 250'000;
    t.lat = clamp_lat(county.lat + rng.between(-r, r));
    t.lng = clamp_lng(county.lng + rng.between(-r, r));
    county.township_weights.add(static_cast<std::uint32_t>(std::max(1.0, t.population / 100)));
  }
}

std::vector<City> build_map() {
  Rng rng(geography_seed);
  std::vector<City> map;
  for (const auto& source : henan::cities()) {
    City city;
    city.source = &source;
    double listed = 0;
    for (const auto& c : source.counties) listed += c.population;
    for (const auto& c : source.counties) {
      County county;
      county.source = &c;
      county.code = std::string(c.code);
      county.name = std::string(c.name);
      county.kind = c.kind;
      county.population = c.population * source.population / listed * 10'000.0;
      std::int64_t dx = 0, dy = 0;
      switch (c.kind) {
        case CountyKind::urban: dx = rng.between(-50'000, 50'000), dy = rng.between(-50'000, 50'000); break;
        case CountyKind::suburban:
          dx = rng.between(-150'000, 150'000), dy = rng.between(-150'000, 150'000);
          break;
        case CountyKind::county:
        case CountyKind::city:
          do {
            dx = rng.between(-650'000, 650'000);
            dy = rng.between(-650'000, 650'000);
          } while (std::max(std::abs(dx), std::abs(dy)) < 200'000);
          break;
        case CountyKind::province_direct: break;
      }
      county.lat = clamp_lat(source.latitude_micro + dy);
      county.lng = clamp_lng(source.longitude_micro + dx);
      city.counties.push_back(std::move(county));
    }
    map.push_back(std::move(city));
  }
  // The divisor (万人 per township) that brings the province near its ~2,400 townships.
  double divisor = 2.0;
  for (;; divisor += 0.02) {
    int total = 0;
    for (const auto& city : map)
      for (const auto& c : city.counties) total += township_count(c.kind, c.population / 10'000, divisor);
    if (total <= township_target) break;
  }
  for (auto& city : map)
    for (auto& c : city.counties) build_townships(rng, c, township_count(c.kind, c.population / 10'000, divisor));

  // Seats, by the Election Law's formulas (a base plus one per so many inhabitants, capped),
  // scaled to the province's totals.
  std::vector<double> w_town, w_county, w_city, w_pop;
  std::vector<Township*> towns;
  std::vector<County*> counties;
  std::vector<Township*> all_townships;
  for (auto& city : map) {
    bool direct = city.source->code == "419001";
    double pop = city.source->population * 10'000.0;
    w_city.push_back(direct ? std::min(450.0, 120 + pop / 5'000) : std::min(650.0, 240 + pop / 25'000));
    w_pop.push_back(pop);
    for (auto& c : city.counties) {
      if (!c.is_city_itself()) {
        counties.push_back(&c);
        w_county.push_back(std::min(450.0, 120 + c.population / 5'000));
      }
      for (auto& t : c.townships) {
        all_townships.push_back(&t);
        if (!t.has_congress()) continue;
        towns.push_back(&t);
        w_town.push_back(std::min(160.0, 40 + t.population / 1'500));
      }
      c.shallow_stations = std::max(2, static_cast<int>(std::lround(c.population / 240'000)));
      c.shallow_online = std::max(1, static_cast<int>(std::lround(c.population / 500'000)));
    }
  }
  auto town_seats = apportion(w_town, township_seats);
  for (std::size_t i = 0; i < towns.size(); ++i) towns[i]->seats = town_seats[i];
  auto c_seats = apportion(w_county, county_seats);
  for (std::size_t i = 0; i < counties.size(); ++i) counties[i]->seats = c_seats[i];
  auto ci_seats = apportion(w_city, city_seats);
  auto prov = apportion(w_pop, provincial_seats);
  auto nat = apportion(w_pop, national_seats);
  for (std::size_t i = 0; i < map.size(); ++i) {
    map[i].seats = ci_seats[i];
    map[i].provincial = prov[i];
    map[i].national = nat[i];
  }
  // Stations: a hub per county-level region, a 代表之家 per township, the other 代表联络站
  // by population (one of them is the 金水区 station that the demo accounts use).
  int hubs = 0;
  for (const auto& city : map) hubs += static_cast<int>(city.counties.size());
  std::vector<double> w_town_pop;
  for (auto* t : all_townships) w_town_pop.push_back(t->population);
  auto extra = apportion(w_town_pop, physical_stations - hubs - static_cast<int>(all_townships.size()) - 1);
  auto online = apportion(w_town_pop, online_stations);
  for (std::size_t i = 0; i < all_townships.size(); ++i) {
    all_townships[i]->stations = extra[i];
    all_townships[i]->online = online[i];
  }
  return map;
}

// ---------------------------------------------------------------------------------------
// Occupations as published: a pattern with places filled in, a weight, and whether it is a
// post held by members of the Communist Party.

struct Job {
  std::string_view pattern;
  std::uint32_t weight;
  bool cpc;
};

// {Y} city, {C} county, {T} township, {V} village or community, {P} company, {O} cooperative,
// {B} bureau, {U} university, {L} law firm, {N} a school's number.
constexpr Job township_jobs[] = {
    {"{T}{V}党支部书记", 240, true},        {"{T}{V}党支部书记、村委会主任", 120, true},
    {"{T}{V}村委会主任", 70, false},        {"{T}{V}村民", 140, false},
    {"{T}中心学校教师", 50, false},         {"{T}卫生院医生", 40, false},
    {"{T}{V}卫生室乡村医生", 20, false},    {"{P}董事长", 30, false},
    {"{P}总经理", 20, false},               {"个体工商户", 40, false},
    {"{T}{O}种植专业合作社理事长", 40, false}, {"{P}工人", 50, false},
    {"{T}{V}妇联主席", 20, false},          {"{T}党委委员", 20, true},
    {"{T}人大主席团主席", 10, true},        {"{T}{V}村务监督委员会主任", 20, false},
    {"{T}{V}养殖户", 30, false},            {"退役军人", 10, false},
};
constexpr Job county_jobs[] = {
    {"{C}{T}党委书记", 60, true},            {"{C}{T}党委副书记", 40, true},
    {"{T}{V}党支部书记", 140, true},         {"{T}{V}村委会主任", 50, false},
    {"{T}{V}村民", 80, false},               {"{C}第一高级中学教师", 30, false},
    {"{C}实验小学校长", 20, false},          {"{C}人民医院医生", 30, false},
    {"{C}中医院副院长", 10, false},          {"{C}{B}局长", 50, true},
    {"{P}董事长", 80, false},                {"{P}总经理", 30, false},
    {"{P}工人", 60, false},                  {"{P}技术员", 20, false},
    {"个体工商户", 30, false},               {"{T}{O}农民专业合作社理事长", 30, false},
    {"{L}律师事务所律师", 20, false},        {"{T}{V}社区党委书记", 50, true},
};
constexpr Job city_jobs[] = {
    {"{P}董事长", 120, false},           {"{P}总经理", 50, false},
    {"{P}高级工程师", 40, false},        {"{P}工人", 70, false},
    {"{P}车间主任", 30, false},          {"{Y}{B}局长", 40, true},
    {"{C}{B}局长", 30, true},            {"{C}{T}党委书记", 60, true},
    {"{C}{T}{V}党支部书记", 90, true},   {"{C}{T}{V}社区党委书记", 50, true},
    {"{C}{T}{V}村民", 50, false},        {"{Y}第一人民医院主任医师", 30, false},
    {"{Y}中心医院护士长", 20, false},    {"{Y}第{N}中学教师", 40, false},
    {"{U}教授", 20, false},              {"{L}律师事务所主任", 20, false},
    {"个体工商户", 20, false},           {"{C}人民法院院长", 10, true},
    {"{C}人民检察院检察长", 10, true},
};
constexpr Job provincial_jobs[] = {
    {"{P}董事长", 140, false},          {"{P}总经理", 40, false},
    {"{P}高级工程师", 40, false},       {"{P}工人", 50, false},
    {"{Y}{B}局长", 40, true},           {"{C}委书记", 20, true},
    {"{C}{T}党委书记", 50, true},       {"{C}{T}{V}党支部书记", 80, true},
    {"{C}{T}{V}村民", 40, false},       {"{Y}第一人民医院主任医师", 40, false},
    {"{U}教授", 50, false},             {"{U}副校长", 15, false},
    {"{Y}第{N}中学校长", 30, false},    {"{L}律师事务所主任", 25, false},
    {"{C}{T}{V}社区党委书记", 40, true}, {"{C}人民法院院长", 10, true},
};

constexpr std::string_view bureaus[] = {
    "教育局", "财政局", "农业农村局", "交通运输局", "水利局", "卫生健康委员会", "自然资源局",
    "住房和城乡建设局", "民政局", "人力资源和社会保障局", "市场监督管理局", "生态环境局",
    "应急管理局", "商务局", "文化广电和旅游局", "退役军人事务局",
};
constexpr std::string_view universities[] = {
    "郑州大学", "河南大学", "河南农业大学", "河南理工大学", "河南科技大学", "河南师范大学",
    "河南工业大学", "华北水利水电大学", "郑州轻工业大学", "河南中医药大学", "河南财经政法大学",
    "信阳师范大学", "南阳师范学院", "商丘师范学院", "周口师范学院", "黄淮学院",
};
constexpr std::string_view law_firms[] = {"正大", "明理", "公信", "立德", "中正", "恒信", "弘法", "诚达"};
constexpr std::string_view coop_words[] = {"丰收", "兴农", "绿源", "富民", "金穗", "惠农", "益民", "沃土"};

struct Party {
  std::string_view name;
  std::uint32_t per_mille;
};
// For deputies whose post does not already make them Party members (村党支部书记 does);
// with those posts, about 70% of deputies are members of the Communist Party of China.
constexpr Party parties_high[] = {
    {"中共党员", 560}, {"群众", 170}, {"民革党员", 30}, {"民盟盟员", 50}, {"民建会员", 40},
    {"民进会员", 40}, {"农工党党员", 40}, {"致公党党员", 15}, {"九三学社社员", 40}, {"无党派人士", 15}};
constexpr Party parties_city[] = {
    {"中共党员", 560}, {"群众", 300}, {"民革党员", 15}, {"民盟盟员", 30}, {"民建会员", 20},
    {"民进会员", 20}, {"农工党党员", 20}, {"致公党党员", 5}, {"九三学社社员", 15}, {"无党派人士", 15}};
constexpr Party parties_county[] = {
    {"中共党员", 500}, {"群众", 460}, {"民盟盟员", 10}, {"民建会员", 8}, {"民进会员", 8},
    {"农工党党员", 5}, {"九三学社社员", 4}, {"无党派人士", 5}};
constexpr Party parties_township[] = {{"中共党员", 430}, {"群众", 566}, {"民盟盟员", 2}, {"无党派人士", 2}};

std::span<const Job> jobs_of(Level level) {
  switch (level) {
    case township_level: return township_jobs;
    case county_level: return county_jobs;
    case city_level: return city_jobs;
    default: return provincial_jobs;
  }
}
std::span<const Party> parties_of(Level level) {
  switch (level) {
    case township_level: return parties_township;
    case county_level: return parties_county;
    case city_level: return parties_city;
    default: return parties_high;
  }
}

constexpr int female_per_mille[] = {275, 270, 255, 255, 265};
constexpr int youngest[] = {25, 27, 28, 32, 32};

struct Locality {
  City* city = nullptr;
  County* county = nullptr;
  Township* township = nullptr;  // absent where the county has no townships in the dataset
};

constexpr std::string_view opening_hours[] = {
    "周一至周五 8:30—12:00，14:30—17:30", "周一至周五 9:00—12:00，15:00—18:00",
    "工作日 8:30—17:30",                  "每周一、周四 9:00—11:30",
    "接待日 8:30—12:00，14:30—17:30",     "周一至周六 9:00—17:00",
};
constexpr std::string_view online_hours[] = {"全天在线，工作日内答复", "全天在线，3 个工作日内答复"};

struct ScheduleSpec {
  bool weekly;
  std::array<int, 3> days;
};
constexpr ScheduleSpec schedules[] = {
    {true, {1, 0, 0}}, {true, {2, 0, 0}}, {true, {3, 0, 0}}, {true, {4, 0, 0}},  {true, {5, 0, 0}},
    {true, {1, 4, 0}}, {true, {2, 5, 0}}, {true, {1, 3, 0}}, {false, {5, 0, 0}}, {false, {10, 0, 0}},
    {false, {15, 0, 0}}, {false, {20, 0, 0}}, {false, {9, 19, 0}}, {false, {1, 15, 0}},
    {false, {10, 25, 0}}, {false, {6, 16, 26}},
};

// ---------------------------------------------------------------------------------------

struct Provincial {
  std::string_view name;
  std::string_view kind;
};
// Provincial handling units; the first two are the ones the demo accounts are scoped to.
constexpr Provincial provincial_units[] = {
    {"河南省教育厅", "government"}, {"河南省卫生健康委员会", "government"},
    {"河南省发展和改革委员会", "government"}, {"河南省科学技术厅", "government"},
    {"河南省工业和信息化厅", "government"}, {"河南省民族宗教事务委员会", "government"},
    {"河南省公安厅", "government"}, {"河南省民政厅", "government"}, {"河南省司法厅", "government"},
    {"河南省财政厅", "government"}, {"河南省人力资源和社会保障厅", "government"},
    {"河南省自然资源厅", "government"}, {"河南省生态环境厅", "government"},
    {"河南省住房和城乡建设厅", "government"}, {"河南省交通运输厅", "government"},
    {"河南省水利厅", "government"}, {"河南省农业农村厅", "government"}, {"河南省商务厅", "government"},
    {"河南省文化和旅游厅", "government"}, {"河南省退役军人事务厅", "government"},
    {"河南省应急管理厅", "government"}, {"河南省审计厅", "government"},
    {"河南省人民政府外事办公室", "government"},
    {"河南省人民政府国有资产监督管理委员会", "government"},
    {"河南省市场监督管理局", "government"}, {"河南省广播电视局", "government"},
    {"河南省体育局", "government"}, {"河南省统计局", "government"}, {"河南省医疗保障局", "government"},
    {"河南省机关事务管理局", "government"}, {"河南省林业局", "government"},
    {"河南省粮食和物资储备局", "government"}, {"河南省监狱管理局", "government"},
    {"河南省信访局", "government"}, {"河南省乡村振兴局", "government"},
    {"河南省人民防空办公室", "government"}, {"河南省大数据管理局", "government"},
    {"河南省文物局", "government"}, {"河南省药品监督管理局", "government"},
    {"河南省知识产权局", "government"}, {"河南省能源局", "government"},
    {"河南省中医管理局", "government"}, {"河南省地质局", "government"},
    {"河南省地方金融监督管理局", "government"}, {"河南省人民政府研究室", "government"},
    {"河南省气象局", "government"}, {"河南省地震局", "government"}, {"河南省通信管理局", "government"},
    {"河南省邮政管理局", "government"}, {"国家税务总局河南省税务局", "government"},
    {"河南省消防救援总队", "government"}, {"河南省供销合作总社", "government"},
    {"河南黄河河务局", "government"}, {"郑州海关", "government"},
    {"河南省高级人民法院", "court"}, {"河南省人民检察院", "procuratorate"},
    {"河南省总工会", "other"}, {"共青团河南省委员会", "other"}, {"河南省妇女联合会", "other"},
    {"河南省残疾人联合会", "other"}, {"河南省科学技术协会", "other"}, {"河南省红十字会", "other"},
    {"河南省工商业联合会", "other"}, {"河南省社会科学院", "other"}, {"河南省农业科学院", "other"},
    {"河南省科学院", "other"}, {"国网河南省电力公司", "other"},
    {"中国移动通信集团河南有限公司", "other"}, {"中国联合网络通信有限公司河南省分公司", "other"},
    {"中国电信股份有限公司河南分公司", "other"}, {"中国铁路郑州局集团有限公司", "other"},
    {"河南能源集团有限公司", "other"}, {"河南交通投资集团有限公司", "other"},
    {"河南省水利投资集团有限公司", "other"}, {"中原出版传媒投资控股集团有限公司", "other"},
    {"河南省人民医院", "other"},
};
struct Sections {
  std::string_view parent;
  std::vector<std::string_view> children;
};
// Offices (处室) and bodies under some departments, which handle suggestions themselves.
const Sections provincial_sections[] = {
    {"河南省教育厅", {"办公室", "基础教育处", "高等教育处", "职业教育与成人教育处", "学生资助管理中心", "教师工作处"}},
    {"河南省卫生健康委员会", {"办公室", "医政医管处", "基层卫生健康处", "疾病预防控制处", "妇幼健康处", "老龄健康处"}},
    {"河南省发展和改革委员会", {"办公室", "固定资产投资处", "价格管理处", "区域协调发展处", "粮食和物资储备处"}},
    {"河南省公安厅", {"办公室", "交通管理局", "治安管理总队", "出入境管理局", "户政管理处"}},
    {"河南省民政厅", {"办公室", "社会救助处", "养老服务处", "儿童福利处", "基层政权建设和社区治理处"}},
    {"河南省财政厅", {"办公室", "预算处", "农业农村处", "社会保障处", "教科文处"}},
    {"河南省人力资源和社会保障厅", {"办公室", "就业促进处", "养老保险处", "劳动关系处", "职业能力建设处"}},
    {"河南省自然资源厅", {"办公室", "国土空间规划局", "耕地保护监督处", "不动产登记局"}},
    {"河南省生态环境厅", {"办公室", "大气环境处", "水生态环境处", "土壤生态环境处"}},
    {"河南省住房和城乡建设厅", {"办公室", "住房保障处", "城市建设处", "村镇建设处", "房地产市场监管处"}},
    {"河南省交通运输厅", {"办公室", "综合规划处", "运输服务处", "河南省公路事业发展中心", "农村公路管理处"}},
    {"河南省水利厅", {"办公室", "水资源管理处", "农村水利水电处", "河湖管理处"}},
    {"河南省农业农村厅", {"办公室", "种植业管理处", "畜牧兽医处", "农田建设管理处", "乡村产业发展处"}},
    {"河南省商务厅", {"办公室", "市场体系建设处", "对外贸易处", "外国投资管理处"}},
    {"河南省文化和旅游厅", {"办公室", "公共服务处", "资源开发处", "市场管理处"}},
    {"河南省退役军人事务厅", {"办公室", "就业创业处", "优抚处", "褒扬纪念处"}},
    {"河南省应急管理厅", {"办公室", "风险监测和综合减灾处", "安全生产基础处", "防汛抗旱处"}},
    {"河南省市场监督管理局", {"办公室", "食品生产安全监督管理处", "价格监督检查和反不正当竞争处", "消费者权益保护处"}},
    {"河南省医疗保障局", {"办公室", "待遇保障处", "医药服务管理处", "基金监管处"}},
    {"河南省乡村振兴局", {"办公室", "开发指导处", "社会帮扶处"}},
    {"河南省工业和信息化厅", {"办公室", "中小企业处", "信息化和软件服务业处", "节能与综合利用处"}},
    {"河南省科学技术厅", {"办公室", "农村科技处", "成果转化与区域创新处", "高新技术处"}},
    {"河南省林业局", {"办公室", "生态修复处", "森林资源管理处"}},
    {"河南省体育局", {"办公室", "群众体育处", "竞技体育处"}},
    {"河南省司法厅", {"办公室", "公共法律服务管理处", "人民参与和促进法治处", "律师工作处"}},
    {"国网河南省电力公司", {"营销服务中心", "农电工作部"}},
};
constexpr std::string_view city_units[] = {
    "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源和规划局",
    "生态环境局", "住房和城乡建设局", "城市管理局", "交通运输局", "水利局", "农业农村局", "商务局",
    "文化广电和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "发展和改革委员会", "工业和信息化局", "科学技术局",
    "信访局", "体育局",
};
constexpr std::string_view county_units[] = {
    "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局",
    "交通运输局", "水利局", "农业农村局", "卫生健康委员会", "市场监督管理局", "应急管理局",
    "退役军人事务局", "城市管理局", "发展和改革委员会",
};

// ---------------------------------------------------------------------------------------

class Generator {
 public:
  Generator(Scale scale, std::uint64_t seed, const ProgressFn& progress)
      : scale_(scale), rng_(seed ^ 0x6465'6D6F'2D64'6174ULL), progress_(progress), map_(build_map()) {}

  Dataset run() {
    mark_scope();
    regions_and_congresses();
    delegations();
    mandates();
    contacts();
    units();
    stations();
    station_deputies();
    pinyin();
    return std::move(data_);
  }

 private:
  // Which part of the map this scale covers: county — the 21 counties of 郑州 and 开封
  // without townships; city — 郑州 in full and 开封's counties; province — everything.
  void mark_scope() {
    for (auto& city : map_) {
      std::string_view code = city.source->code;
      bool listed = scale_ == Scale::province || code == "410100" || code == "410200";
      bool deep = scale_ == Scale::province || (scale_ == Scale::city && code == "410100");
      for (auto& c : city.counties) {
        c.emitted = listed;
        c.deep = listed && deep;
        if (c.emitted) {
          city.emitted.push_back(&c);
          city.emitted_weights.add(static_cast<std::uint32_t>(c.population / 1'000));
        }
      }
      city.populated = !city.emitted.empty();
    }
  }

  std::int64_t add_congress(const std::string& region, Level level, const std::string& name,
                            std::vector<TermRow> terms) {
    CongressRow row;
    row.id = static_cast<std::int64_t>(data_.congresses.size()) + 1;
    row.region_code = region;
    row.level = std::string(level_names[level]);
    row.name = name;
    row.terms = std::move(terms);
    data_.congresses.push_back(std::move(row));
    serving_by_congress_.emplace_back();
    return data_.congresses.back().id;
  }

  static TermRow current(Level level) {
    return {current_terms[level].number, std::string(current_terms[level].start), std::nullopt};
  }

  void regions_and_congresses() {
    std::string province(henan::province_code);
    data_.regions.push_back({province, std::string(henan::province_name), "province", std::nullopt});
    for (const auto& city : map_)
      data_.regions.push_back({std::string(city.source->code), city.name(), "city", province});
    for (const auto& city : map_)
      for (const auto& c : city.counties)
        if (c.emitted && !c.is_city_itself())
          data_.regions.push_back({c.code, c.name, "county", std::string(city.source->code)});
    for (const auto& city : map_)
      for (const auto& c : city.counties)
        if (c.deep)
          for (const auto& t : c.townships) data_.regions.push_back({t.code, t.name, "township", c.code});

    provincial_congress_ = add_congress(province, provincial_level, "河南省人民代表大会",
                                        {{13, "2018-01-25", "2023-01-12"}, current(provincial_level)});
    for (auto& city : map_)
      city.congress_id = add_congress(std::string(city.source->code), city_level,
                                      city.name() + "人民代表大会", {current(city_level)});
    for (auto& city : map_)
      for (auto& c : city.counties)
        if (c.emitted && !c.is_city_itself())
          c.congress_id = add_congress(c.code, county_level, c.name + "人民代表大会", {current(county_level)});
    for (auto& city : map_)
      for (auto& c : city.counties)
        if (c.deep)
          for (auto& t : c.townships)
            if (t.has_congress())
              t.congress_id = add_congress(t.code, township_level, c.name + t.name + "人民代表大会",
                                           {current(township_level)});
    // Deputies to the National People's Congress elected in Henan: the congress is national,
    // the region the province (one region, two levels).
    if (scale_ != Scale::county)
      national_congress_ = add_congress(province, national_level, "全国人民代表大会",
                                        {{13, "2018-03-05", "2023-03-04"}, current(national_level)});
  }

  std::int64_t add_delegation(std::int64_t congress, Level level, std::string name) {
    DelegationRow row{static_cast<std::int64_t>(data_.delegations.size()) + 1, congress,
                      current_terms[level].number, std::move(name)};
    data_.delegations.push_back(row);
    return row.id;
  }

  void delegations() {
    for (auto& city : map_) {
      if (!city.populated) continue;
      city.provincial_delegation = add_delegation(provincial_congress_, provincial_level, city.name() + "代表团");
      if (national_congress_)
        city.national_delegation = add_delegation(national_congress_, national_level, city.name() + "代表团");
      for (auto* c : city.emitted)
        if (!c->is_city_itself())
          c->city_delegation = add_delegation(city.congress_id, city_level, c->name + "代表团");
    }
  }

  // --- persons ----------------------------------------------------------------------------

  std::string township_name(const Locality& at) {
    if (at.township) return at.township->name;
    if (at.county->urban()) return names::subdistrict_stem(rng_) + "街道";
    return rng_.per_mille(300) ? std::string("城关镇") : names::place_stem(rng_) + "镇";
  }
  bool urban_place(const Locality& at) const {
    return at.township ? at.township->kind == TownKind::subdistrict : at.county->urban();
  }
  std::string village(const Locality& at) {
    return urban_place(at) ? names::community_stem(rng_) + "社区" : names::place_stem(rng_) + "村";
  }
  // "郑州市金水区", "济源市" (no county level), for addresses.
  std::string city_county(const Locality& at) const {
    return at.county->is_city_itself() ? at.city->name() : at.city->name() + at.county->name;
  }

  std::string fill(std::string_view pattern, Level level, const Locality& at) {
    std::string out;
    bool community = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] != '{' || i + 2 >= pattern.size()) {
        out += pattern[i];
        continue;
      }
      char key = pattern[i + 1];
      i += 2;  // past the key; the loop steps over '}'
      switch (key) {
        case 'Y': out += at.city->name(); break;
        case 'C': out += at.county->is_city_itself() ? at.city->name() : at.county->name; break;
        case 'T': out += township_name(at); break;
        case 'V': {
          // "{T}{V}社区党委书记" names a community even in the countryside.
          std::string v = pattern.substr(i + 1).starts_with("社区") ? names::community_stem(rng_) : village(at);
          community = v.ends_with("社区");
          out += v;
          break;
        }
        case 'P': {
          std::string place = level >= city_level ? std::string(at.city->source->short_name)
                              : at.county->is_city_itself() ? at.city->name()
                                                            : at.county->name;
          out += names::company(rng_, rng_.per_mille(700) ? place : "");
          break;
        }
        case 'O': out += rng_.pick(coop_words); break;
        case 'B': out += rng_.pick(bureaus); break;
        case 'U': out += rng_.pick(universities); break;
        case 'L':
          out += level >= city_level ? std::string(at.city->source->short_name) : at.county->name;
          out += rng_.pick(law_firms);
          break;
        case 'N': out += cn_number(static_cast<int>(rng_.between(1, 30))); break;
        default: out += key;
      }
    }
    // A town's village has a villagers' committee; a city's community a residents' one.
    if (community) {
      static constexpr std::pair<std::string_view, std::string_view> urban[] = {
          {"村委会主任", "居委会主任"}, {"村务监督", "居务监督"}, {"卫生室乡村医生", "卫生服务站医生"},
          {"村民", "居民"}, {"养殖户", "居民"}};
      for (auto [from, to] : urban)
        if (auto at_pos = out.rfind(from); at_pos != std::string::npos) out.replace(at_pos, from.size(), to);
    }
    return out;
  }

  std::string id_number(const std::string& county_code, sys_days birth, bool female) {
    std::string date = day_text(birth);  // "1972-04-19" → "19720419"
    std::erase(date, '-');
    for (;;) {
      int seq = static_cast<int>(rng_.between(0, 499)) * 2 + (female ? 0 : 1);
      std::string id = county_code.substr(0, 6) + date + three_digits(seq);
      id += names::id_check_digit(id);
      if (id_numbers_.insert(id).second) return id;
    }
  }

  std::string home_address(const Locality& at) {
    std::string out = std::string(henan::province_name) + city_county(at);
    auto number = [&](int lo, int hi) { return std::to_string(rng_.between(lo, hi)); };
    if (urban_place(at) || (!at.township && rng_.per_mille(500))) {
      if (at.township) out += at.township->name;
      out += names::street(rng_);
      out += number(1, 299) + "号";
      out += names::community_stem(rng_) + "小区";
      out += number(1, 30) + "号楼";
      out += number(1, 4) + "单元";
      out += number(1, 28);
      out += "0" + number(1, 4) + "室";
    } else {
      out += township_name(at);
      out += names::place_stem(rng_) + "村";
      out += cn_number(int(rng_.between(1, 12))) + "组";
      out += number(1, 120) + "号";
    }
    return out;
  }

  std::int64_t new_person(Level level, const Locality& at) {
    PersonRow p;
    p.id = static_cast<std::int64_t>(data_.persons.size()) + 1;
    bool female = rng_.per_mille(female_per_mille[level]);
    p.gender = female ? "female" : "male";
    names::PersonName name = names::person(rng_, female);
    p.name = name.full();
    person_names_.push_back(std::move(name));
    int span = (70 - youngest[level]) / 3;
    // The sum of three draws: ages bunch around the middle of the range. One draw a
    // statement: the operands of + are evaluated in no specified order.
    int age = youngest[level] + int(rng_.between(0, span));
    age += int(rng_.between(0, span));
    age += int(rng_.between(0, 70 - youngest[level] - 2 * span));
    int birth_year = 2025 - age;
    unsigned month = unsigned(rng_.between(1, 12));
    static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned d = unsigned(rng_.between(1, month_days[month - 1]));
    sys_days birth{year{birth_year} / month / d};
    p.birth_year = birth_year;
    bool hui = at.county->name.find("回族") != std::string::npos;
    p.ethnicity = names::ethnicity(rng_, hui);
    auto jobs = jobs_of(level);
    if (job_weights_[level].size() == 0)
      for (const auto& j : jobs) job_weights_[level].add(j.weight);
    const Job* picked = &jobs[job_weights_[level].pick(rng_)];
    while (!female && picked->pattern.find("妇联") != std::string_view::npos)  // women's federation
      picked = &jobs[job_weights_[level].pick(rng_)];
    const Job& job = *picked;
    p.occupation = fill(job.pattern, level, at);
    if (job.cpc) {
      p.party = "中共党员";
    } else {
      auto x = static_cast<std::uint32_t>(rng_.below(1000));
      for (const auto& party : parties_of(level)) {
        if (x < party.per_mille) {
          p.party = std::string(party.name);
          break;
        }
        x -= party.per_mille;
      }
    }
    PrivateRow secret;
    secret.person_id = p.id;
    secret.birth_date = day_text(birth);
    secret.id_number = id_number(at.county->code, birth, female);
    secret.mobile = names::mobile(rng_);
    secret.home_address = home_address(at);
    data_.persons.push_back(std::move(p));
    data_.privates.push_back(std::move(secret));
    return data_.persons.back().id;
  }

  // --- mandates ---------------------------------------------------------------------------

  struct Seat {
    Level level;
    std::int64_t congress_id;
    std::string region_code;
    std::optional<std::int64_t> delegation;
    std::string group;
    Locality at;
  };

  struct Placed {
    std::int64_t mandate_id;
    Level level;
    County* county;
    Township* township;
  };

  // A seat filled at the start of the term; when its deputy left early, a by-election fills
  // it most of the time. Returns the person serving at the end (0 when the seat is vacant).
  std::int64_t fill_seat(const Seat& seat, std::int64_t person_id) {
    sys_days start = parse_day(current_terms[seat.level].start);
    static const sys_days last_day = parse_day("2025-12-20");
    for (;;) {
      MandateRow m;
      m.id = static_cast<std::int64_t>(data_.mandates.size()) + 1;
      m.person_id = person_id;
      m.congress_id = seat.congress_id;
      m.term_number = current_terms[seat.level].number;
      m.level = std::string(level_names[seat.level]);
      m.region_code = seat.region_code;
      m.delegation_id = seat.delegation;
      m.deputy_group = seat.group;
      m.start_date = day_text(start);
      auto x = rng_.below(1000);
      m.status = x < 955 ? "serving" : x < 980 ? "resigned" : x < 995 ? "terminated" : "recalled";
      ++done_;
      if (progress_ && done_ % 2'048 == 0) progress_("generate", done_, expected_);
      if (m.status == "serving" || start + days{200} >= last_day) {
        m.status = "serving";
        data_.mandates.push_back(std::move(m));
        serving_by_congress_[seat.congress_id - 1].push_back(data_.mandates.back().id);
        placed_.push_back({data_.mandates.back().id, seat.level, seat.at.county, seat.at.township});
        return person_id;
      }
      auto span = (last_day - start).count() - 180;
      sys_days end = start + days{180 + rng_.between(0, span)};
      m.end_date = day_text(end);
      data_.mandates.push_back(std::move(m));
      if (!rng_.per_mille(700)) return 0;
      start = end + days{rng_.between(30, 150)};
      if (start >= last_day) return 0;
      person_id = new_person(seat.level, seat.at);
    }
  }

  // A person from `pool` with probability per_mille (removed from the pool), else none.
  std::optional<PoolEntry> reuse(std::vector<PoolEntry>& pool, int per_mille) {
    if (pool.empty() || !rng_.per_mille(per_mille)) return std::nullopt;
    std::size_t i = rng_.below(pool.size());
    PoolEntry e = pool[i];
    pool[i] = pool.back();
    pool.pop_back();
    return e;
  }

  void mandates() {
    for (const auto& city : map_) {
      if (!city.populated) continue;
      expected_ += city.seats + city.provincial + (national_congress_ ? city.national : 0);
      for (const auto* c : city.emitted) {
        expected_ += c->seats;
        if (c->deep)
          for (const auto& t : c->townships) expected_ += t.seats;
      }
    }
    // Township deputies.
    for (auto& city : map_)
      for (auto* c : city.emitted) {
        if (!c->deep) continue;
        for (auto& t : c->townships) {
          for (int i = 0; i < t.seats; ++i) {
            Locality at{&city, c, &t};
            Seat seat{township_level, t.congress_id, t.code, std::nullopt,
                      "第" + cn_number(i / 12 + 1) + "代表小组", at};
            std::int64_t person = fill_seat(seat, new_person(township_level, at));
            if (person) c->township_pool.push_back({person, c, &t});
          }
        }
      }
    // County deputies; some of them are township deputies as well.
    for (auto& city : map_)
      for (auto* c : city.emitted) {
        if (c->is_city_itself()) continue;
        for (int i = 0; i < c->seats; ++i) {
          Locality at{&city, c, nullptr};
          auto again = reuse(c->township_pool, 100);
          if (again) at.township = again->township;
          else if (c->deep) at.township = &c->townships[c->township_weights.pick(rng_)];
          Seat seat{county_level, c->congress_id, at.township ? at.township->code : c->code,
                    std::nullopt,
                    at.township ? at.township->name + "代表小组" : "第" + cn_number(i / 15 + 1) + "代表小组",
                    at};
          std::int64_t person = fill_seat(seat, again ? again->person_id : new_person(county_level, at));
          if (person) c->county_pool.push_back({person, c, at.township});
        }
      }
    // City deputies, elected by the county congresses (济源's by its townships).
    for (auto& city : map_) {
      if (!city.populated) continue;
      std::unordered_map<std::int64_t, int> in_delegation;
      for (int i = 0; i < city.seats; ++i) {
        County* c = city.emitted[city.emitted_weights.pick(rng_)];
        Locality at{&city, c, nullptr};
        std::optional<PoolEntry> again = c->is_city_itself() ? reuse(c->township_pool, 100)
                                                             : reuse(c->county_pool, 300);
        if (again) at.township = again->township;
        else if (c->is_city_itself()) at.township = &c->townships[c->township_weights.pick(rng_)];
        Seat seat{city_level, city.congress_id, c->code, std::nullopt, {}, at};
        if (c->is_city_itself()) {
          seat.region_code = at.township->code;
          seat.group = at.township->name + "代表小组";
        } else {
          seat.delegation = c->city_delegation;
          seat.group = c->name + "代表团第" + cn_number(in_delegation[c->city_delegation]++ / 15 + 1) + "小组";
        }
        std::int64_t person = fill_seat(seat, again ? again->person_id : new_person(city_level, at));
        if (person) city.city_pool.push_back({person, c, at.township});
      }
    }
    // Provincial deputies, elected by the city congresses, in a delegation per city.
    for (auto& city : map_) {
      if (!city.populated) continue;
      for (int i = 0; i < city.provincial; ++i) {
        auto again = reuse(city.city_pool, 300);
        County* c = again ? again->county : city.emitted[city.emitted_weights.pick(rng_)];
        Locality at{&city, c, again ? again->township : nullptr};
        Seat seat{provincial_level, provincial_congress_, c->code, city.provincial_delegation,
                  (c->is_city_itself() ? city.name() : c->name) + "代表小组", at};
        std::int64_t person = fill_seat(seat, again ? again->person_id : new_person(provincial_level, at));
        if (person) city.provincial_pool.push_back({person, c, at.township});
      }
    }
    // Deputies to the National People's Congress, elected by the provincial congress.
    if (national_congress_)
      for (auto& city : map_) {
        if (!city.populated) continue;
        for (int i = 0; i < city.national; ++i) {
          auto again = reuse(city.provincial_pool, 250);
          County* c = again ? again->county : city.emitted[city.emitted_weights.pick(rng_)];
          Locality at{&city, c, again ? again->township : nullptr};
          Seat seat{national_level, national_congress_, c->code, city.national_delegation, "", at};
          fill_seat(seat, again ? again->person_id : new_person(national_level, at));
        }
      }
    if (progress_) progress_("generate", done_, std::max(done_, expected_));
  }

  // Standing-committee members and the deputies each keeps contact with.
  void contacts() {
    for (const auto& congress : data_.congresses) {
      int members = congress.level == "provincial" ? 75 : congress.level == "city" ? 45
                    : congress.level == "county"   ? 28
                                                   : 0;
      auto serving = serving_by_congress_[congress.id - 1];
      if (!members || serving.size() < std::size_t(members) * 2) continue;
      rng_.shuffle(serving);
      for (std::size_t i = members; i < serving.size(); ++i)
        if (rng_.per_mille(600))
          data_.contacts.push_back({serving[rng_.below(members)], serving[i]});
    }
    std::sort(data_.contacts.begin(), data_.contacts.end(), [](const auto& a, const auto& b) {
      return std::tie(a.member_mandate_id, a.mandate_id) < std::tie(b.member_mandate_id, b.mandate_id);
    });
  }

  // --- units ------------------------------------------------------------------------------

  std::string office_phone(const City& city) {
    return std::string(city.source->area_code) + "-6" + std::to_string(rng_.between(1'000'000, 9'999'999));
  }

  std::int64_t add_unit(std::string name, std::int64_t congress, std::string_view kind,
                        std::string region, std::optional<std::int64_t> parent, const City& city) {
    UnitRow u;
    u.id = static_cast<std::int64_t>(data_.units.size()) + 1;
    u.name = std::move(name);
    u.congress_id = congress;
    u.kind = std::string(kind);
    u.region_code = std::move(region);
    u.parent_id = parent;
    u.contact_name = names::person(rng_, rng_.per_mille(400)).full();
    u.contact_phone = office_phone(city);
    data_.units.push_back(std::move(u));
    return data_.units.back().id;
  }

  void units() {
    std::string province(henan::province_code);
    const City& capital = map_.front();
    std::unordered_map<std::string_view, std::int64_t> ids;
    for (const auto& p : provincial_units)
      ids[p.name] = add_unit(std::string(p.name), provincial_congress_, p.kind, province, std::nullopt, capital);
    for (const auto& s : provincial_sections) {
      std::int64_t parent = ids.at(s.parent);
      for (auto child : s.children)
        add_unit(std::string(s.parent) + std::string(child), provincial_congress_, "government", province,
                 parent, capital);
    }
    for (const auto& city : map_) {
      if (!city.populated) continue;
      std::string code(city.source->code);
      for (auto name : city_units)
        add_unit(city.name() + std::string(name), city.congress_id, "government", code, std::nullopt, city);
      add_unit(city.name() + "中级人民法院", city.congress_id, "court", code, std::nullopt, city);
      add_unit(city.name() + "人民检察院", city.congress_id, "procuratorate", code, std::nullopt, city);
      add_unit("国网" + std::string(city.source->short_name) + "供电公司", city.congress_id, "other", code,
               std::nullopt, city);
      for (const auto* c : city.emitted) {
        if (!c->is_city_itself()) {
          for (auto name : county_units)
            add_unit(c->name + std::string(name), c->congress_id, "government", c->code, std::nullopt, city);
          add_unit(c->name + "人民法院", c->congress_id, "court", c->code, std::nullopt, city);
          add_unit(c->name + "人民检察院", c->congress_id, "procuratorate", c->code, std::nullopt, city);
        }
        if (!c->deep) continue;
        std::string prefix = c->is_city_itself() ? city.name() : c->name;
        std::int64_t above = c->is_city_itself() ? city.congress_id : c->congress_id;
        for (const auto& t : c->townships)
          add_unit(prefix + t.name + (t.has_congress() ? "人民政府" : "办事处"),
                   t.has_congress() ? t.congress_id : above, "township", t.code, std::nullopt, city);
      }
    }
  }

  // --- stations ---------------------------------------------------------------------------

  std::string schedule() {
    const auto& s = rng_.pick(schedules);
    ReceptionSchedule r;
    r.kind = s.weekly ? ReceptionSchedule::Kind::weekly : ReceptionSchedule::Kind::monthly;
    for (int d : s.days)
      if (d) r.days.push_back(d);
    return format_schedule(r);
  }

  std::int64_t add_station(std::string name, std::int64_t congress, std::string_view kind,
                           std::string region, std::string address, const City& city,
                           std::optional<std::pair<std::int64_t, std::int64_t>> near,
                           std::int64_t radius) {
    StationRow s;
    s.id = static_cast<std::int64_t>(data_.stations.size()) + 1;
    s.name = std::move(name);
    s.congress_id = congress;
    s.kind = std::string(kind);
    s.region_code = std::move(region);
    s.address = std::move(address);
    if (near) {
      s.latitude_micro = clamp_lat(near->first + rng_.between(-radius, radius));
      s.longitude_micro = clamp_lng(near->second + rng_.between(-radius, radius));
    }
    s.opening_hours = std::string(near ? rng_.pick(opening_hours) : rng_.pick(online_hours));
    s.reception_schedule = schedule();
    s.phone = office_phone(city);
    data_.stations.push_back(std::move(s));
    return data_.stations.back().id;
  }

  std::string street_address(const std::string& place) {
    std::string out = place + names::street(rng_);
    return out + std::to_string(rng_.between(1, 399)) + "号";
  }

  // A village or community of the township that has no station yet.
  std::string new_place(Township& t) {
    for (;;) {
      std::string v = t.kind == TownKind::subdistrict ? names::community_stem(rng_) + "社区"
                                                      : names::place_stem(rng_) + "村";
      if (t.used_places.insert(v).second || t.used_places.size() > 400) return v;
    }
  }

  void stations() {
    // The station the demo account keeper.jinshui keeps comes first, so that it is number 1.
    City& zhengzhou = map_.front();
    County& jinshui = zhengzhou.counties[3];
    std::int64_t first = add_station("金水区人大代表联络站", jinshui.congress_id, "station", jinshui.code,
                                     "河南省郑州市金水区经三路21号", zhengzhou,
                                     std::pair{jinshui.lat, jinshui.lng}, 5'000);
    jinshui.physical.push_back(first);
    for (auto& city : map_) {
      for (auto* c : city.emitted) {
        std::int64_t above = c->is_city_itself() ? city.congress_id : c->congress_id;
        std::string prefix = c->is_city_itself() ? city.name() : c->name;
        std::string where = std::string(henan::province_name) + (c->is_city_itself() ? city.name() : city.name() + c->name);
        std::pair centre{c->lat, c->lng};
        c->hub = add_station(prefix + "人大代表联络总站", above, "hub", c->code,
                             street_address(where), city, centre, 8'000);
        c->physical.push_back(c->hub);
        if (!c->deep) {
          std::unordered_set<std::string> used;
          for (int i = 0; i < c->shallow_stations; ++i) {
            bool home = i % 3 == 0;
            std::string place = unique_name(used, [&] {
              return c->urban() || rng_.per_mille(400) ? names::community_stem(rng_) + "社区"
                                                        : names::place_stem(rng_) + "村";
            });
            std::int64_t id = add_station(prefix + place + (home ? "人大代表之家" : "人大代表联络站"),
                                          above, home ? "home" : "station", c->code,
                                          where + place + (place.ends_with("村") ? "村委会" : "党群服务中心"),
                                          city, centre, c->urban() ? 40'000 : 150'000);
            c->physical.push_back(id);
          }
          for (int i = 0; i < c->shallow_online; ++i)
            c->online.push_back(add_station(prefix + (i ? names::community_stem(rng_) + "社区" : "") + "网上人大代表联络站",
                                            above, "online", c->code, "", city, std::nullopt, 0));
          continue;
        }
        for (auto& t : c->townships) {
          std::int64_t owner = t.has_congress() ? t.congress_id : above;
          std::pair tc{t.lat, t.lng};
          std::int64_t home = add_station(prefix + t.name + "人大代表之家", owner, "home", t.code,
                                          street_address(where + t.name), city, tc, 5'000);
          t.physical.push_back(home);
          for (int i = 0; i < t.stations; ++i) {
            std::string place = new_place(t);
            bool village = place.ends_with("村");
            t.physical.push_back(add_station(t.name + place + "人大代表联络站", owner, "station", t.code,
                                             where + t.name + place + (village ? "村委会" : "党群服务中心"),
                                             city, tc, village ? 40'000 : 15'000));
          }
          for (int i = 0; i < t.online; ++i) {
            std::string name = i == 0 ? prefix + t.name + "网上人大代表联络站"
                                      : t.name + new_place(t) + "网上人大代表联络站";
            t.online_stations.push_back(add_station(std::move(name), owner, "online", t.code, "", city,
                                                    std::nullopt, 0));
          }
          c->physical.insert(c->physical.end(), t.physical.begin(), t.physical.end());
        }
      }
    }
  }

  // Every serving deputy is assigned to a station where they live: township and county
  // deputies to one in their township, others to their county's hub or one of its stations;
  // online stations list some of their township's deputies.
  void station_deputies() {
    for (const auto& p : placed_) {
      std::int64_t station = 0;
      if (p.township && !p.township->physical.empty() && p.level <= county_level) {
        station = rng_.pick(p.township->physical);
        p.township->local_serving.push_back(p.mandate_id);
      } else if (p.level >= city_level && rng_.per_mille(500)) {
        station = p.county->hub;
      } else {
        station = rng_.pick(p.county->physical);
      }
      if (p.level <= county_level) p.county->local_serving.push_back(p.mandate_id);
      data_.station_deputies.push_back({station, p.mandate_id});
    }
    auto sample = [&](const std::vector<std::int64_t>& online, std::vector<std::int64_t> pool) {
      for (std::int64_t station : online) {
        rng_.shuffle(pool);
        for (std::size_t i = 0; i < pool.size() && i < 8; ++i) data_.station_deputies.push_back({station, pool[i]});
      }
    };
    for (auto& city : map_)
      for (auto* c : city.emitted) {
        sample(c->online, c->local_serving);
        for (auto& t : c->townships) sample(t.online_stations, t.local_serving);
      }
    std::sort(data_.station_deputies.begin(), data_.station_deputies.end(), [](const auto& a, const auto& b) {
      return std::tie(a.station_id, a.mandate_id) < std::tie(b.station_id, b.mandate_id);
    });
  }

  void pinyin() {
    names::PinyinCache cache;
    for (std::size_t i = 0; i < data_.persons.size(); ++i) {
      Pinyin p = cache(person_names_[i]);
      data_.persons[i].name_pinyin = std::move(p.full);
      data_.persons[i].name_initials = std::move(p.initials);
    }
    if (progress_) progress_("pinyin", data_.persons.size(), data_.persons.size());
  }

  Scale scale_;
  Rng rng_;
  ProgressFn progress_;
  std::vector<City> map_;
  Dataset data_;
  std::int64_t provincial_congress_ = 0, national_congress_ = 0;
  std::vector<std::vector<std::int64_t>> serving_by_congress_;
  std::vector<Placed> placed_;
  std::unordered_set<std::string> id_numbers_;
  std::vector<names::PersonName> person_names_;  // parallel to data_.persons
  Weighted job_weights_[5];
  std::size_t done_ = 0, expected_ = 0;
};

// Canonical text of rows: fields separated by 0x1F, rows ended by 0x1E, NULL as 0x18.
class Canon {
 public:
  Canon& operator<<(std::string_view s) {
    out_ += s;
    out_ += '\x1f';
    return *this;
  }
  Canon& operator<<(std::int64_t v) { return *this << std::string_view(std::to_string(v)); }
  template <class T>
  Canon& operator<<(const std::optional<T>& v) {
    if (v) return *this << *v;
    out_ += "\x18\x1f";
    return *this;
  }
  void end_row() { out_ += '\x1e'; }
  std::string take() { return std::exchange(out_, {}); }

 private:
  std::string out_;
};

}  // namespace

std::optional<Scale> parse_scale(std::string_view name) {
  if (name == "county") return Scale::county;
  if (name == "city") return Scale::city;
  if (name == "province") return Scale::province;
  return std::nullopt;
}

std::string_view scale_name(Scale scale) {
  switch (scale) {
    case Scale::county: return "county";
    case Scale::city: return "city";
    case Scale::province: return "province";
  }
  return "county";
}

Dataset generate(Scale scale, std::uint64_t seed, const ProgressFn& progress) {
  return Generator(scale, seed, progress).run();
}

std::string checksum(const Dataset& d) {
  std::string all;
  auto table = [&](std::string_view name, Canon& c) {
    all += std::string(name) + ":" + crypto::sha256_hex(c.take()) + "\n";
  };
  Canon c;
  for (const auto& r : d.regions) (c << r.code << r.name << r.level << r.parent_code).end_row();
  table("regions", c);
  for (const auto& r : d.congresses) {
    (c << r.id << r.region_code << r.level << r.name).end_row();
    for (const auto& t : r.terms) (c << r.id << t.number << t.start_date << t.end_date).end_row();
  }
  table("congresses", c);
  for (const auto& r : d.delegations) (c << r.id << r.congress_id << r.term_number << r.name).end_row();
  table("delegations", c);
  for (const auto& r : d.persons)
    (c << r.id << r.name << r.name_pinyin << r.name_initials << r.gender << r.birth_year << r.ethnicity
       << r.party << r.occupation)
        .end_row();
  table("persons", c);
  for (const auto& r : d.privates)
    (c << r.person_id << r.id_number << r.mobile << r.home_address << r.birth_date).end_row();
  table("person_private", c);
  for (const auto& r : d.mandates)
    (c << r.id << r.person_id << r.congress_id << r.term_number << r.level << r.region_code
       << r.delegation_id << r.deputy_group << r.status << r.start_date << r.end_date)
        .end_row();
  table("mandates", c);
  for (const auto& r : d.contacts) (c << r.member_mandate_id << r.mandate_id).end_row();
  table("committee_contacts", c);
  for (const auto& r : d.units)
    (c << r.id << r.name << r.congress_id << r.kind << r.region_code << r.parent_id << r.contact_name
       << r.contact_phone)
        .end_row();
  table("units", c);
  for (const auto& r : d.stations)
    (c << r.id << r.name << r.congress_id << r.kind << r.region_code << r.address << r.latitude_micro
       << r.longitude_micro << r.opening_hours << r.reception_schedule << r.phone)
        .end_row();
  table("stations", c);
  for (const auto& r : d.station_deputies) (c << r.station_id << r.mandate_id).end_row();
  table("station_deputies", c);
  return crypto::sha256_hex(all);
}

}  // namespace huying::demo
