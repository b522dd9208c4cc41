#include "http/response_cache.hpp"

namespace huying::http {

Middleware ResponseCache::middleware() {
  return [this](Request& req, const Handler& next) {
    bool cacheable = (req.method == "GET" || req.method == "HEAD") &&
                     req.path.starts_with(options_.path_prefix) && !req.header("Authorization") &&
                     !req.header("Cookie");
    if (!cacheable) return next(req);
    std::string key = variant_() + " " + req.target;
    auto now = std::chrono::steady_clock::now();
    std::uint64_t generation = changes_.value();
    {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end()) {
        if (it->second.generation == generation && now < it->second.expires) {
          req.route = it->second.route;
          return it->second.response;
        }
        entries_.erase(it);
      }
    }
    Response res = next(req);
    if (res.status == 200) {
      std::lock_guard lock(mutex_);
      // Crude but bounded: a full cache starts over rather than tracking recency.
      if (entries_.size() >= options_.max_entries) entries_.clear();
      entries_[key] = {res, req.route, generation, now + options_.ttl};
    }
    return res;
  };
}

}  // namespace huying::http
