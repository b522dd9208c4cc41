#include "modules/demo/progress.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace huying::demo {

namespace {

// 1234567 → "1,234,567"
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

ProgressReport::ProgressReport(std::FILE* out)
    : out_(out), terminal_(isatty(fileno(out)) == 1), started_(Clock::now()) {}

ProgressReport::~ProgressReport() { finish(); }

void ProgressReport::operator()(std::string_view phase, std::size_t done, std::size_t total) {
  auto now = Clock::now();
  bool fresh = phase != phase_;
  if (fresh) {
    phase_ = std::string(phase);
    phase_started_ = now;
  }
  bool complete = total > 0 && done >= total;
  if (complete && phase_ == finished_) return;
  if (complete) finished_ = phase_;
  double seconds = std::chrono::duration<double>(now - started_).count();
  int percent = total ? static_cast<int>(std::min<std::size_t>(100, done * 100 / total)) : 100;
  if (terminal_) {
    if (!fresh && !complete && now - last_draw_ < std::chrono::milliseconds(100)) return;
    constexpr int width = 30;
    int filled = percent * width / 100;
    std::string bar;
    for (int i = 0; i < width; ++i) bar += i < filled ? "█" : "░";
    fmt::print(out_, "\r\033[K  {:<18} {} {:>3}%  {:>9} / {:<9} {:6.1f} s", phase_, bar, percent,
               grouped(done), grouped(total), seconds);
    if (complete) fmt::print(out_, "\n");
    drawn_ = !complete;
    std::fflush(out_);
    last_draw_ = now;
    return;
  }
  // Not a terminal (a log, CI): a line at the end of each phase, and every 5 s meanwhile.
  if (complete) {
    fmt::print(out_, "huying: demo-data: {} done, {} rows ({:.1f} s)\n", phase_, grouped(done), seconds);
  } else if (now - std::max(last_draw_, phase_started_) >= std::chrono::seconds(5)) {
    fmt::print(out_, "huying: demo-data: {} {}% ({} / {})\n", phase_, percent, grouped(done), grouped(total));
    last_draw_ = now;
  } else {
    return;
  }
  std::fflush(out_);
}

void ProgressReport::finish() {
  if (terminal_ && drawn_) {
    fmt::print(out_, "\n");
    std::fflush(out_);
  }
  drawn_ = false;
}

}  // namespace huying::demo
