#pragma once
// The demo dataset: Henan province (河南省, 410000), its 18 city-level regions and some
// counties with their real GB/T 2260 codes, and the congresses of those regions.
#include "core/caller.hpp"
#include "modules/regions/service.hpp"

namespace huying::demo {

struct LoadResult {
  bool loaded = false;  // false: the registry already had data, nothing was changed
  std::size_t regions = 0;
  std::size_t congresses = 0;
};

LoadResult load(regions::Service& regions, const Caller& caller);

}  // namespace huying::demo
