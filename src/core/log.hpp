#pragma once
// Structured logs: one JSON object a line on stderr (spdlog is the sink, set up by main).
// Every part of the program logs through these so that operators can parse every line.
#include <boost/json/object.hpp>
#include <spdlog/common.h>

#include <string_view>

namespace huying::log {

void setup(spdlog::level::level_enum level);
void event(spdlog::level::level_enum level, std::string_view name, boost::json::object fields = {});

inline void info(std::string_view name, boost::json::object fields = {}) {
  event(spdlog::level::info, name, std::move(fields));
}
inline void warn(std::string_view name, boost::json::object fields = {}) {
  event(spdlog::level::warn, name, std::move(fields));
}
inline void error(std::string_view name, boost::json::object fields = {}) {
  event(spdlog::level::err, name, std::move(fields));
}

}  // namespace huying::log
