#pragma once
// A short-lived cache of anonymous GET answers under a path prefix (the public directory):
// citizens' searches repeat, and the data changes rarely. An entry is dropped when the data
// changes on this node (a ChangeCounter moves) and after its time to live otherwise, which
// bounds how stale another node's answers can be.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/change_counter.hpp"
#include "http/middleware.hpp"

namespace huying::http {

class ResponseCache {
 public:
  struct Options {
    std::string path_prefix;
    std::chrono::milliseconds ttl{5000};
    std::size_t max_entries = 20'000;
  };
  // `variant` adds to the key what the answers depend on beyond the URL (today's date).
  ResponseCache(Options options, const ChangeCounter& changes, std::function<std::string()> variant)
      : options_(std::move(options)), changes_(changes), variant_(std::move(variant)) {}

  Middleware middleware();

 private:
  struct Entry {
    Response response;
    std::string route;
    std::uint64_t generation;
    std::chrono::steady_clock::time_point expires;
  };
  Options options_;
  const ChangeCounter& changes_;
  std::function<std::string()> variant_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace huying::http
