// HTTP face of citizens' opinions: the public form and tracking page, the workbench,
// reception days and the outbound message log.
#include "modules/opinions/routes.hpp"

#include <sodium.h>

#include <boost/json.hpp>

#include "core/masking.hpp"
#include "core/policy.hpp"
#include "http/json_body.hpp"
#include "http/json_values.hpp"
#include "http/query.hpp"
#include "modules/export/xlsx.hpp"

namespace huying::opinions {

namespace {

namespace rules = opinion_rules;
using http::Request;
using http::Response;


boost::json::value due_status(const std::optional<std::string>& due, const std::string& today) {
  auto d = due ? calendar::parse_date(*due) : std::nullopt;
  auto t = calendar::parse_date(today);
  if (!d || !t) return nullptr;
  return boost::json::value(suggestion_rules::due_status_name(suggestion_rules::due_status(*d, *t, 15)));
}

boost::json::object opinion_json(const View& v) {
  const auto& o = v.item;
  boost::json::array actions;
  for (const auto& a : v.allowed_actions) actions.push_back(boost::json::value(a));
  boost::json::array files;
  for (const auto& f : v.files)
    files.push_back({{"id", std::to_string(f.id)}, {"filename", f.filename}, {"content_type", f.content_type}, {"size", f.size}});
  std::string code = rules::format_tracking_code(o.tracking_code);
  if (!v.sees_code) code = "********-" + o.tracking_code.substr(o.tracking_code.size() - 2);
  return {{"id", std::to_string(o.id)},
          {"tracking_code", code},
          {"congress_id", std::to_string(o.congress_id)},
          {"station", o.station_id ? boost::json::value({{"id", std::to_string(*o.station_id)}, {"name", o.station_name}})
                                   : boost::json::value(nullptr)},
          {"deputy", o.mandate_id ? boost::json::value({{"id", std::to_string(*o.mandate_id)}, {"name", o.deputy_name}})
                                  : boost::json::value(nullptr)},
          {"reception_id", http::json_id(o.reception_id)},
          {"channel", o.channel},
          {"category", o.category},
          {"category_label", v.category_label},
          {"title", o.title},
          {"content", o.content},
          {"citizen", {{"name", mask_name(o.citizen_name)}, {"mobile", mask_mobile(o.citizen_mobile)}}},
          {"location", o.location},
          {"publish", o.publish},
          {"state", o.state},
          {"allowed_actions", std::move(actions)},
          {"reject_reason", o.reject_reason},
          {"guidance", o.guidance},
          {"unit", o.unit_id ? boost::json::value({{"id", std::to_string(*o.unit_id)}, {"name", o.unit_name}})
                             : boost::json::value(nullptr)},
          {"referral_due", http::json_text(o.referral_due)},
          {"unit_reply", http::json_text(o.unit_reply)},
          {"reply", http::json_text(o.reply)},
          {"suggestion_id", http::json_id(o.suggestion_id)},
          {"rating", http::json_text(o.rating)},
          {"rating_comment", o.rating_comment},
          {"reopened", o.reopened},
          {"accept_due", o.accept_due},
          {"due_date", http::json_text(o.due_date)},
          {"due_status", due_status(o.due_date, v.today)},
          {"received_at", format_iso8601(from_epoch_ms(o.received_at_ms))},
          {"updated_at", format_iso8601(from_epoch_ms(o.updated_at_ms))},
          {"attachments", std::move(files)},
          {"version", o.version}};
}

boost::json::object tracking_json(const TrackingPage& page) {
  const auto& o = page.item;
  boost::json::array steps;
  for (const auto& e : page.steps) {
    auto state = rules::parse_state(e.state);
    steps.push_back({{"at", format_iso8601(from_epoch_ms(e.at_ms))},
                     {"state", e.state},
                     {"label", state ? std::string(rules::state_label(*state)) : e.state},
                     {"note", e.public_note}});
  }
  boost::json::value answer = nullptr;
  if (o.reply)
    answer = {{"text", *o.reply},
              {"at", http::json_time_ms(o.replied_at_ms)},
              {"by", o.unit_id && o.state != "answered_on_spot" ? o.unit_name : o.station_name}};
  boost::json::value rating = nullptr;
  if (o.rating) rating = {{"rating", *o.rating}, {"comment", o.rating_comment}, {"at", http::json_time_ms(o.rated_at_ms)}};
  return {{"tracking_code", rules::format_tracking_code(o.tracking_code)},
          {"state", o.state},
          {"state_label", std::string(rules::state_label(*rules::parse_state(o.state)))},
          {"title", o.title},
          {"content", o.content},
          {"category_label", page.category_label},
          {"received_at", format_iso8601(from_epoch_ms(o.received_at_ms))},
          {"station_name", o.station_name},
          {"deputy_name", o.deputy_name},
          {"guidance", o.guidance},
          {"steps", std::move(steps)},
          {"answer", std::move(answer)},
          {"rating", std::move(rating)},
          {"can_rate", page.can_rate}};
}

Response private_json(int status, const boost::json::value& body) {
  Response res = Response::json(status, body);
  res.set_header("Cache-Control", "no-store");
  return res;
}

std::string decode_base64(const std::string& text, bool& ok) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  ok = sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                         " \r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0;
  out.resize(ok ? len : 0);
  return out;
}

Submission read_submission(http::BodyReader& body, bool workbench) {
  if (workbench)
    body.allow_only({"station_id", "deputy_id", "reception_id", "channel", "category", "title", "content", "name",
                     "mobile", "location", "publish", "attachments"});
  else
    body.allow_only({"station_id", "deputy_id", "channel", "category", "title", "content", "name", "mobile",
                     "location", "publish", "attachments"});
  Submission s;
  s.station_id = body.id("station_id", false);
  s.deputy_id = body.id("deputy_id", false);
  if (workbench) s.reception_id = body.id("reception_id", false);
  s.channel = body.text("channel", true, 20).value_or("");
  s.category = body.text("category", true, 40).value_or("");
  s.title = body.text("title", true, 200).value_or("");
  s.content = body.text("content", true, 10000).value_or("");
  s.name = body.text("name", true, 60).value_or("");
  s.mobile = body.text("mobile", true, 20).value_or("");
  s.location = body.text("location", false, 400).value_or("");
  s.publish = body.boolean("publish").value_or(false);
  Validator& v = body.validator();
  if (const auto* list = body.member("attachments"); list && !list->is_null()) {
    if (!list->is_array()) {
      v.field("/attachments", "Must be a list of {filename, content_type, data_base64}.");
    } else {
      for (std::size_t i = 0; i < list->as_array().size(); ++i) {
        std::string at = "/attachments/" + std::to_string(i);
        const auto* o = list->as_array()[i].if_object();
        auto text = [o](const char* key) {
          const auto* f = o ? o->if_contains(key) : nullptr;
          return f && f->is_string() ? std::string(f->as_string()) : std::string();
        };
        NewAttachment a{text("filename"), text("content_type"), ""};
        bool ok = false;
        a.bytes = decode_base64(text("data_base64"), ok);
        if (!o) v.field(at, "Must be {filename, content_type, data_base64}.");
        else if (!ok) v.field(at + "/data_base64", "Must be the file in base64.");
        else s.attachments.push_back(std::move(a));
      }
    }
  }
  return s;
}

ActionInput read_action(Action action, const Request& req) {
  ActionInput in;
  if (req.body.empty()) return in;
  http::BodyReader body(http::parse_json_body(req));
  auto text = [&body](const char* name, std::size_t max) { return body.text(name, false, max).value_or(""); };
  switch (action) {
    case Action::accept:
      body.allow_only({"note"});
      in.note = text("note", 1000);
      break;
    case Action::reject:
      body.allow_only({"reason", "guidance"});
      in.reason = text("reason", 20);
      in.guidance = text("guidance", 2000);
      break;
    case Action::answer_on_spot:
    case Action::unit_reply:
    case Action::reply:
      body.allow_only({"text"});
      in.text = text("text", 10000);
      break;
    case Action::refer:
      body.allow_only({"unit_id", "note"});
      in.unit_id = body.id("unit_id", false);
      in.note = text("note", 2000);
      break;
    case Action::escalate:
      body.allow_only({"title", "category"});
      in.title = text("title", 200);
      in.category = text("category", 40);
      break;
  }
  body.finish();
  return in;
}

ListRequest read_list(const Request& req) {
  Validator v;
  ListRequest r;
  r.page = http::read_page(req, v);
  auto choice = [&](const char* name, std::initializer_list<std::string_view> allowed, std::optional<std::string>& into) {
    auto value = req.query_param(name);
    if (!value) return;
    if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      v.parameter(name, "Must be one of " + list + ".");
    } else {
      into = value;
    }
  };
  choice("box", {"station", "mine", "unit", "congress"}, r.box);
  choice("due", {"due_soon", "overdue"}, r.due);
  choice("sort", {"updated", "received", "due_date"}, r.sort);
  choice("channel", {"online", "qr", "reception", "phone", "letter", "hotline"}, r.channel);
  if (auto state = req.query_param("state")) {
    if (!rules::parse_state(*state)) v.parameter("state", "Not a state of an opinion.");
    else r.state = state;
  }
  if (auto c = req.query_param("category"); c && !c->empty()) r.category = c;
  if (auto q = req.query_param("q"); q && !q->empty()) r.q = q;
  if (auto st = req.query_param("station_id")) {
    r.station_id = http::parse_id(*st);
    if (!r.station_id) v.parameter("station_id", "Must be an id.");
  }
  if (auto rc = req.query_param("reception_id")) {
    r.reception_id = http::parse_id(*rc);
    if (!r.reception_id) v.parameter("reception_id", "Must be an id.");
  }
  v.throw_if_any();
  return r;
}

