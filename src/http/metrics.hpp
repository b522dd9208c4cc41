#pragma once
// Prometheus metrics of the HTTP edge: requests by route and status, a latency histogram
// by route, and requests in flight. Rendered in the text exposition format.
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace huying::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void enter() { ++in_flight_; }
  void leave() { --in_flight_; }
  std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, buckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::atomic<int> in_flight_{0};
};

// Escapes a label value for the exposition format.
std::string prometheus_label(std::string_view value);

}  // namespace huying::http
