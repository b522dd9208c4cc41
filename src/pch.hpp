// Precompiled for every translation unit of huying_core: the standard library and the
// JSON/logging headers nearly all of them use. Beast and SOCI stay out on purpose:
// only the few files that need them pay for them.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
