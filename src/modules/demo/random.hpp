#pragma once
// The demo generator's own random numbers: xoshiro256** seeded through splitmix64, with
// integer-only helpers. std:: distributions are not used on purpose: their output differs
// between standard libraries, and a seed must give the same dataset everywhere.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

namespace huying::demo {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }

  std::uint64_t next() {
    std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. Lemire's multiply-and-reject: no modulo bias.
  std::uint64_t below(std::uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }
  // Uniform in [lo, hi], both included.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  // True with probability per_mille / 1000.
  bool per_mille(int per_mille) { return below(1000) < static_cast<std::uint64_t>(per_mille); }
  // Uniform in [0, 1), 53 bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // A uniformly chosen element of an array, span or vector.
  template <class Items>
  const auto& pick(const Items& items) {
    return items[below(std::size(items))];
  }
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// A choice among items by integer weights (binary search over the running sums).
class Weighted {
 public:
  Weighted() = default;
  explicit Weighted(std::span<const std::uint32_t> weights) {
    std::uint64_t sum = 0;
    for (auto w : weights) cumulative_.push_back(sum += w);
  }
  void add(std::uint32_t weight) {
    cumulative_.push_back((cumulative_.empty() ? 0 : cumulative_.back()) + weight);
  }
  std::size_t pick(Rng& rng) const {
    std::uint64_t x = rng.below(cumulative_.back());
    std::size_t lo = 0, hi = cumulative_.size() - 1;
    while (lo < hi) {
      std::size_t mid = (lo + hi) / 2;
      if (cumulative_[mid] > x)
        hi = mid;
      else
        lo = mid + 1;
    }
    return lo;
  }
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<std::uint64_t> cumulative_;
};

}  // namespace huying::demo
