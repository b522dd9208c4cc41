#include "core/clock.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace huying {

using namespace std::chrono;

TimePoint SystemClock::now() const { return time_point_cast<milliseconds>(system_clock::now()); }

FileClock::FileClock(std::filesystem::path path) : path_(std::move(path)) {}

TimePoint FileClock::now() const {
  std::ifstream in(path_);
  std::string text;
  std::getline(in, text);
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
  if (auto t = parse_iso8601(text)) return *t;
  throw std::runtime_error("clock file " + path_.string() + " does not hold an ISO-8601 instant");
}

std::unique_ptr<Clock> make_clock(const std::string& clock_file) {
  if (clock_file.empty()) return std::make_unique<SystemClock>();
  return std::make_unique<FileClock>(clock_file);
}

std::string format_iso8601(TimePoint t) {
  auto days = floor<std::chrono::days>(t);
  year_month_day ymd{days};
  hh_mm_ss hms{t - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

namespace {

// Reads exactly `width` digits at `pos`.
bool read_digits(std::string_view s, std::size_t& pos, int width, int& out) {
  if (pos + width > s.size()) return false;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + width, out);
  if (ec != std::errc{} || end != s.data() + pos + width) return false;
  pos += width;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<TimePoint> parse_iso8601(std::string_view s) {
  std::size_t pos = 0;
  int y, mo, d, h, mi, sec = 0, ms = 0;
  if (!read_digits(s, pos, 4, y) || !expect(s, pos, '-') || !read_digits(s, pos, 2, mo) ||
      !expect(s, pos, '-') || !read_digits(s, pos, 2, d) || !expect(s, pos, 'T') ||
      !read_digits(s, pos, 2, h) || !expect(s, pos, ':') || !read_digits(s, pos, 2, mi))
    return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_digits(s, pos, 2, sec)) return std::nullopt;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int digits = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 3) ms = ms * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 3; ++digits) ms *= 10;
    }
  }
  minutes offset{0};
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!read_digits(s, pos, 2, oh) || !expect(s, pos, ':') || !read_digits(s, pos, 2, om))
      return std::nullopt;
    offset = minutes{sign * (oh * 60 + om)};
  } else {
    return std::nullopt;  // an instant without a zone is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return TimePoint{sys_days{ymd}.time_since_epoch() + hours{h} + minutes{mi} + seconds{sec} +
                   milliseconds{ms} - offset};
}

}  // namespace huying
