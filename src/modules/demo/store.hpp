#pragma once
// The demo dataset's SQL: bulk inserts (multi-row INSERTs of a few hundred rows, every
// value bound) of a generated dataset into an empty registry, inside the caller's
// transaction, with the rows' own ids.
#include <cstdint>

#include "db/database.hpp"
#include "modules/demo/dataset.hpp"
#include "modules/demo/generator.hpp"
#include "modules/demo/opinions.hpp"

namespace soci {
class session;
}

namespace huying::demo::store {

// True when there are no regions and no persons: the demo writes its own ids from 1.
bool registry_empty(soci::session& s);
// Refreshes the planner's statistics after a bulk load.
void analyze(soci::session& tx);
void write(soci::session& tx, db::Engine engine, const Dataset& data, std::int64_t now_ms,
           const ProgressFn& progress);

struct OpinionCounts {
  std::size_t receptions = 0, attendees = 0, opinions = 0, events = 0;
};
// The receptions, then the opinions with their timelines as the generator makes them (after
// write(): they refer to its stations, mandates and units).
OpinionCounts write_opinions(soci::session& tx, db::Engine engine, OpinionGenerator& opinions, std::int64_t now_ms,
                             const ProgressFn& progress);

}  // namespace huying::demo::store
