#pragma once
// Counts changes to a body of data, so that caches of it know when they are stale.
#include <atomic>
#include <cstdint>

namespace huying {

class ChangeCounter {
 public:
  void bump() { value_.fetch_add(1, std::memory_order_release); }
  std::uint64_t value() const { return value_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

}  // namespace huying
