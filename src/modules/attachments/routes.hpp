#pragma once
#include <functional>

#include "core/caller.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "modules/attachments/service.hpp"

namespace huying::attachments {

// Throws (404) unless the caller may see the record owning an attachment; the owner's
// module decides.
using MaySee = std::function<void(const Caller& caller, const std::string& owner_type, std::int64_t owner_id)>;

void add_routes(http::Router& router, db::Database& db, const Service& service, MaySee may_see);

}  // namespace huying::attachments
