#include "modules/limits/service.hpp"

#include "core/error.hpp"
#include "modules/limits/store.hpp"

namespace huying::limits {

void Service::hit(const Rule& rule, const std::string& key) {
  db_.write([&](soci::session& tx) { hit(tx, rule, key); });
}

void Service::hit(soci::session& tx, const Rule& rule, const std::string& key) {
  std::int64_t now = to_epoch_ms(clock_.now());
  std::int64_t window = rule.window.count();
  std::int64_t window_start = now - now % window;
  std::int64_t hits = store::add_hit(tx, rule.name + ":" + key, window_start);
  if (hits <= rule.max_hits) return;
  std::int64_t retry_after_s = (window_start + window - now + 999) / 1000;
  Error e(429, "rate_limited", "Too Many Requests",
          "Too many requests; try again in " + std::to_string(retry_after_s) + " seconds.");
  e.with_header("Retry-After", std::to_string(retry_after_s));
  throw e;
}

}  // namespace huying::limits
