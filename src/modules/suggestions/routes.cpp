// HTTP face of suggestions: drafts, transitions, lists, timeline, attachments and settings.
#include "modules/suggestions/routes.hpp"

#include <boost/json.hpp>

#include "core/policy.hpp"
#include "http/json_body.hpp"
#include "http/json_values.hpp"
#include "http/query.hpp"
#include "modules/export/xlsx.hpp"

namespace huying::suggestions {

namespace {

namespace rules = suggestion_rules;
using http::Request;
using http::Response;


boost::json::value due_status(const std::optional<std::string>& due, const View& v) {
  if (!due) return nullptr;
  auto d = calendar::parse_date(*due);
  auto today = calendar::parse_date(v.today);
  if (!d || !today) return nullptr;
  return boost::json::value(rules::due_status_name(rules::due_status(*d, *today, v.settings.due_soon_days)));
}

std::string label_of(const rules::Choice* c, const std::string& code) { return c ? c->label : code; }

boost::json::object suggestion_json(const View& v, bool detail) {
  const auto& s = v.item;
  boost::json::array cosigners;
  for (const auto& c : s.cosigners)
    cosigners.push_back({{"mandate_id", std::to_string(c.mandate_id)}, {"name", c.name}, {"state", c.state}});
  boost::json::array assignments;
  for (const auto& a : s.assignments) {
    bool open = a.open();
    assignments.push_back(
        {{"id", std::to_string(a.id)},
         {"unit", {{"id", std::to_string(a.unit_id)}, {"name", a.unit_name}}},
         {"role", a.role},
         {"state", a.state},
         {"assigned_on", a.assigned_on},
         {"reassign_until", a.reassign_until},
         {"view_due", http::json_text(a.view_due)},
         {"answer_due", http::json_text(a.answer_due)},
         {"due_status", open ? due_status(a.role == "co" && !a.view_text ? a.view_due : a.answer_due, v) : nullptr},
         {"extended", a.extended},
         {"view", a.view_text ? boost::json::value({{"text", *a.view_text}, {"at", http::json_time_ms(a.view_at_ms)}})
                              : boost::json::value(nullptr)}});
  }
  boost::json::array actions;
  for (const auto& a : v.allowed_actions) actions.push_back(boost::json::value(a));
  boost::json::array merged;
  for (const auto& m : s.merged_with)
    merged.push_back({{"id", std::to_string(m.id)},
                      {"number_label", m.number ? rules::number_label(*m.number) : ""},
                      {"title", m.title}});
  boost::json::object o{
      {"id", std::to_string(s.id)},
      {"congress_id", std::to_string(s.congress_id)},
      {"number", s.number ? boost::json::value(*s.number) : nullptr},
      {"number_label", s.number ? boost::json::value(rules::number_label(*s.number)) : nullptr},
      {"year", s.year},
      {"title", s.title},
      {"category", s.category},
      {"category_label", label_of(v.settings.category(s.category), s.category)},
      {"period", s.period},
      {"session_id", http::json_id(s.session_id)},
      {"publication", s.publication},
      {"proposed_unit", s.proposed_unit_id ? boost::json::value({{"id", std::to_string(*s.proposed_unit_id)},
                                                                 {"name", s.proposed_unit_name}})
                                           : boost::json::value(nullptr)},
      {"lead", {{"mandate_id", std::to_string(s.lead.mandate_id)},
                {"person_id", std::to_string(s.lead.person_id)},
                {"name", s.lead.name}}},
      {"cosigners", std::move(cosigners)},
      {"state", s.state},
      {"allowed_actions", std::move(actions)},
      {"version", s.version},
      {"handling_mode", http::json_text(s.handling_mode)},
      {"merged_with", std::move(merged)},
      {"assignments", std::move(assignments)},
      {"round", s.round},
      {"assign_due", http::json_text(s.assign_due)},
      {"evaluation_due", http::json_text(s.evaluation_due)},
      {"rehandling_due", http::json_text(s.rehandling_due)},
      {"due_date", http::json_text(s.due_date)},
      {"due_status", due_status(s.due_date, v)},
      {"assessment_flag", s.assessment_flag},
      {"return_reason", s.return_reason},
      {"not_accepted_reason", s.not_accepted_reason},
      {"close_reason", s.close_reason},
      {"created_at", format_iso8601(from_epoch_ms(s.created_at_ms))},
      {"updated_at", format_iso8601(from_epoch_ms(s.updated_at_ms))},
      {"submitted_at", http::json_time_ms(s.submitted_at_ms)},
      {"registered_at", http::json_time_ms(s.registered_at_ms)},
      {"assigned_at", http::json_time_ms(s.assigned_at_ms)},
      {"closed_at", http::json_time_ms(s.closed_at_ms)},
      {"source_opinion_id", http::json_id(s.source_opinion_id)},
  };
  if (!detail) return o;
  o["content"] = s.content;
  o["not_accepted_note"] = s.not_accepted_note;
  boost::json::array answers;
  for (const auto& a : s.answers)
    answers.push_back({{"id", std::to_string(a.id)},
                       {"assignment_id", std::to_string(a.assignment_id)},
                       {"unit", {{"id", std::to_string(a.unit_id)}, {"name", a.unit_name}}},
                       {"round", a.round},
                       {"answer_class", a.answer_class},
                       {"class_label", label_of(v.settings.answer_class(a.answer_class), a.answer_class)},
                       {"text", a.text},
                       {"plan", a.plan},
                       {"plan_date", http::json_text(a.plan_date)},
                       {"reasons", a.reasons},
                       {"signed_by", a.signed_by},
                       {"answered_on", a.answered_on},
                       {"attachment_id", http::json_id(a.attachment_id)}});
  o["answers"] = std::move(answers);
  boost::json::array contacts;
  for (const auto& c : s.contacts)
    contacts.push_back({{"id", std::to_string(c.id)},
                        {"assignment_id", std::to_string(c.assignment_id)},
                        {"unit_name", c.unit_name},
                        {"method", c.method},
                        {"date", c.date},
                        {"note", c.note},
                        {"recorded_by", c.recorded_by}});
  o["contacts"] = std::move(contacts);
  boost::json::array requests;
  for (const auto& r : s.requests)
    requests.push_back({{"id", std::to_string(r.id)},
                        {"assignment_id", std::to_string(r.assignment_id)},
                        {"unit_name", r.unit_name},
                        {"kind", r.kind},
                        {"reason", r.reason},
                        {"until", http::json_text(r.until)},
                        {"state", r.state},
                        {"decide_due", r.decide_due},
                        {"due_status", r.state == "pending" ? due_status(r.decide_due, v) : nullptr},
                        {"note", r.note},
                        {"decided_at", http::json_time_ms(r.decided_at_ms)}});
  o["requests"] = std::move(requests);
  boost::json::array evaluations;
  for (const auto& e : s.evaluations)
    evaluations.push_back({{"round", e.round},
                           {"attitude", e.attitude},
                           {"result", e.result},
                           {"comment", e.comment},
                           {"evaluated_on", e.evaluated_on}});
  o["evaluations"] = std::move(evaluations);
  return o;
}

Response suggestion_response(int status, const View& v) {
  Response res = Response::json(status, suggestion_json(v, true));
  http::set_etag(res, v.item.version);
  res.set_header("Cache-Control", "no-store");
  return res;
}

boost::json::object attachment_json(const attachments::Attachment& a) {
  return {{"id", std::to_string(a.id)},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"purpose", a.purpose},
          {"uploaded_at", format_iso8601(a.uploaded_at)},
          {"uploaded_by", a.uploaded_by}};
}

// Reads a draft's fields; `base` fills what a PATCH leaves out.
Draft read_draft(http::BodyReader& body, const Draft& base, bool creating) {
  Draft d = base;
  if (auto v = body.text("title", creating, 200)) d.title = *v;
  if (auto v = body.text("content", creating, 40000)) d.content = *v;
  if (auto v = body.text("category", creating, 40)) d.category = *v;
  if (auto v = body.text("period", false, 20)) d.period = *v;
  if (auto v = body.text("publication", false, 20)) d.publication = *v;
  if (body.has("session_id")) d.session_id = body.id("session_id", false);
  if (body.has("proposed_unit_id")) d.proposed_unit_id = body.id("proposed_unit_id", false);
  return d;
}

std::vector<std::int64_t> read_ids(http::BodyReader& body, const char* name) {
  std::vector<std::int64_t> out;
  const auto* v = body.member(name);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) {
    body.validator().field(std::string("/") + name, "Must be a list of ids.");
    return out;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    auto id = http::parse_id(v->as_array()[i]);
    if (!id) body.validator().field(std::string("/") + name + "/" + std::to_string(i), "Must be an id.");
    else out.push_back(*id);
  }
  return out;
}

