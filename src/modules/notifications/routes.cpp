// HTTP face of the inbox.
#include "modules/notifications/routes.hpp"

#include <boost/json.hpp>

#include "http/json_body.hpp"
#include "http/query.hpp"

namespace huying::notifications {

namespace {

using http::Request;
using http::Response;

boost::json::object notification_json(const Notification& n) {
  return {{"id", std::to_string(n.id)},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"record_type", n.record_type},
          {"record_id", n.record_id},
          {"created_at", format_iso8601(n.created_at)},
          {"read_at", n.read_at ? boost::json::value(format_iso8601(*n.read_at)) : nullptr}};
}

Response no_store(Response res) {
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  router.add({"GET", "/api/v1/notifications",
              [&service](Request& req) {
                Validator v;
                auto page = http::read_page(req, v);
                auto unread = http::read_choice(req, v, "unread", {"true", "false"}, "false");
                v.throw_if_any();
                return no_store(Response::json(
                    200, http::page_json(service.list(req.caller(), unread == "true", page),
                                         notification_json)));
              },
              0, "The caller's notifications, newest first"});
  router.add({"GET", "/api/v1/notifications/unread-count",
              [&service](Request& req) {
                return no_store(Response::json(200, {{"unread", service.unread_count(req.caller())}}));
              },
              0, "How many of the caller's notifications are unread"});
  router.add({"POST", "/api/v1/notifications/{id}/read",
              [&service](Request& req) {
                service.mark_read(req.caller(), http::path_id(req, "id", "such notification"));
                return Response::no_content();
              },
              0, "Mark one notification read"});
  router.add({"POST", "/api/v1/notifications/read-all",
              [&service](Request& req) {
                service.mark_all_read(req.caller());
                return Response::no_content();
              },
              0, "Mark all of the caller's notifications read"});
}

}  // namespace huying::notifications
