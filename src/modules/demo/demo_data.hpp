#pragma once
// The demo dataset: Henan province (河南省, 410000), its 18 city-level regions and some
// counties with their real GB/T 2260 codes, their congresses, two handling units, a liaison
// station, and one demo account per role (password demo_password, listed in the README).
#include "core/caller.hpp"
#include "modules/accounts/service.hpp"
#include "modules/regions/service.hpp"
#include "modules/registry/service.hpp"

namespace huying::demo {

inline constexpr std::string_view demo_password = "Huying@Demo2026";

struct LoadResult {
  bool loaded = false;  // false: the registry already had data, nothing was changed
  std::size_t regions = 0;
  std::size_t congresses = 0;
  std::size_t users = 0;
};

LoadResult load(regions::Service& regions, registry::Service& registry,
                accounts::Service& accounts, const Caller& caller);

}  // namespace huying::demo
