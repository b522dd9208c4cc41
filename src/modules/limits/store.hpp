#pragma once
#include <cstdint>
#include <string>

namespace soci {
class session;
}

namespace huying::limits::store {

// Adds a hit to `bucket` in the window starting at `window_start_ms` (a new window starts
// from zero) and returns the hits in that window.
std::int64_t add_hit(soci::session& tx, const std::string& bucket, std::int64_t window_start_ms);

}  // namespace huying::limits::store
