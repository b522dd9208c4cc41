#pragma once
// Page requests and pages of results, the same for every list in the API.
#include <cstdint>
#include <vector>

namespace huying {

struct PageRequest {
  static constexpr int max_page_size = 200;
  int page = 1;
  int page_size = 50;
  std::int64_t offset() const { return std::int64_t(page - 1) * page_size; }
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
  PageRequest request;
};

}  // namespace huying
