#include "modules/demo/demo_data.hpp"

#include "core/crypto.hpp"

namespace huying::demo {

namespace {

struct Place {
  const char* code;
  const char* name;
};

constexpr Place province{"410000", "河南省"};

// GB/T 2260: the 17 prefecture-level cities and 济源, a county-level city directly under the
// province (省直辖县级行政区划) that the province counts among its 18 cities.
constexpr Place cities[] = {
    {"410100", "郑州市"}, {"410200", "开封市"},   {"410300", "洛阳市"}, {"410400", "平顶山市"},
    {"410500", "安阳市"}, {"410600", "鹤壁市"},   {"410700", "新乡市"}, {"410800", "焦作市"},
    {"410900", "濮阳市"}, {"411000", "许昌市"},   {"411100", "漯河市"}, {"411200", "三门峡市"},
    {"411300", "南阳市"}, {"411400", "商丘市"},   {"411500", "信阳市"}, {"411600", "周口市"},
    {"411700", "驻马店市"}, {"419001", "济源市"},
};

struct County {
  const char* parent;
  const char* code;
  const char* name;
};

constexpr County counties[] = {
    {"410100", "410102", "中原区"}, {"410100", "410103", "二七区"},
    {"410100", "410104", "管城回族区"}, {"410100", "410105", "金水区"},
    {"410100", "410106", "上街区"}, {"410100", "410108", "惠济区"},
    {"410100", "410122", "中牟县"}, {"410100", "410181", "巩义市"},
    {"410100", "410182", "荥阳市"}, {"410100", "410183", "新密市"},
    {"410100", "410184", "新郑市"}, {"410100", "410185", "登封市"},
    {"410200", "410202", "龙亭区"}, {"410200", "410203", "顺河回族区"},
    {"410200", "410204", "鼓楼区"}, {"410200", "410205", "禹王台区"},
    {"410200", "410212", "祥符区"}, {"410200", "410221", "杞县"},
    {"410200", "410222", "通许县"}, {"410200", "410223", "尉氏县"},
    {"410200", "410225", "兰考县"},
};

std::string congress_name(const char* region_name) {
  return std::string(region_name) + "人民代表大会";
}

std::int64_t congress_of(regions::Service& regions, const std::string& region_code) {
  auto page = regions.congresses(region_code, {1, 1});
  if (page.items.empty()) throw std::runtime_error("no congress for region " + region_code);
  return page.items.front().id;
}

struct DemoUser {
  const char* username;
  const char* display_name;
  const char* role;
  const char* region;  // the congress of this region owns the account
  const char* scope;   // "congress", "unit:N" (1-based, in the order created), "station:N"
};

// One account per role; 中原区 and 金水区 staff show that counties do not see each other.
constexpr DemoUser demo_users[] = {
    {"admin", "系统管理员", "admin", nullptr, nullptr},
    {"staff.henan", "王晓燕（省人大代表工委）", "staff", "410000", "congress"},
    {"staff.zhongyuan", "李建国（中原区人大）", "staff", "410102", "congress"},
    {"staff.jinshui", "赵丽（金水区人大）", "staff", "410105", "congress"},
    {"leader.henan", "陈志强（省人大常委会）", "leader", "410000", "congress"},
    {"committee.henan", "刘芳（教科文卫委）", "committee_member", "410000", "congress"},
    {"deputy.henan", "张伟（省人大代表）", "deputy", "410000", "congress"},
    {"deputy.zhengzhou", "杨秀英（市人大代表）", "deputy", "410100", "congress"},
    {"handler.edu", "孙明（省教育厅）", "unit_handler", "410000", "unit:1"},
    {"head.edu", "周涛（省教育厅负责人）", "unit_head", "410000", "unit:1"},
    {"handler.health", "吴静（省卫健委）", "unit_handler", "410000", "unit:2"},
    {"keeper.jinshui", "郑磊（金水区联络站）", "station_keeper", "410105", "station:1"},
};

}  // namespace

LoadResult load(regions::Service& regions, registry::Service& registry,
                accounts::Service& accounts, const Caller& caller) {
  if (!regions.registry_empty()) return {};
  std::vector<regions::NewRegion> places;
  std::vector<regions::NewCongress> congresses;
  // Provincial and city congresses were elected in early 2023 (5-year terms); county and
  // township congresses in 2021–22 (the seed's 176,006 county and township deputies).
  places.push_back({province.code, province.name, "province", std::nullopt});
  congresses.push_back({province.code, "provincial", congress_name(province.name),
                        {{13, "2018-01-25", "2023-01-12"}, {14, "2023-01-13", std::nullopt}}});
  for (const auto& city : cities) {
    places.push_back({city.code, city.name, "city", std::string(province.code)});
    congresses.push_back({city.code, "city", congress_name(city.name),
                          {{16, "2022-12-20", std::nullopt}}});
  }
  for (const auto& county : counties) {
    places.push_back({county.code, county.name, "county", std::string(county.parent)});
    congresses.push_back({county.code, "county", congress_name(county.name),
                          {{17, "2021-12-01", std::nullopt}}});
  }
  regions.load(caller, places, congresses);

  std::int64_t province_congress = congress_of(regions, province.code);
  std::vector<std::int64_t> units, stations;
  for (const char* name : {"河南省教育厅", "河南省卫生健康委员会"})
    units.push_back(registry.create(caller, registry::Kind::unit, {name, province_congress}).id);
  stations.push_back(registry
                         .create(caller, registry::Kind::station,
                                 {"金水区人大代表联络站", congress_of(regions, "410105")})
                         .id);

  std::string hash = crypto::hash_password(demo_password);
  for (const auto& u : demo_users) {
    accounts::NewUser input;
    input.username = u.username;
    input.display_name = u.display_name;
    input.password_hash = hash;
    Grant grant{0, u.role, "", std::nullopt};
    if (u.region) input.congress_id = congress_of(regions, u.region);
    std::string scope = u.scope ? u.scope : "";
    if (scope == "congress") grant.scope_id = input.congress_id;
    if (scope.starts_with("unit:")) grant.scope_id = units.at(std::stoi(scope.substr(5)) - 1);
    if (scope.starts_with("station:")) grant.scope_id = stations.at(std::stoi(scope.substr(8)) - 1);
    input.grants = {grant};
    accounts.create_user(caller, input);
  }
  return {true, places.size(), congresses.size(), std::size(demo_users)};
}

}  // namespace huying::demo
