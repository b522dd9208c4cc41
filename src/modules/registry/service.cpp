#include "modules/registry/service.hpp"

#include <boost/json.hpp>

#include "core/policy.hpp"
#include "modules/registry/store.hpp"

namespace huying::registry {

namespace {

policy::Action view_action(Kind k) {
  return k == Kind::unit ? policy::Action::unit_view : policy::Action::station_view;
}
policy::Action manage_action(Kind k) {
  return k == Kind::unit ? policy::Action::unit_manage : policy::Action::station_manage;
}
const char* noun(Kind k) { return k == Kind::unit ? "unit" : "station"; }

policy::Scope scope_of(Kind k, const Place& p) {
  policy::Scope s{p.congress_id};
  (k == Kind::unit ? s.unit_id : s.station_id) = p.id;
  return s;
}

}  // namespace

Page<Place> Service::list(const Caller& caller, Kind kind, const PageRequest& page) {
  auto scope = policy::list_scope(caller.principal, view_action(kind));
  auto lease = db_.read();
  return {store::list(*lease, kind, scope, page), store::count(*lease, kind, scope), page};
}

Place Service::get(const Caller& caller, Kind kind, std::int64_t id) {
  policy::require_authenticated(caller.principal);
  auto place = find(kind, id);
  std::string what = std::string("such ") + noun(kind);
  if (!place) throw Error::not_found("There is no " + what + ".");
  policy::enforce(caller.principal, view_action(kind), scope_of(kind, *place), what);
  return *place;
}

Place Service::create(const Caller& caller, Kind kind, const NewPlace& input, Validator v) {
  policy::require_authenticated(caller.principal);
  std::optional<std::int64_t> congress = input.congress_id;
  if (!congress)
    for (const auto& g : caller.principal.grants)
      if (g.role == roles::staff && g.scope_id) congress = g.scope_id;
  if (!v.has_field("/congress_id")) {
    if (!congress)
      v.field("/congress_id", "This field is required.");
    else if (!congress_exists_(*congress))
      v.field("/congress_id", "There is no congress with this id.");
  }
  if (!congress || v.has_field("/congress_id")) v.throw_if_any();
  std::string grant = policy::enforce(caller.principal, manage_action(kind), {congress},
                                      "such congress");
  v.throw_if_any();
  Place place{0, input.name, *congress, true, 1};
  db_.write([&](soci::session& tx) {
    place.id = store::insert(tx, kind, place, to_epoch_ms(clock_.now()));
    audit_.record(tx, caller,
                  {std::string(noun(kind)) + ".create", noun(kind), std::to_string(place.id),
                   {{"name", place.name}, {"congress_id", place.congress_id}}, grant,
                   place.congress_id});
  });
  return place;
}

std::optional<Place> Service::find(Kind kind, std::int64_t id) {
  auto lease = db_.read();
  return store::find(*lease, kind, id);
}

}  // namespace huying::registry
