#include "core/log.hpp"

#include <boost/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"

namespace huying::log {

void setup(spdlog::level::level_enum level) {
  auto logger = spdlog::stderr_logger_mt("huying");
  logger->set_pattern("%v");
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);  // tests and operators read lines as they come
  spdlog::set_default_logger(logger);
}

void event(spdlog::level::level_enum level, std::string_view name, boost::json::object fields) {
  if (!spdlog::should_log(level)) return;
  boost::json::object line;
  // Log lines carry the real time even when tests move the domain clock (FileClock).
  line["ts"] = format_iso8601(SystemClock().now());
  line["level"] = std::string(spdlog::level::to_string_view(level).data(),
                              spdlog::level::to_string_view(level).size());
  line["event"] = name;
  for (auto& [key, value] : fields) line[key] = std::move(value);
  spdlog::log(level, "{}", boost::json::serialize(line));
}

}  // namespace huying::log
