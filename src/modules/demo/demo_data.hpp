#pragma once
// The demo dataset: Henan province (河南省, 410000) and its 18 city-level regions with their
// real GB/T 2260 codes, and — by scale — the counties of 郑州 and 开封 (county), 郑州 down to
// its townships (city), or the whole province (province): congresses, deputies at five
// levels, committee contacts, handling units and liaison stations, made up from a seed; plus
// one demo account per role (password demo_password, listed in the README).
#include <cstdint>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "modules/accounts/service.hpp"
#include "modules/demo/generator.hpp"

namespace huying::demo {

inline constexpr std::string_view demo_password = "Huying@Demo2026";

struct Options {
  Scale scale = Scale::county;
  std::uint64_t seed = 1;
  ProgressFn progress;
};

struct Counts {
  std::size_t regions = 0, congresses = 0, delegations = 0, persons = 0, mandates = 0,
              serving = 0, contacts = 0, units = 0, stations = 0, online_stations = 0,
              station_deputies = 0, users = 0, suggestions = 0;
  // Citizens' opinions of the year before the load (not part of the checksum: they depend
  // on the clock), their timeline steps, reception days.
  std::size_t opinions = 0, opinion_events = 0, receptions = 0;
  std::size_t by_level[5] = {};  // serving mandates: national, provincial, city, county, township
};

struct LoadResult {
  bool loaded = false;  // false: the registry already had data, nothing was changed
  Counts counts;
  std::string checksum;
  double generate_seconds = 0, write_seconds = 0, opinions_seconds = 0, accounts_seconds = 0;
};

Counts count(const Dataset& data);

LoadResult load(db::Database& db, const Clock& clock, accounts::Service& accounts, const Caller& caller,
                const Options& options);

}  // namespace huying::demo
