#pragma once
// A year of citizens' opinions (群众意见, docs/opinions.md) for the demo dataset: the twelve
// months before the load's clock, spread over the stations by their deputies and over the
// channels and categories, each driven through the states the service would have taken it
// (accepted, answered on the spot, referred to a unit, replied, rated; some rejected with
// guidance, some still open or overdue), with their timeline. Plus a few hundred reception
// days with their deputies on duty. Deterministic for a seed, a dataset and a clock: every
// draw comes from the demo's own RNG, tracking codes included (a stream of their own, so
// that the n-th opinion's code depends on the seed alone).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/calendar.hpp"
#include "modules/demo/dataset.hpp"

namespace huying::demo {

// How many opinions a scale has: county 5,000, city 50,000, province 1,000,000.
std::size_t opinion_count(Scale scale);

class OpinionGenerator {
 public:
  // `calendar`: the working days as stored (calendar::Service::load); an opinion whose
  // deadlines fall in a year it does not know is written closed, without deadlines.
  // `count` overrides opinion_count(scale) (tests).
  OpinionGenerator(const Dataset& data, Scale scale, std::uint64_t seed, std::int64_t now_ms,
                   calendar::WorkingCalendar calendar, std::optional<std::size_t> count = std::nullopt);
  ~OpinionGenerator();
  OpinionGenerator(const OpinionGenerator&) = delete;
  OpinionGenerator& operator=(const OpinionGenerator&) = delete;

  // The reception days (ids from 1), ready once the generator is made.
  const std::vector<ReceptionRow>& receptions() const;
  std::size_t size() const;  // opinions that run() yields

  // Makes the opinions in id order (ids from 1, oldest first) and hands each to `sink`
  // (the row is reused: copy what is kept). Runs once.
  void run(const std::function<void(const OpinionRow&)>& sink);

  // After run(): opinions written closed because the calendar lacked a year.
  std::size_t calendar_fallbacks() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace huying::demo
