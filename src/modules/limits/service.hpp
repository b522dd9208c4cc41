#pragma once
// Rate limits: fixed-window counters kept in the database, so that every node sharing a
// PostgreSQL database counts the same hits. Over the limit: 429 with Retry-After.
#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "db/database.hpp"

namespace huying::limits {

struct Rule {
  std::string name;  // "login-address"
  int max_hits = 0;
  std::chrono::milliseconds window{0};
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Counts one hit for `key` under `rule`; throws 429 "rate_limited" when over the limit.
  void hit(const Rule& rule, const std::string& key);
  // The same inside the caller's transaction: a refused request's hit is rolled back with it.
  void hit(soci::session& tx, const Rule& rule, const std::string& key);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace huying::limits
