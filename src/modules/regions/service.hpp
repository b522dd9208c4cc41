#pragma once
// Rules of the region registry and the congresses: who may change what, and which
// regions may sit under which.
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/paging.hpp"
#include "db/database.hpp"
#include "modules/audit/service.hpp"
#include "modules/regions/model.hpp"
#include "modules/regions/store.hpp"

namespace huying::regions {

struct NewRegion {
  std::string code;
  std::string name;
  std::string level;
  std::optional<std::string> parent_code;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Children of `parent` (the roots when absent); 404 when the parent does not exist.
  Page<Region> children(const std::optional<std::string>& parent, store::Order order,
                        const PageRequest& page);
  RegionDetail get(const std::string& code);
  // `input_errors` holds what parsing the request already found, so that one 422 lists
  // every bad field.
  Region create(const Caller& caller, const NewRegion& input, Validator input_errors = {});
  // Optimistic concurrency: 409 when `expected_version` is not the stored one.
  Region rename(const Caller& caller, const std::string& code, const std::string& name,
                std::int64_t expected_version);
  Page<Congress> congresses(const std::optional<std::string>& region, const PageRequest& page);

  // For other services (naming a grant's scope); congresses are public.
  std::optional<Congress> find_congress(std::int64_t id);

 private:
  // Throws 422 when the region breaks a registry rule, 409 when its code exists.
  void check_new_region(soci::session& tx, const NewRegion& input, Validator& v);

  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
};

}  // namespace huying::regions
