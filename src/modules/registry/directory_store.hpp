#pragma once
// SQL of the directory: deputies (mandates with persons) and stations.
#include <optional>
#include <vector>

#include "core/paging.hpp"
#include "core/policy.hpp"
#include "modules/registry/directory.hpp"

namespace soci {
class session;
}

namespace huying::registry::directory_store {

// Search terms as the service prepared them: index ranges, never raw text in SQL.
struct Search {
  std::optional<std::string> region_from, region_to;  // region_code range
  std::optional<std::string> pinyin_from, pinyin_to;  // name_pinyin / name_initials range
  bool initials_too = false;                          // Latin query: initials match as well
  std::optional<std::string> name_like;               // Chinese query: name LIKE 'q%'
  std::vector<std::int64_t> congress_ids;             // staff scope; empty = no limit
  bool scoped = false;
  bool by_name() const { return pinyin_from || name_like; }
};

std::vector<DeputyCard> cards(soci::session& s, const DeputyFilter& f, const Search& q,
                              const PageRequest& page);
std::int64_t count_cards(soci::session& s, const DeputyFilter& f, const Search& q);
std::optional<DeputyRecord> record(soci::session& s, std::int64_t mandate_id);
std::optional<DeputyPrivate> private_fields(soci::session& s, std::int64_t person_id);
std::vector<DeputyRecord> records(soci::session& s, const DeputyFilter& f, const Search& q,
                                  std::int64_t limit, std::int64_t offset);
std::vector<DeputyCard> mandates_of_person(soci::session& s, std::int64_t person_id);
std::vector<DeputyCard> deputies_of_station(soci::session& s, std::int64_t station_id);
std::vector<StationCard> stations_of_mandate(soci::session& s, std::int64_t mandate_id);
bool update_mandate(soci::session& tx, std::int64_t mandate_id, const DeputyRecord& changed,
                    std::int64_t expected_version, std::int64_t now_ms);

std::vector<StationCard> station_cards(soci::session& s, const StationFilter& f,
                                       const std::optional<std::string>& region_from,
                                       const std::optional<std::string>& region_to,
                                       const PageRequest& page);
std::int64_t count_stations(soci::session& s, const StationFilter& f,
                            const std::optional<std::string>& region_from,
                            const std::optional<std::string>& region_to);
std::vector<StationCard> stations_in_cells(soci::session& s, const std::vector<std::int64_t>& cells,
                                           const StationFilter& f,
                                           const std::optional<std::string>& region_from,
                                           const std::optional<std::string>& region_to);
// Every station with coordinates (for points far from all of them).
std::vector<StationCard> placed_stations(soci::session& s, const StationFilter& f,
                                         const std::optional<std::string>& region_from,
                                         const std::optional<std::string>& region_to);
std::optional<StationCard> station(soci::session& s, std::int64_t id);

}  // namespace huying::registry::directory_store
