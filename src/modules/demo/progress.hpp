#pragma once
// Progress of a long demo load on stderr: a redrawn bar (phase, percent, rows) when stderr is
// a terminal, otherwise a plain line when a phase ends and now and then while it runs.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace huying::demo {

class ProgressReport {
 public:
  explicit ProgressReport(std::FILE* out = stderr);
  ProgressReport(const ProgressReport&) = delete;
  ProgressReport& operator=(const ProgressReport&) = delete;
  ~ProgressReport();

  void operator()(std::string_view phase, std::size_t done, std::size_t total);
  // Ends the bar's line, so that what is printed next starts on its own.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::FILE* out_;
  bool terminal_;
  std::string phase_, finished_;
  Clock::time_point started_, phase_started_, last_draw_;
  bool drawn_ = false;
};

}  // namespace huying::demo
