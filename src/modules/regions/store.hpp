#pragma once
// SQL of regions and congresses; nothing else.
#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "db/database.hpp"
#include "modules/regions/model.hpp"

namespace huying::regions::store {

enum class Order { code_asc, code_desc, name_asc, name_desc };

std::vector<Region> children(soci::session& s, db::Engine engine,
                             const std::optional<std::string>& parent, Order order,
                             const PageRequest& page);
std::int64_t count_children(soci::session& s, const std::optional<std::string>& parent);
std::optional<Region> find(soci::session& s, const std::string& code);
void insert(soci::session& tx, const Region& region, std::int64_t now_ms);
// Renames when the stored version equals `expected_version`; false otherwise.
bool rename(soci::session& tx, const std::string& code, const std::string& name,
            std::int64_t expected_version, std::int64_t now_ms);

std::vector<Congress> congresses(soci::session& s, const std::optional<std::string>& region,
                                 const PageRequest& page);
std::int64_t count_congresses(soci::session& s, const std::optional<std::string>& region);
std::optional<Congress> find_congress(soci::session& s, std::int64_t id);

}  // namespace huying::regions::store
