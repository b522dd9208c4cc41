#pragma once
#include <optional>
#include <vector>

#include "core/paging.hpp"
#include "core/policy.hpp"
#include "modules/registry/service.hpp"

namespace huying::registry::store {

std::vector<Place> list(soci::session& s, Kind kind, const policy::ListScope& scope,
                        const PlaceFilter& filter, std::int64_t limit, std::int64_t offset);
std::int64_t count(soci::session& s, Kind kind, const policy::ListScope& scope,
                   const PlaceFilter& filter);
std::optional<Place> find(soci::session& s, Kind kind, std::int64_t id);
std::int64_t insert(soci::session& tx, Kind kind, const Place& place, std::int64_t now_ms);
void set_station_details(soci::session& tx, std::int64_t id, const StationDetails& details);
void set_unit_details(soci::session& tx, std::int64_t id, const UnitDetails& details);
// Renames (and sets `active` when given) if `expected_version` is current.
bool update(soci::session& tx, Kind kind, std::int64_t id, const std::string& name,
            std::optional<bool> active, std::int64_t expected_version);
bool region_exists(soci::session& s, const std::string& code);

}  // namespace huying::registry::store
