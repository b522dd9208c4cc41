// HTTP face of the audit trail: read and export only; no route edits or deletes a row.
#include "modules/audit/routes.hpp"

#include <boost/json.hpp>

#include "http/query.hpp"
#include "modules/export/xlsx.hpp"

namespace huying::audit {

namespace {

using http::Request;
using http::Response;

Filter read_filter(const Request& req, Validator& v) {
  Filter f;
  f.actor = req.query_param("actor");
  f.action = req.query_param("action");
  f.record_type = req.query_param("record_type");
  f.record_id = req.query_param("record_id");
  for (auto [name, target] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    if (auto text = req.query_param(name)) {
      *target = parse_iso8601(*text);
      if (!*target) v.parameter(name, "Must be an ISO-8601 instant such as 2026-03-02T09:00:00+08:00.");
    }
  }
  return f;
}

boost::json::object row_json(const Row& r) {
  boost::system::error_code ec;
  boost::json::value changes = boost::json::parse(r.changes, ec);
  return {{"id", std::to_string(r.id)},
          {"at", format_iso8601(r.at)},
          {"actor", r.actor},
          {"grant", r.grant},
          {"action", r.action},
          {"record_type", r.record_type},
          {"record_id", r.record_id},
          {"changes", ec ? boost::json::value(r.changes) : changes},
          {"request_id", r.request_id},
          {"client_address", r.client_address}};
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  router.add({"GET", "/api/v1/audit",
              [&service](Request& req) {
                Validator v;
                Filter filter = read_filter(req, v);
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                return Response::json(
                    200, http::page_json(service.query(req.caller(), filter, page), row_json));
              },
              0, "The audit trail, filtered (administrators; staff: their congress)"});
  router.add({"GET", "/api/v1/audit/export",
              [&service](Request& req) {
                Validator v;
                Filter filter = read_filter(req, v);
                v.throw_if_any();
                Response res;
                res.body = service.export_xlsx(req.caller(), filter);
                res.set_header("Content-Type", std::string(xlsx::content_type));
                res.set_header("Content-Disposition", "attachment; filename=\"audit.xlsx\"");
                return res;
              },
              0, "The audit trail as an .xlsx workbook"});
}

}  // namespace huying::audit
