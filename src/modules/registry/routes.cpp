// HTTP face of units and stations.
#include "modules/registry/routes.hpp"

#include <boost/json.hpp>

#include "http/json_body.hpp"
#include "http/query.hpp"
#include "modules/export/xlsx.hpp"
#include "modules/regions/model.hpp"

namespace huying::registry {

namespace {

using http::Request;
using http::Response;

// The fields a station adds to a place; read for stations only.
StationDetails read_station_details(http::BodyReader& body) {
  StationDetails d;
  d.kind = body.text("kind", false, 20).value_or("station");
  d.region_code = body.text("region_code", false, 9).value_or("");
  d.address = body.text("address", false, 200).value_or("");
  d.opening_hours = body.text("opening_hours", false, 100).value_or("");
  d.reception_schedule = body.text("reception_schedule", false, 100).value_or("");
  d.phone = body.text("phone", false, 30).value_or("");
  d.latitude = body.number("latitude");
  d.longitude = body.number("longitude");
  return d;
}

UnitDetails read_unit_details(http::BodyReader& body) {
  UnitDetails d;
  d.kind = body.text("kind", false, 20).value_or("government");
  d.region_code = body.text("region_code", false, 9).value_or("");
  d.contact_name = body.text("contact_name", false, 50).value_or("");
  d.contact_phone = body.text("contact_phone", false, 30).value_or("");
  d.parent_id = body.id("parent_id", false);
  return d;
}

PlaceFilter read_filter(const Request& req, Validator& v, Kind kind) {
  PlaceFilter f;
  if (auto q = req.query_param("q")) f.q = q;
  if (auto region = req.query_param("region")) {
    if (!regions::is_region_code(*region))
      v.parameter("region", "Must be a 6-digit GB/T 2260 code or a 9-digit township code.");
    else
      f.region = region;
  }
  if (auto k = req.query_param("kind")) {
    const auto& kinds = kind == Kind::unit ? unit_kinds : station_kinds;
    if (std::find(kinds.begin(), kinds.end(), *k) == kinds.end())
      v.parameter("kind", "Not a kind of " + std::string(kind == Kind::unit ? "unit." : "station."));
    else
      f.kind = k;
  }
  if (auto a = req.query_param("active")) {
    if (*a != "true" && *a != "false")
      v.parameter("active", "Must be true or false.");
    else
      f.active = *a == "true";
  }
  return f;
}

// The fields each kind accepts on create and edit.
std::initializer_list<std::string_view> fields_of(Kind kind, bool edit) {
  static const std::initializer_list<std::string_view> station_create{
      "name", "congress_id", "kind", "region_code", "address", "latitude", "longitude",
      "opening_hours", "reception_schedule", "phone"};
  static const std::initializer_list<std::string_view> station_edit{
      "name", "active", "kind", "region_code", "address", "latitude", "longitude",
      "opening_hours", "reception_schedule", "phone"};
  static const std::initializer_list<std::string_view> unit_create{
      "name", "congress_id", "kind", "region_code", "contact_name", "contact_phone", "parent_id"};
  static const std::initializer_list<std::string_view> unit_edit{
      "name", "active", "kind", "region_code", "contact_name", "contact_phone", "parent_id"};
  if (kind == Kind::station) return edit ? station_edit : station_create;
  return edit ? unit_edit : unit_create;
}

boost::json::object place_json(const Place& p) {
  boost::json::object o{{"id", std::to_string(p.id)},
                        {"name", p.name},
                        {"congress_id", std::to_string(p.congress_id)},
                        {"active", p.active},
                        {"version", p.version}};
  if (const auto& u = p.unit) {
    o["kind"] = u->kind;
    o["region_code"] = u->region_code;
    o["contact_name"] = u->contact_name;
    o["contact_phone"] = u->contact_phone;
    o["parent_id"] = u->parent_id ? boost::json::value(std::to_string(*u->parent_id)) : nullptr;
  }
  if (const auto& d = p.station) {
    o["kind"] = d->kind;
    o["region_code"] = d->region_code;
    o["address"] = d->address;
    o["latitude"] = d->latitude ? boost::json::value(*d->latitude) : nullptr;
    o["longitude"] = d->longitude ? boost::json::value(*d->longitude) : nullptr;
    o["opening_hours"] = d->opening_hours;
    o["reception_schedule"] = d->reception_schedule;
    o["phone"] = d->phone;
  }
  return o;
}

void add_kind(http::Router& router, Service& service, Kind kind, const std::string& collection,
              const std::string& noun) {
  std::string base = "/api/v1/" + collection;
  router.add({"GET", base,
              [&service, kind](Request& req) {
                Validator v;
                PlaceFilter filter = read_filter(req, v, kind);
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                return Response::json(
                    200, http::page_json(service.list(req.caller(), kind, filter, page), place_json));
              },
              0, "The " + collection + " the caller may see, filtered"});
  router.add({"GET", base + "/export",
              [&service, kind, collection](Request& req) {
                Validator v;
                PlaceFilter filter = read_filter(req, v, kind);
                v.throw_if_any();
                Response res;
                res.body = service.export_xlsx(req.caller(), kind, filter);
                res.set_header("Content-Type", std::string(xlsx::content_type));
                res.set_header("Content-Disposition", "attachment; filename=\"" + collection + ".xlsx\"");
                return res;
              },
              0, "The " + collection + " as an .xlsx workbook"});
  router.add({"GET", base + "/{id}",
              [&service, kind, noun](Request& req) {
                auto id = http::path_id(req, "id", "such " + noun);
                return Response::json(200, place_json(service.get(req.caller(), kind, id)));
              },
              0, "One " + noun});
  router.add({"POST", base,
              [&service, kind](Request& req) {
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only(fields_of(kind, false));
                NewPlace input;
                input.name = body.text("name", true, 100).value_or("");
                input.congress_id = body.id("congress_id", false);
                if (kind == Kind::station) input.station = read_station_details(body);
                if (kind == Kind::unit) input.unit = read_unit_details(body);
                Place created = service.create(req.caller(), kind, input, body.validator());
                return Response::json(201, place_json(created));
              },
              0, "Register a " + noun + " (staff of its congress)"});
  router.add({"PATCH", base + "/{id}",
              [&service, kind, noun](Request& req) {
                auto id = http::path_id(req, "id", "such " + noun);
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only(fields_of(kind, true));
                NewPlace input;
                input.name = body.text("name", true, 100).value_or("");
                input.active = body.boolean("active");
                if (kind == Kind::station) input.station = read_station_details(body);
                if (kind == Kind::unit) input.unit = read_unit_details(body);
                auto version = http::read_if_match(req);
                Place updated = service.update(req.caller(), kind, id, input, version, body.validator());
                Response res = Response::json(200, place_json(updated));
                http::set_etag(res, updated.version);
                return res;
              },
              0, "Replace a " + noun + "'s name and details, or deactivate it (staff; If-Match)"});
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  add_kind(router, service, Kind::unit, "units", "unit");
  add_kind(router, service, Kind::station, "stations", "station");
}

}  // namespace huying::registry
