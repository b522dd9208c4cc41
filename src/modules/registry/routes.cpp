// HTTP face of units and stations.
#include "modules/registry/routes.hpp"

#include <boost/json.hpp>

#include "http/json_body.hpp"
#include "http/query.hpp"

namespace huying::registry {

namespace {

using http::Request;
using http::Response;

boost::json::object place_json(const Place& p) {
  return {{"id", std::to_string(p.id)},
          {"name", p.name},
          {"congress_id", std::to_string(p.congress_id)},
          {"active", p.active},
          {"version", p.version}};
}

void add_kind(http::Router& router, Service& service, Kind kind, const std::string& collection,
              const std::string& noun) {
  std::string base = "/api/v1/" + collection;
  router.add({"GET", base,
              [&service, kind](Request& req) {
                Validator v;
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                return Response::json(
                    200, http::page_json(service.list(req.caller(), kind, page), place_json));
              },
              0, "The " + collection + " the caller may see"});
  router.add({"GET", base + "/{id}",
              [&service, kind, noun](Request& req) {
                auto id = http::path_id(req, "id", "such " + noun);
                return Response::json(200, place_json(service.get(req.caller(), kind, id)));
              },
              0, "One " + noun});
  router.add({"POST", base,
              [&service, kind](Request& req) {
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"name", "congress_id"});
                NewPlace input;
                input.name = body.text("name", true, 100).value_or("");
                input.congress_id = body.id("congress_id", false);
                Place created = service.create(req.caller(), kind, input, body.validator());
                return Response::json(201, place_json(created));
              },
              0, "Register a " + noun + " (staff of its congress)"});
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  add_kind(router, service, Kind::unit, "units", "unit");
  add_kind(router, service, Kind::station, "stations", "station");
}

}  // namespace huying::registry
