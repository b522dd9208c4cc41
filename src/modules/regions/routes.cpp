// HTTP face of the region registry: parse and validate input, call the service, shape JSON.
#include "modules/regions/routes.hpp"

#include <boost/json.hpp>

#include "http/json_body.hpp"
#include "http/query.hpp"

namespace huying::regions {

namespace {

using boost::json::object;
using http::Request;
using http::Response;

object region_json(const Region& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"level", r.level},
          {"parent_code", r.parent_code ? boost::json::value(*r.parent_code) : nullptr},
          {"has_children", r.has_children},
          {"version", r.version}};
}

object congress_json(const Congress& c) {
  boost::json::array terms;
  for (const auto& t : c.terms) {
    boost::json::array sessions;
    for (const auto& s : t.sessions)
      sessions.push_back({{"number", s.number},
                          {"name", session_name(s.number)},
                          {"start_date", s.start_date},
                          {"end_date", s.end_date ? boost::json::value(*s.end_date) : nullptr}});
    terms.push_back({{"number", t.number},
                     {"name", term_name(t.number)},
                     {"start_date", t.start_date},
                     {"end_date", t.end_date ? boost::json::value(*t.end_date) : nullptr},
                     {"sessions", std::move(sessions)}});
  }
  return {{"id", std::to_string(c.id)},
          {"region_code", c.region_code},
          {"level", c.level},
          {"name", c.name},
          {"terms", std::move(terms)}};
}

Response region_response(int status, const Region& region) {
  Response res = Response::json(status, region_json(region));
  http::set_etag(res, region.version);
  return res;
}

// A region code from a query parameter: absent, or 6/9 digits.
std::optional<std::string> read_code(const Request& req, Validator& v, const std::string& name) {
  auto code = req.query_param(name);
  if (code && !is_region_code(*code)) {
    v.parameter(name, "Must be a 6-digit GB/T 2260 code or a 9-digit township code.");
    return std::nullopt;
  }
  return code;
}

const std::string& path_code(const Request& req) {
  const std::string& code = req.param("code");
  if (!is_region_code(code)) throw Error::not_found("There is no region with code " + code + ".");
  return code;
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  router.add({"GET", "/api/v1/regions",
              [&service](Request& req) {
                Validator v;
                auto parent = read_code(req, v, "parent");
                PageRequest page = http::read_page(req, v);
                std::string sort = http::read_choice(req, v, "sort",
                                                     {"code", "-code", "name", "-name"}, "code");
                v.throw_if_any();
                store::Order order = sort == "-code"  ? store::Order::code_desc
                                     : sort == "name"  ? store::Order::name_asc
                                     : sort == "-name" ? store::Order::name_desc
                                                       : store::Order::code_asc;
                return Response::json(200, http::page_json(service.children(parent, order, page),
                                                           region_json));
              },
              0, "Regions under a parent (the roots without one)"});

  router.add({"GET", "/api/v1/regions/{code}",
              [&service](Request& req) {
                RegionDetail detail = service.get(path_code(req));
                object body = region_json(detail.region);
                boost::json::array path;
                for (const auto& a : detail.path) path.push_back({{"code", a.code}, {"name", a.name}});
                body["path"] = std::move(path);
                Response res = Response::json(200, body);
                http::set_etag(res, detail.region.version);
                return res;
              },
              0, "One region with its ancestors"});

  router.add({"POST", "/api/v1/regions",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"code", "name", "level", "parent_code"});
                NewRegion input;
                input.code = body.text("code", true, 9).value_or("");
                input.name = body.text("name", true, 100).value_or("");
                input.level = body.text("level", true, 20).value_or("");
                input.parent_code = body.text("parent_code", false, 9);
                Region created = service.create(req.caller(), input, body.validator());
                Response res = region_response(201, created);
                res.set_header("Location", "/api/v1/regions/" + created.code);
                return res;
              },
              0, "Add a region (administrators)"});

  router.add({"PATCH", "/api/v1/regions/{code}",
              [&service](Request& req) {
                const std::string& code = path_code(req);
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"name"});
                auto name = body.text("name", true, 100);
                body.finish();
                std::int64_t version = http::read_if_match(req);
                return region_response(200, service.rename(req.caller(), code, *name, version));
              },
              0, "Rename a region (administrators; If-Match)"});

  router.add({"GET", "/api/v1/congresses",
              [&service](Request& req) {
                Validator v;
                auto region = read_code(req, v, "region");
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                return Response::json(200, http::page_json(service.congresses(region, page),
                                                           congress_json));
              },
              0, "Congresses, optionally of one region, with their terms"});
}

}  // namespace huying::regions
