#include "modules/limits/store.hpp"

#include <soci/soci.h>

namespace huying::limits::store {

std::int64_t add_hit(soci::session& tx, const std::string& bucket, std::int64_t window_start_ms) {
  long long window = window_start_ms, hits = 0;
  tx << "INSERT INTO rate_limits (bucket, window_start_ms, hits) VALUES (:b, :w, 1) "
        "ON CONFLICT (bucket) DO UPDATE SET "
        "hits = CASE WHEN rate_limits.window_start_ms = excluded.window_start_ms "
        "THEN rate_limits.hits + 1 ELSE 1 END, "
        "window_start_ms = excluded.window_start_ms RETURNING hits",
      soci::use(bucket), soci::use(window), soci::into(hits);
  return hits;
}

}  // namespace huying::limits::store
