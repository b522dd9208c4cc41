#pragma once
// Regions (行政区划) and congresses (人民代表大会) with their terms (届).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huying::regions {

// Levels from the top: a child is always at a deeper level than its parent (a county may
// sit directly under a province: 省直辖县级行政区划).
inline const std::vector<std::string> region_levels{"province", "city", "county", "township"};
inline const std::vector<std::string> congress_levels{"national", "provincial", "city", "county",
                                                      "township"};

struct Region {
  std::string code;
  std::string name;
  std::string level;
  std::optional<std::string> parent_code;
  bool has_children = false;
  std::int64_t version = 1;
};

struct RegionRef {
  std::string code;
  std::string name;
};

struct RegionDetail {
  Region region;
  std::vector<RegionRef> path;  // ancestors, root first
};

struct Session {
  std::int64_t number = 0;
  std::string start_date;
  std::optional<std::string> end_date;
};

struct Term {
  std::int64_t number = 0;
  std::string start_date;                // YYYY-MM-DD
  std::optional<std::string> end_date;   // open while the term runs
  std::vector<Session> sessions;         // 第N次会议
};

struct Congress {
  std::int64_t id = 0;
  std::string region_code;
  std::string level;
  std::string name;
  std::vector<Term> terms;
};

// "第十四届" for 14: terms are named in Chinese numerals.
std::string term_name(std::int64_t number);
// "第三次会议" for 3.
std::string session_name(std::int64_t number);
// Whether a code is a GB/T 2260 code (6 digits) or a township code (9 digits).
bool is_region_code(std::string_view code);
int level_rank(std::string_view level);  // -1 when unknown

}  // namespace huying::regions
