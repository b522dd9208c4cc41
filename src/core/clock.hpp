#pragma once
// The one clock every part of Huying reads the time from.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace huying {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// For tests only: reads the current instant (ISO-8601) from a file on every call, so that
// black-box tests of deadlines move time by rewriting the file instead of sleeping.
class FileClock final : public Clock {
 public:
  explicit FileClock(std::filesystem::path path);
  TimePoint now() const override;

 private:
  std::filesystem::path path_;
};

std::unique_ptr<Clock> make_clock(const std::string& clock_file);

// "2026-11-26T17:23:00.123Z"
std::string format_iso8601(TimePoint t);
// Accepts "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or "+hh:mm"/"-hh:mm".
std::optional<TimePoint> parse_iso8601(std::string_view text);

inline std::int64_t to_epoch_ms(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint from_epoch_ms(std::int64_t ms) { return TimePoint{std::chrono::milliseconds{ms}}; }

}  // namespace huying