// The fields each action reads; anything else in its body is an error.
ActionInput read_action(Action action, const Request& req) {
  ActionInput in;
  if (req.body.empty()) return in;
  http::BodyReader body(http::parse_json_body(req));
  auto text = [&body](const char* name, std::size_t max) { return body.text(name, false, max).value_or(""); };
  switch (action) {
    case Action::invite:
    case Action::uninvite:
      body.allow_only({"mandate_id"});
      in.mandate_id = body.id("mandate_id", true);
      break;
    case Action::withdraw:
    case Action::return_item:
    case Action::request_reassignment:
      body.allow_only({"reason", "assignment_id"});
      in.reason = text("reason", 2000);
      in.assignment_id = body.id("assignment_id", false);
      break;
    case Action::reject:
      body.allow_only({"reason_code", "note"});
      in.reason_code = text("reason_code", 100);
      in.note = text("note", 2000);
      break;
    case Action::assign:
      body.allow_only({"mode", "lead_unit_id", "co_unit_ids", "unit_ids", "merge_ids"});
      in.mode = text("mode", 20);
      in.lead_unit_id = body.id("lead_unit_id", false);
      in.co_unit_ids = read_ids(body, "co_unit_ids");
      in.unit_ids = read_ids(body, "unit_ids");
      in.merge_ids = read_ids(body, "merge_ids");
      break;
    case Action::accept:
      body.allow_only({"assignment_id"});
      in.assignment_id = body.id("assignment_id", false);
      break;
    case Action::decide_reassignment:
    case Action::decide_extension:
      body.allow_only({"request_id", "approve", "note", "unit_id"});
      in.request_id = body.id("request_id", false);
      in.approve = body.boolean("approve");
      in.note = text("note", 2000);
      in.unit_id = body.id("unit_id", false);
      break;
    case Action::record_contact:
      body.allow_only({"method", "date", "note", "assignment_id"});
      in.method = text("method", 20);
      in.date = body.text("date", false, 10);
      in.note = text("note", 4000);
      in.assignment_id = body.id("assignment_id", false);
      break;
    case Action::submit_view:
      body.allow_only({"text", "assignment_id"});
      in.text = text("text", 40000);
      in.assignment_id = body.id("assignment_id", false);
      break;
    case Action::answer:
      body.allow_only({"answer_class", "text", "signed_by", "answered_on", "attachment_id", "plan",
                       "plan_date", "reasons", "assignment_id"});
      in.answer_class = text("answer_class", 10);
      in.text = text("text", 40000);
      in.signed_by = text("signed_by", 100);
      in.answered_on = body.text("answered_on", false, 10);
      in.attachment_id = body.id("attachment_id", false);
      in.plan = text("plan", 10000);
      in.plan_date = body.text("plan_date", false, 10);
      in.reasons = text("reasons", 10000);
      in.assignment_id = body.id("assignment_id", false);
      break;
    case Action::request_extension:
      body.allow_only({"until", "reason", "assignment_id"});
      in.until = body.text("until", false, 10);
      in.reason = text("reason", 2000);
      in.assignment_id = body.id("assignment_id", false);
      break;
    case Action::evaluate:
      body.allow_only({"attitude", "result", "comment"});
      in.attitude = text("attitude", 30);
      in.result = text("result", 30);
      in.comment = text("comment", 4000);
      break;
    default:
      body.allow_only({});
      break;
  }
  body.finish();
  return in;
}