std::int64_t day_start_ms(const std::string& date, bool end) {
  auto d = calendar::parse_date(date);
  auto day = std::chrono::sys_days(*d) + std::chrono::days(end ? 1 : 0) - std::chrono::hours(8);  // Beijing
  return std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch()).count();
}

// What the public form and tracking page accept in a body: several 5 MiB files in base64.
constexpr std::size_t submission_body_limit = 32 * 1024 * 1024;

}  // namespace

void add_routes(http::Router& router, Service& service) {
  router.add({"POST", "/api/v1/public/opinions",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req, true));
                Submission s = read_submission(body, false);
                auto receipt = service.submit_public(req.caller(), s, body.validator());
                return private_json(201, {{"tracking_code", receipt.tracking_code},
                                          {"state", receipt.state},
                                          {"received_at", format_iso8601(receipt.received_at)},
                                          {"accept_due", receipt.accept_due}});
              },
              submission_body_limit, "Leave an opinion at a liaison station or with a deputy (no account)"});
  router.add({"POST", "/api/v1/public/opinions/track",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req, true));
                body.allow_only({"code", "last4"});
                auto code = body.text("code", true, 20).value_or("");
                auto last4 = body.text("last4", true, 4).value_or("");
                body.finish();
                return private_json(200, tracking_json(service.track(req.caller(), code, last4)));
              },
              0, "An opinion's status by tracking code and the mobile's last 4 digits"});
  router.add({"POST", "/api/v1/public/opinions/rate",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req, true));
                body.allow_only({"code", "last4", "rating", "comment"});
                auto code = body.text("code", true, 20).value_or("");
                auto last4 = body.text("last4", true, 4).value_or("");
                auto rating = body.text("rating", true, 30).value_or("");
                auto comment = body.text("comment", false, 1000).value_or("");
                body.finish();
                return private_json(200, tracking_json(service.rate(req.caller(), code, last4, rating, comment)));
              },
              0, "The citizen rates the answer"});
  router.add({"GET", "/api/v1/public/opinions",
              [&service](Request& req) {
                Validator v;
                auto page = http::read_page(req, v);
                std::optional<std::int64_t> station;
                if (auto st = req.query_param("station_id")) {
                  station = http::parse_id(*st);
                  if (!station) v.parameter("station_id", "Must be an id.");
                }
                v.throw_if_any();
                auto found = service.published(station, page);
                return Response::json(200, http::page_json(found, [&service](const Opinion& o) {
                  return boost::json::object{{"title", o.title},
                                             {"content", o.content},
                                             {"category_label", service.category_label(o.congress_id, o.category)},
                                             {"station_name", o.station_name},
                                             {"state", o.state},
                                             {"answer", http::json_text(o.reply)},
                                             {"received_at", format_iso8601(from_epoch_ms(o.received_at_ms))}};
                }));
              },
              0, "Opinions their citizens agreed to publish, without personal data"});
  router.add({"POST", "/api/v1/opinions",
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req, true));
                Submission s = read_submission(body, true);
                auto view = service.register_received(req.caller(), s, body.validator());
                Response res = private_json(201, opinion_json(view));
                res.set_header("Location", "/api/v1/opinions/" + std::to_string(view.item.id));
                return res;
              },
              submission_body_limit, "Register an opinion received at a reception, by phone, letter or hotline"});
  router.add({"GET", "/api/v1/opinions",
              [&service](Request& req) {
                return private_json(200, http::page_json(service.list(req.caller(), read_list(req)), opinion_json));
              },
              0, "Opinions in one of the caller's boxes, filtered"});
  router.add({"GET", "/api/v1/opinions/export",
              [&service](Request& req) {
                Response res;
                res.body = service.export_xlsx(req.caller(), read_list(req));
                res.set_header("Content-Type", std::string(xlsx::content_type));
                res.set_header("Content-Disposition", "attachment; filename=\"opinions.xlsx\"");
                return res;
              },
              0, "The same list as an .xlsx workbook, personal data masked"});
  router.add({"GET", "/api/v1/opinions/stats",
              [&service](Request& req) {
                Validator v;
                std::optional<std::int64_t> congress;
                if (auto c = req.query_param("congress_id")) congress = http::parse_id(*c);
                if (!congress) {
                  for (const auto& g : req.principal.grants)
                    if (g.scope_type == "congress" && g.scope_id && !congress) congress = g.scope_id;
                  if (!congress) v.parameter("congress_id", "Name the congress.");
                }
                auto from = req.query_param("from").value_or("2000-01-01");
                auto to = req.query_param("to").value_or("2100-12-31");
                if (!calendar::parse_date(from)) v.parameter("from", "Must be a date (YYYY-MM-DD).");
                if (!calendar::parse_date(to)) v.parameter("to", "Must be a date (YYYY-MM-DD).");
                v.throw_if_any();
                auto view = service.stats(req.caller(), *congress, day_start_ms(from, false), day_start_ms(to, true));
                const auto& s = view.stats;
                auto counts = [](const std::map<std::string, std::int64_t>& m) {
                  boost::json::object o;
                  for (const auto& [k, n] : m) o[k] = n;
                  return o;
                };
                boost::json::array regions, stations;
                for (const auto& [code, n] : s.by_region)
                  regions.push_back({{"region_code", code}, {"region_name", view.region_names[code]}, {"count", n}});
                for (const auto& st : s.by_station)
                  stations.push_back({{"station_id", std::to_string(st.id)}, {"name", st.name}, {"count", st.count},
                                      {"overdue", st.overdue}});
                auto rating = [&s](const char* k) {
                  auto it = s.by_rating.find(k);
                  return it == s.by_rating.end() ? std::int64_t{0} : it->second;
                };
                std::int64_t rated = rating("satisfied") + rating("basically_satisfied") + rating("unsatisfied");
                boost::json::object labels;
                for (const auto& [k, l] : view.category_labels) labels[k] = l;
                return Response::json(
                    200, {{"total", s.total},
                          {"by_channel", counts(s.by_channel)},
                          {"by_category", counts(s.by_category)},
                          {"category_labels", std::move(labels)},
                          {"by_state", counts(s.by_state)},
                          {"by_region", std::move(regions)},
                          {"by_station", std::move(stations)},
                          {"median_first_response_hours",
                           s.median_first_response_hours ? boost::json::value(*s.median_first_response_hours) : nullptr},
                          {"replied_within_deadline_rate",
                           s.replied_referrals ? boost::json::value(double(s.replied_in_time) / double(s.replied_referrals))
                                               : nullptr},
                          {"satisfaction",
                           {{"rated", rated},
                            {"satisfied", rating("satisfied")},
                            {"basically_satisfied", rating("basically_satisfied")},
                            {"unsatisfied", rating("unsatisfied")},
                            {"rate", rated ? boost::json::value(double(rating("satisfied") + rating("basically_satisfied")) /
                                                                double(rated))
                                           : nullptr}}}});
              },
              0, "Figures of a congress's opinions: channels, categories, regions, stations, response, satisfaction"});
  // Before /api/v1/opinions/{id}, which would take "intake" for an id.
  router.add({"GET", "/api/v1/opinions/intake",
              [&service](Request& req) {
                Validator v;
                auto page = http::read_page(req, v);
                v.throw_if_any();
                return private_json(200, http::page_json(service.queued(req.caller(), page), [](const store::Queued& q) {
                  return boost::json::object{{"id", std::to_string(q.id)},
                                             {"tracking_code", q.tracking_code},
                                             {"received_at", format_iso8601(from_epoch_ms(q.received_at_ms))},
                                             {"attempts", q.attempts},
                                             {"last_error", q.last_error},
                                             {"left_for_operator", q.attempts >= Service::intake_max_attempts}};
                }));
              },
              0, "Public opinions still queued for the intake worker, codes masked (administrators)"});
  router.add({"GET", "/api/v1/opinions/{id}",
              [&service](Request& req) {
                auto view = service.get(req.caller(), http::path_id(req, "id", "such opinion"));
                Response res = private_json(200, opinion_json(view));
                http::set_etag(res, view.item.version);
                return res;
              },
              0, "One opinion, personal data masked"});
  router.add({"GET", "/api/v1/opinions/{id}/timeline",
              [&service](Request& req) {
                boost::json::array items;
                for (const auto& e : service.timeline(req.caller(), http::path_id(req, "id", "such opinion")))
                  items.push_back({{"at", format_iso8601(from_epoch_ms(e.at_ms))},
                                   {"actor_name", e.actor_name},
                                   {"role", e.role},
                                   {"action", e.action},
                                   {"state", e.state},
                                   {"note", e.note}});
                return private_json(200, {{"items", std::move(items)}});
              },
              0, "Every step of an opinion, oldest first"});
  router.add({"GET", "/api/v1/opinions/{id}/contact",
              [&service](Request& req) {
                auto [name, mobile] = service.contact(req.caller(), http::path_id(req, "id", "such opinion"));
                return private_json(200, {{"name", name}, {"mobile", mobile}});
              },
              0, "The citizen's name and mobile in full (the keeper and the deputy; audited)"});
  for (auto action : rules::all_actions()) {
    std::string name(rules::action_name(action));
    router.add({"POST", "/api/v1/opinions/{id}/" + name,
                [&service, action](Request& req) {
                  auto id = http::path_id(req, "id", "such opinion");
                  auto view = service.act(req.caller(), id, action, read_action(action, req));
                  Response res = private_json(200, opinion_json(view));
                  http::set_etag(res, view.item.version);
                  return res;
                },
                0, "Opinion transition: " + name});
  }
  router.add({"GET", "/api/v1/receptions/duties",
              [&service](Request& req) {
                boost::json::array items;
                for (const auto& d : service.duties(req.caller(), req.query_param("from").value_or(""),
                                                    req.query_param("to").value_or("")))
                  items.push_back({{"date", d.date},
                                   {"station", {{"id", std::to_string(d.station.id)},
                                                {"name", d.station.name},
                                                {"address", d.station.address}}}});
                return private_json(200, {{"items", std::move(items)}});
              },
              0, "The signed-in deputy's reception duty days"});
  auto reception_json = [](const Reception& r) {
    boost::json::array attendees;
    for (const auto& [id, name] : r.attendees) attendees.push_back({{"id", std::to_string(id)}, {"name", name}});
    return boost::json::object{{"id", std::to_string(r.id)},
                               {"station_id", std::to_string(r.station_id)},
                               {"date", r.date},
                               {"attendees", std::move(attendees)},
                               {"people_received", r.people_received},
                               {"note", r.note},
                               {"opinion_count", r.opinion_count}};
  };
  router.add({"GET", "/api/v1/stations/{id}/receptions",
              [&service, reception_json](Request& req) {
                Validator v;
                auto page = http::read_page(req, v);
                v.throw_if_any();
                return private_json(200, http::page_json(service.receptions(req.caller(),
                                                                            http::path_id(req, "id", "such station"), page),
                                                         reception_json));
              },
              0, "A station's reception records, newest first"});
  router.add({"POST", "/api/v1/stations/{id}/receptions",
              [&service, reception_json](Request& req) {
                auto station = http::path_id(req, "id", "such station");
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"date", "attendees", "people_received", "note"});
                Reception r;
                r.date = body.text("date", true, 10).value_or("");
                r.people_received = body.integer("people_received", false).value_or(0);
                r.note = body.text("note", false, 4000).value_or("");
                if (const auto* list = body.member("attendees"); list && list->is_array()) {
                  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
                    auto id = http::parse_id(list->as_array()[i]);
                    if (!id) body.validator().field("/attendees/" + std::to_string(i), "Must be a deputy's mandate id.");
                    else r.attendees.emplace_back(*id, "");
                  }
                } else if (list && !list->is_null()) {
                  body.validator().field("/attendees", "Must be a list of mandate ids.");
                }
                body.finish();
                return private_json(201, reception_json(service.record_reception(req.caller(), station, r)));
              },
              0, "Record a reception day: who attended, how many people came"});
  router.add({"POST", "/api/v1/opinions/intake/run",
              [&service](Request& req) {
                policy::enforce(req.caller().principal, policy::Action::platform_manage, {}, "opinion_intake");
                auto run = service.process_intake(true);
                return Response::json(200, {{"processed", run.processed}, {"failed", run.failed}, {"pending", run.pending}});
              },
              0, "Move the queued public opinions into opinions now (administrators)"});
  router.add({"POST", "/api/v1/notifier/run",
              [&service](Request& req) {
                policy::enforce(req.caller().principal, policy::Action::platform_manage, {}, "notifier");
                auto run = service.deliver_due();
                return Response::json(200, {{"sent", run.sent}, {"retrying", run.retried}, {"failed", run.failed}});
              },
              0, "Send the messages to citizens that are due now (administrators)"});
  router.add({"GET", "/api/v1/notifier/deliveries",
              [&service](Request& req) {
                Validator v;
                auto page = http::read_page(req, v);
                std::optional<std::string> state;
                if (auto s = req.query_param("state")) {
                  if (*s != "pending" && *s != "sent" && *s != "failed") v.parameter("state", "Must be pending, sent or failed.");
                  else state = s;
                }
                v.throw_if_any();
                return private_json(200, http::page_json(service.deliveries(req.caller(), state, page), [](const Delivery& d) {
                  return boost::json::object{{"id", std::to_string(d.id)},
                                             {"opinion_id", http::json_id(d.opinion_id)},
                                             {"to", mask_mobile(d.recipient)},
                                             {"text", d.text},
                                             {"state", d.state},
                                             {"attempts", d.attempts},
                                             {"last_error", d.last_error},
                                             {"next_attempt_at", format_iso8601(from_epoch_ms(d.next_attempt_at_ms))},
                                             {"sent_at", http::json_time_ms(d.sent_at_ms)},
                                             {"created_at", format_iso8601(from_epoch_ms(d.created_at_ms))}};
                }));
              },
              0, "The log of messages to citizens, mobiles masked (administrators)"});
}

}  // namespace huying::opinions
