#include "modules/registry/service.hpp"

#include <boost/json.hpp>

#include "core/geo.hpp"
#include "core/policy.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"
#include "modules/export/xlsx.hpp"
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

Page<Place> Service::list(const Caller& caller, Kind kind, const PlaceFilter& filter,
                          const PageRequest& page) {
  auto scope = policy::list_scope(caller.principal, view_action(kind));
  auto lease = db_.read();
  // Station keepers refer citizens' opinions to the units of their station's congress.
  if (kind == Kind::unit)
    for (const auto& g : caller.principal.grants)
      if (g.role == roles::station_keeper && g.scope_id)
        if (auto station = store::find(*lease, Kind::station, *g.scope_id))
          scope.congress_ids.push_back(station->congress_id);
  return {store::list(*lease, kind, scope, filter, page.page_size, page.offset()),
          store::count(*lease, kind, scope, filter), page};
}

std::string Service::export_xlsx(const Caller& caller, Kind kind, const PlaceFilter& filter) {
  auto scope = policy::list_scope(caller.principal, view_action(kind));
  std::vector<Place> places;
  {
    auto lease = db_.read();
    places = store::list(*lease, kind, scope, filter, 100'000, 0);
  }
  xlsx::Sheet sheet;
  if (kind == Kind::unit) {
    sheet = {"units", {"编号", "名称", "类别", "人民代表大会编号", "区划代码", "上级单位", "联系人", "联系电话", "状态"}, {},
             {8, 30, 12, 10, 12, 10, 12, 16, 8}};
    for (const auto& p : places) {
      const auto& u = *p.unit;
      sheet.rows.push_back({std::to_string(p.id), p.name, u.kind, std::to_string(p.congress_id), u.region_code,
                            u.parent_id ? std::to_string(*u.parent_id) : "", u.contact_name, u.contact_phone,
                            p.active ? "在用" : "停用"});
    }
  } else {
    sheet = {"stations", {"编号", "名称", "类型", "人民代表大会编号", "区划代码", "地址", "纬度", "经度", "开放时间", "接待日", "电话", "状态"}, {},
             {8, 30, 10, 10, 12, 36, 10, 10, 18, 14, 16, 8}};
    for (const auto& p : places) {
      const auto& d = *p.station;
      auto coordinate = [](const std::optional<double>& v) { return v ? fmt::format("{:.6f}", *v) : std::string(); };
      sheet.rows.push_back({std::to_string(p.id), p.name, d.kind, std::to_string(p.congress_id), d.region_code,
                            d.address, coordinate(d.latitude), coordinate(d.longitude), d.opening_hours,
                            d.reception_schedule, d.phone, p.active ? "在用" : "停用"});
    }
  }
  return xlsx::workbook(sheet);
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
    else if (!congress_region_(*congress))
      v.field("/congress_id", "There is no congress with this id.");
  }
  if (!congress || v.has_field("/congress_id")) v.throw_if_any();
  std::string grant = policy::enforce(caller.principal, manage_action(kind), {congress},
                                      "such congress");
  check_details(v, kind, input, *congress);
  v.throw_if_any();
  Place place{0, input.name, *congress, true, 1};
  db_.write([&](soci::session& tx) {
    place.id = store::insert(tx, kind, place, to_epoch_ms(clock_.now()));
    if (kind == Kind::station) store::set_station_details(tx, place.id, input.station);
    if (kind == Kind::unit) store::set_unit_details(tx, place.id, input.unit);
    audit_.record(tx, caller,
                  {std::string(noun(kind)) + ".create", noun(kind), std::to_string(place.id),
                   {{"name", place.name}, {"congress_id", place.congress_id}}, grant,
                   place.congress_id});
  });
  changes_.bump();
  return *find(kind, place.id);
}

void Service::check_details(Validator& v, Kind kind, const NewPlace& input, std::int64_t congress_id) {
  auto congress_region = congress_region_(congress_id);
  std::string prefix = region_prefix(congress_region.value_or(""));
  auto check_region = [&](const std::string& code) {
    if (code.empty()) return;
    auto lease = db_.read();
    if (!store::region_exists(*lease, code))
      v.field("/region_code", "There is no region with this code.");
    else if (!code.starts_with(prefix))
      v.field("/region_code", "Must lie within the congress's region (" + congress_region.value_or("") + ").");
  };
  if (kind == Kind::unit) {
    const auto& d = input.unit;
    if (std::find(unit_kinds.begin(), unit_kinds.end(), d.kind) == unit_kinds.end())
      v.field("/kind", "Must be one of: government, court, procuratorate, township, other.");
    check_region(d.region_code);
    if (d.parent_id && !find(Kind::unit, *d.parent_id)) v.field("/parent_id", "There is no such unit.");
    return;
  }
  const auto& d = input.station;
  if (std::find(station_kinds.begin(), station_kinds.end(), d.kind) == station_kinds.end())
    v.field("/kind", "Must be one of: home, station, hub, online.");
  check_region(d.region_code);
  if (d.latitude.has_value() != d.longitude.has_value())
    v.field(d.latitude ? "/longitude" : "/latitude", "Give both coordinates or neither.");
  else if (d.latitude && !geo::valid(*d.latitude, *d.longitude))
    v.field("/latitude", "Must be a latitude from -90 to 90 with a longitude from -180 to 180.");
  if (!d.reception_schedule.empty() && !parse_schedule(d.reception_schedule))
    v.field("/reception_schedule", "Must be like weekly:1,4 (Monday = 1) or monthly:9,19.");
}

Place Service::update(const Caller& caller, Kind kind, std::int64_t id, const NewPlace& input,
                      std::int64_t expected_version, Validator v) {
  policy::require_authenticated(caller.principal);
  auto current = find(kind, id);
  std::string what = std::string("such ") + noun(kind);
  if (!current) throw Error::not_found("There is no " + what + ".");
  std::string grant = policy::enforce(caller.principal, manage_action(kind), scope_of(kind, *current), what);
  check_details(v, kind, input, current->congress_id);
  if (kind == Kind::unit && input.unit.parent_id == id) v.field("/parent_id", "A unit cannot be its own parent.");
  v.throw_if_any();
  db_.write([&](soci::session& tx) {
    if (!store::update(tx, kind, id, input.name, input.active, expected_version))
      throw Error::conflict("version_conflict", "The " + std::string(noun(kind)) +
                                                    " was changed by someone else. Reload it and apply your change again.");
    boost::json::object changes{{"name", input.name}};
    if (input.active) changes["active"] = *input.active;
    if (kind == Kind::station) {
      store::set_station_details(tx, id, input.station);
      const auto& d = input.station;
      changes["kind"] = d.kind;
      changes["region_code"] = d.region_code;
      changes["address"] = d.address;
      changes["reception_schedule"] = d.reception_schedule;
    } else {
      store::set_unit_details(tx, id, input.unit);
      changes["kind"] = input.unit.kind;
      changes["region_code"] = input.unit.region_code;
      changes["contact_name"] = input.unit.contact_name;
    }
    audit_.record(tx, caller, {std::string(noun(kind)) + ".update", noun(kind), std::to_string(id),
                               changes, grant, current->congress_id});
  });
  changes_.bump();
  return *find(kind, id);
}

std::optional<Place> Service::find(Kind kind, std::int64_t id) {
  auto lease = db_.read();
  return store::find(*lease, kind, id);
}

}  // namespace huying::registry
