#pragma once
// Optional values as the API writes them: ids as strings, instants as ISO-8601, absent as null.
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace huying::http {

inline boost::json::value json_id(const std::optional<std::int64_t>& id) {
  return id ? boost::json::value(std::to_string(*id)) : nullptr;
}
inline boost::json::value json_text(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : nullptr;
}
inline boost::json::value json_time(const std::optional<TimePoint>& t) {
  return t ? boost::json::value(format_iso8601(*t)) : nullptr;
}
// Instants the stores keep as epoch milliseconds.
inline boost::json::value json_time_ms(const std::optional<std::int64_t>& ms) {
  return ms ? boost::json::value(format_iso8601(from_epoch_ms(*ms))) : nullptr;
}

}  // namespace huying::http
