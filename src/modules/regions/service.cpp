#include "modules/regions/service.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/policy.hpp"

namespace huying::regions {

namespace {

Error region_not_found(const std::string& code) {
  return Error::not_found("There is no region with code " + code + ".");
}

}  // namespace

Page<Region> Service::children(const std::optional<std::string>& parent, store::Order order,
                               const PageRequest& page) {
  auto lease = db_.read();
  if (parent && !store::find(*lease, *parent)) throw region_not_found(*parent);
  return {store::children(*lease, db_.engine(), parent, order, page),
          store::count_children(*lease, parent), page};
}

RegionDetail Service::get(const std::string& code) {
  auto lease = db_.read();
  auto region = store::find(*lease, code);
  if (!region) throw region_not_found(code);
  RegionDetail detail{*region, {}};
  std::optional<std::string> next = region->parent_code;
  // The hierarchy is at most four levels deep; the bound also stops a corrupt cycle.
  for (int depth = 0; next && depth < 8; ++depth) {
    auto ancestor = store::find(*lease, *next);
    if (!ancestor) break;
    detail.path.insert(detail.path.begin(), {ancestor->code, ancestor->name});
    next = ancestor->parent_code;
  }
  return detail;
}

void Service::check_new_region(soci::session& tx, const NewRegion& input, Validator& v) {
  if (!v.has_field("/code") && !is_region_code(input.code))
    v.field("/code", "Must be a 6-digit GB/T 2260 code or a 9-digit township code.");
  if (!v.has_field("/level") && level_rank(input.level) < 0)
    v.field("/level", "Must be one of: province, city, county, township.");
  if (v.has_field("/parent_code")) {
  } else if (input.parent_code) {
    auto parent = store::find(tx, *input.parent_code);
    if (!parent)
      v.field("/parent_code", "There is no region with this code.");
    else if (level_rank(input.level) >= 0 && level_rank(parent->level) >= level_rank(input.level))
      v.field("/level", "Must be below the parent's level (" + parent->level + ").");
  } else if (input.level != "province" && level_rank(input.level) >= 0) {
    v.field("/parent_code", "Only a province may have no parent.");
  }
  if (input.level == "township" && is_region_code(input.code) && input.code.size() != 9)
    v.field("/code", "A township's code has 9 digits.");
  v.throw_if_any();
  if (store::find(tx, input.code))
    throw Error::conflict("region_exists", "A region with code " + input.code + " exists.");
}

Region Service::create(const Caller& caller, const NewRegion& input, Validator input_errors) {
  std::string grant =
      policy::enforce(caller.principal, policy::Action::region_manage, {}, "such region");
  db_.write([&](soci::session& tx) {
    check_new_region(tx, input, input_errors);
    store::insert(tx, {input.code, input.name, input.level, input.parent_code, false, 1},
                  to_epoch_ms(clock_.now()));
    audit_.record(tx, caller,
                  {"region.create", "region", input.code,
                   {{"name", input.name},
                    {"level", input.level},
                    {"parent_code", input.parent_code ? boost::json::value(*input.parent_code)
                                                      : nullptr}},
                   grant});
  });
  return get(input.code).region;
}

Region Service::rename(const Caller& caller, const std::string& code, const std::string& name,
                       std::int64_t expected_version) {
  std::string grant =
      policy::enforce(caller.principal, policy::Action::region_manage, {}, "such region");
  db_.write([&](soci::session& tx) {
    auto current = store::find(tx, code);
    if (!current) throw region_not_found(code);
    if (!store::rename(tx, code, name, expected_version, to_epoch_ms(clock_.now())))
      throw Error::conflict("version_conflict",
                            "The region was changed by someone else (now version " +
                                std::to_string(current->version) +
                                "). Reload it and apply your change again.");
    audit_.record(tx, caller,
                  {"region.rename", "region", code,
                   {{"name", {{"from", current->name}, {"to", name}}}},
                   grant});
  });
  return get(code).region;
}

Page<Congress> Service::congresses(const std::optional<std::string>& region,
                                   const PageRequest& page) {
  auto lease = db_.read();
  if (region && !store::find(*lease, *region)) throw region_not_found(*region);
  return {store::congresses(*lease, region, page), store::count_congresses(*lease, region), page};
}

std::optional<Congress> Service::find_congress(std::int64_t id) {
  auto lease = db_.read();
  return store::find_congress(*lease, id);
}

}  // namespace huying::regions