ListRequest read_list(const Request& req) {
  Validator v;
  ListRequest r;
  r.page = http::read_page(req, v);
  if (auto box = req.query_param("box")) {
    if (*box != "mine" && *box != "cosigning" && *box != "unit" && *box != "congress")
      v.parameter("box", "Must be mine, cosigning, unit or congress.");
    else
      r.box = box;
  }
  if (auto state = req.query_param("state")) {
    if (!rules::parse_state(*state)) v.parameter("state", "Not a state of a suggestion.");
    else r.state = state;
  }
  if (auto due = req.query_param("due")) {
    if (*due != "due_soon" && *due != "overdue") v.parameter("due", "Must be due_soon or overdue.");
    else r.due = due;
  }
  if (auto sort = req.query_param("sort")) {
    if (*sort != "updated" && *sort != "due_date" && *sort != "number")
      v.parameter("sort", "Must be updated, due_date or number.");
    else r.sort = sort;
  }
  if (auto c = req.query_param("category"); c && !c->empty()) r.category = c;
  if (auto q = req.query_param("q"); q && !q->empty()) r.q = q;
  for (const char* name : {"unit_id", "congress_id"}) {
    if (auto text = req.query_param(name)) {
      auto id = http::parse_id(*text);
      if (!id) v.parameter(name, "Must be an id.");
      else (std::string(name) == "unit_id" ? r.unit_id : r.congress_id) = id;
    }
  }
  v.throw_if_any();
  return r;
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  const std::string base = "/api/v1/suggestions";
  router.add({"GET", base,
              [&service](Request& req) {
                auto page = service.list(req.caller(), read_list(req));
                Response res = Response::json(
                    200, http::page_json(page, [](const View& v) { return suggestion_json(v, false); }));
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "Suggestions in one of the caller's boxes, filtered"});
  router.add({"GET", base + "/export",
              [&service](Request& req) {
                Response res;
                res.body = service.export_xlsx(req.caller(), read_list(req));
                res.set_header("Content-Type", std::string(xlsx::content_type));
                res.set_header("Content-Disposition", "attachment; filename=\"suggestions.xlsx\"");
                return res;
              },
              0, "The same list as an .xlsx workbook"});
  router.add({"POST", base,
              [&service](Request& req) {
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"congress_id", "title", "content", "category", "period", "session_id",
                                 "publication", "proposed_unit_id"});
                Draft draft = read_draft(body, {}, true);
                draft.congress_id = body.id("congress_id", false);
                View created = service.create(req.caller(), draft, body.validator());
                Response res = suggestion_response(201, created);
                res.set_header("Location", "/api/v1/suggestions/" + std::to_string(created.item.id));
                return res;
              },
              0, "Write a draft suggestion (deputies)"});
  router.add({"GET", base + "/{id}",
              [&service](Request& req) {
                return suggestion_response(200, service.get(req.caller(), http::path_id(req, "id", "such suggestion")));
              },
              0, "One suggestion with its handling"});
  router.add({"PATCH", base + "/{id}",
              [&service](Request& req) {
                auto id = http::path_id(req, "id", "such suggestion");
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"title", "content", "category", "period", "session_id", "publication",
                                 "proposed_unit_id"});
                auto version = http::read_if_match(req);
                View current = service.get(req.caller(), id);
                const auto& s = current.item;
                Draft base{std::nullopt, s.title, s.content, s.category, s.period, s.publication, s.session_id,
                           s.proposed_unit_id};
                Draft draft = read_draft(body, base, false);
                return suggestion_response(200, service.edit(req.caller(), id, draft, version, body.validator()));
              },
              0, "Edit a draft or returned suggestion (the lead deputy; If-Match)"});
  router.add({"GET", base + "/{id}/timeline",
              [&service](Request& req) {
                boost::json::array items;
                for (const auto& e : service.timeline(req.caller(), http::path_id(req, "id", "such suggestion")))
                  items.push_back({{"at", format_iso8601(from_epoch_ms(e.at_ms))},
                                   {"actor_name", e.actor_name},
                                   {"role", e.role},
                                   {"action", e.action},
                                   {"note", e.note}});
                return Response::json(200, {{"items", std::move(items)}});
              },
              0, "Every step of a suggestion, oldest first"});
  for (auto action : rules::all_actions()) {
    if (action == Action::edit) continue;
    std::string name(rules::action_name(action));
    router.add({"POST", base + "/{id}/" + name,
                [&service, action](Request& req) {
                  auto id = http::path_id(req, "id", "such suggestion");
                  return suggestion_response(200, service.act(req.caller(), id, action, read_action(action, req)));
                },
                0, "Suggestion transition: " + name});
  }
  router.add({"GET", base + "/{id}/attachments",
              [&service](Request& req) {
                boost::json::array items;
                for (const auto& a : service.attachments(req.caller(), http::path_id(req, "id", "such suggestion")))
                  items.push_back(attachment_json(a));
                return Response::json(200, {{"items", std::move(items)}});
              },
              0, "The files attached to a suggestion"});
  router.add({"POST", base + "/{id}/attachments",
              [&service](Request& req) {
                auto id = http::path_id(req, "id", "such suggestion");
                attachments::Upload upload{req.query_param("filename").value_or(""),
                                           req.header("Content-Type").value_or(""),
                                           req.query_param("purpose").value_or("document"), req.body};
                auto a = service.upload(req.caller(), id, upload);
                Response res = Response::json(201, attachment_json(a));
                res.set_header("Location", "/api/v1/attachments/" + std::to_string(a.id));
                return res;
              },
              64 * 1024 * 1024, "Attach a file (PDF, JPEG, PNG, DOCX, XLSX) to a suggestion"});
  router.add({"GET", "/api/v1/congresses/{id}/suggestion-settings",
              [&service](Request& req) {
                auto view = service.settings(req.caller(), http::path_id(req, "id", "such congress"));
                Response res = Response::json(200, settings_to_json(view.settings));
                http::set_etag(res, view.version);
                return res;
              },
              0, "A congress's rules for handling suggestions"});
  router.add({"PUT", "/api/v1/congresses/{id}/suggestion-settings",
              [&service](Request& req) {
                auto id = http::path_id(req, "id", "such congress");
                auto version = http::read_if_match(req);
                Validator v;
                Settings settings = settings_from_json(http::parse_json_body(req), v);
                auto view = service.save_settings(req.caller(), id, settings, version, v);
                Response res = Response::json(200, settings_to_json(view.settings));
                http::set_etag(res, view.version);
                return res;
              },
              0, "Replace a congress's rules for handling suggestions (staff; If-Match)"});
}

}  // namespace huying::suggestions
