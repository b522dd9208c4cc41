#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "core/policy.hpp"
#include "modules/audit/service.hpp"

namespace soci {
class session;
}

namespace huying::audit::store {

void insert(soci::session& tx, const Row& row);
std::vector<Row> select(soci::session& s, const policy::ListScope& scope, const Filter& filter,
                        std::int64_t limit, std::int64_t offset);
std::int64_t count(soci::session& s, const policy::ListScope& scope, const Filter& filter);

}  // namespace huying::audit::store
