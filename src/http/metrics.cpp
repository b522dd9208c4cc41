#include "http/metrics.hpp"

#include <fmt/format.h>

namespace huying::http {

std::string prometheus_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < buckets.size(); ++i)
    if (seconds <= buckets[i]) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render() const {
  std::string out;
  out += "# HELP huying_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE huying_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("huying_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       prometheus_label(method), prometheus_label(route), status, count);
  }
  out += "# HELP huying_http_request_duration_seconds Time from a complete request to its answer.\n";
  out += "# TYPE huying_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string label = prometheus_label(route);
    for (std::size_t i = 0; i < buckets.size(); ++i)
      out += fmt::format("huying_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         label, buckets[i], h.counts[i]);
    out += fmt::format("huying_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       label, h.count);
    out += fmt::format("huying_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label, h.sum);
    out += fmt::format("huying_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label,
                       h.count);
  }
  out += "# HELP huying_http_requests_in_flight Requests being handled now.\n";
  out += "# TYPE huying_http_requests_in_flight gauge\n";
  out += fmt::format("huying_http_requests_in_flight {}\n", in_flight_.load());
  return out;
}

}  // namespace huying::http
