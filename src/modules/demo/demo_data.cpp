#include "modules/demo/demo_data.hpp"

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

}  // namespace

LoadResult load(regions::Service& regions, const Caller& caller) {
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
  return {true, places.size(), congresses.size()};
}

}  // namespace huying::demo
