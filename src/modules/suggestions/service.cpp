#include "modules/suggestions/service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "core/calendar.hpp"
#include "core/policy.hpp"
#include "core/text.hpp"
#include "modules/calendar/service.hpp"
#include "modules/export/xlsx.hpp"
#include "modules/suggestions/store.hpp"

namespace huying::suggestions {

namespace {

namespace rules = suggestion_rules;
using calendar::parse_date;
using calendar::WorkingCalendar;
using rules::Actor;
using rules::Date;
using rules::State;

constexpr std::string_view record_type = "suggestion";

bool has_role(const Principal& p, std::string_view role) {
  for (const auto& g : p.grants)
    if (g.role == role) return true;
  return false;
}

// ---- settings as stored JSON -------------------------------------------------------------

boost::json::array choices_json(const std::vector<rules::Choice>& list, bool with_requires) {
  boost::json::array out;
  for (const auto& c : list) {
    boost::json::object o{{"code", c.code}, {"label", c.label}};
    if (with_requires) o["requires"] = c.requires_;
    out.push_back(std::move(o));
  }
  return out;
}

struct NumberKey {
  const char* name;
  int Settings::*field;
  int min, max;
};
constexpr NumberKey number_keys[] = {
    {"assign_working_days", &Settings::assign_working_days, 1, 60},
    {"reassign_window_working_days", &Settings::reassign_window_working_days, 1, 60},
    {"reassign_decision_working_days", &Settings::reassign_decision_working_days, 1, 60},
    {"cohandler_view_months", &Settings::cohandler_view_months, 1, 12},
    {"answer_months", &Settings::answer_months, 1, 12},
    {"extension_max_months", &Settings::extension_max_months, 1, 24},
    {"evaluation_working_days", &Settings::evaluation_working_days, 1, 60},
    {"rehandling_months", &Settings::rehandling_months, 1, 12},
    {"due_soon_days", &Settings::due_soon_days, 1, 90},
};

std::vector<rules::Choice> read_choices(const boost::json::value* v, const std::string& at,
                                        bool with_requires, Validator& errors) {
  std::vector<rules::Choice> out;
  if (!v || !v->is_array() || v->as_array().empty()) {
    errors.field(at, "Must be a non-empty list of {code, label}.");
    return out;
  }
  std::set<std::string> codes;
  const auto& list = v->as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string item_at = at + "/" + std::to_string(i);
    const auto* o = list[i].if_object();
    auto text = [o](const char* key) {
      const auto* f = o ? o->if_contains(key) : nullptr;
      return f && f->is_string() ? std::string(f->as_string()) : std::string();
    };
    rules::Choice c{text("code"), text("label"), with_requires ? text("requires") : ""};
    if (c.code.empty() || c.code.size() > 40) errors.field(item_at + "/code", "A code of 1 to 40 characters is required.");
    else if (!codes.insert(c.code).second) errors.field(item_at + "/code", "Listed twice.");
    if (c.label.empty() || utf8_length(c.label) > 100) errors.field(item_at + "/label", "A label of 1 to 100 characters is required.");
    if (with_requires && !c.requires_.empty() && c.requires_ != "plan" && c.requires_ != "reasons")
      errors.field(item_at + "/requires", "Must be \"\", \"plan\" or \"reasons\".");
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

boost::json::object settings_to_json(const Settings& s) {
  boost::json::object o;
  for (const auto& k : number_keys) o[k.name] = s.*k.field;
  o["categories"] = choices_json(s.categories, false);
  o["answer_classes"] = choices_json(s.answer_classes, true);
  o["not_accepted_reasons"] = choices_json(s.not_accepted_reasons, false);
  return o;
}

Settings settings_from_json(const boost::json::value& value, Validator& errors) {
  Settings s = Settings::henan_defaults();
  const auto* o = value.if_object();
  if (!o) {
    errors.field("", "Settings must be an object.");
    return s;
  }
  std::set<std::string> known{"categories", "answer_classes", "not_accepted_reasons"};
  for (const auto& k : number_keys) {
    known.insert(k.name);
    if (const auto* v = o->if_contains(k.name)) {
      if (!v->is_int64() || v->as_int64() < k.min || v->as_int64() > k.max)
        errors.field(std::string("/") + k.name,
                     "Must be a whole number from " + std::to_string(k.min) + " to " + std::to_string(k.max) + ".");
      else
        s.*k.field = static_cast<int>(v->as_int64());
    }
  }
  if (o->contains("categories")) s.categories = read_choices(o->if_contains("categories"), "/categories", false, errors);
  if (o->contains("answer_classes"))
    s.answer_classes = read_choices(o->if_contains("answer_classes"), "/answer_classes", true, errors);
  if (o->contains("not_accepted_reasons"))
    s.not_accepted_reasons =
        read_choices(o->if_contains("not_accepted_reasons"), "/not_accepted_reasons", false, errors);
  for (const auto& [key, v] : *o)
    if (!known.contains(std::string(key))) errors.field("/" + std::string(key), "Not a setting.");
  return s;
}

namespace {

Settings load_settings(soci::session& s, std::int64_t congress_id) {
  auto stored = store::settings(s, congress_id);
  if (stored.version == 0) return Settings::henan_defaults();
  Validator ignored;  // stored settings were checked when saved
  return settings_from_json(boost::json::parse(stored.json), ignored);
}

// ---- who the caller is to one suggestion --------------------------------------------------

struct Relation {
  std::optional<std::int64_t> person_id;
  bool lead = false;
  std::optional<std::string> cosigner_state;
  std::optional<std::int64_t> cosigner_mandate;
  bool reader = false, staff = false;
  std::string staff_grant;
  std::vector<std::int64_t> unit_ids;  // the caller's units

  bool visible(const Suggestion& s) const {
    if (lead || cosigner_state) return true;
    if (reader && s.state != "draft") return true;
    return !own_assignments(s).empty();
  }
  std::vector<const Assignment*> own_assignments(const Suggestion& s) const {
    std::vector<const Assignment*> out;
    for (const auto& a : s.assignments)
      if (a.state != "reassigned" && std::find(unit_ids.begin(), unit_ids.end(), a.unit_id) != unit_ids.end())
        out.push_back(&a);
    return out;
  }
};

std::vector<std::int64_t> unit_ids_of(const Principal& p) {
  std::vector<std::int64_t> out;
  for (const auto& g : p.grants)
    if ((g.role == roles::unit_handler || g.role == roles::unit_head) && g.scope_type == "unit" && g.scope_id)
      out.push_back(*g.scope_id);
  return out;
}

// `person`: the deputy the caller's account acts for, when it does.
Relation relate(const Principal& p, const Suggestion& item, std::optional<std::int64_t> person) {
  Relation r;
  if (!p.authenticated()) return r;
  r.person_id = person;
  r.lead = r.person_id && *r.person_id == item.lead.person_id;
  for (const auto& c : item.cosigners)
    if (r.person_id && c.person_id == *r.person_id) {
      r.cosigner_state = c.state;
      r.cosigner_mandate = c.mandate_id;
    }
  policy::Scope scope{item.congress_id, std::nullopt, std::nullopt, std::nullopt};
  r.reader = policy::decide(p, policy::Action::congress_read, scope).allowed();
  auto manage = policy::decide(p, policy::Action::suggestion_manage, scope);
  r.staff = manage.allowed();
  r.staff_grant = manage.grant;
  r.unit_ids = unit_ids_of(p);
  return r;
}

Relation relate(soci::session& s, const Principal& p, const Suggestion& item) {
  std::optional<std::int64_t> person;
  if (p.user_id) person = store::person_of_user(s, *p.user_id);
  return relate(p, item, person);
}

// ---- the checks behind allowed_actions and behind every transition ------------------------

enum class Outcome { ok, not_actor, bad_state, condition };

struct Check {
  Outcome outcome = Outcome::ok;
  std::string code, detail;
};

const HandlingRequest* pending_request(const Suggestion& s, std::string_view kind) {
  for (const auto& r : s.requests)
    if (r.kind == kind && r.state == "pending") return &r;
  return nullptr;
}

bool pending_request_for(const Suggestion& s, std::int64_t assignment_id, std::string_view kind) {
  for (const auto& r : s.requests)
    if (r.assignment_id == assignment_id && r.kind == kind && r.state == "pending") return true;
  return false;
}

bool has_contact(const Suggestion& s, std::int64_t assignment_id) {
  for (const auto& c : s.contacts)
    if (c.assignment_id == assignment_id) return true;
  return false;
}

// The caller's assignment an action is about: the one named, or the caller's only one
// that the action can apply to.
const Assignment* pick_assignment(const Suggestion& s, const Relation& rel, Action action,
                                  std::optional<std::int64_t> wanted) {
  auto own = rel.own_assignments(s);
  if (wanted) {
    for (const auto* a : own)
      if (a->id == *wanted) return a;
    return nullptr;
  }
  auto fits = [action](const Assignment& a) {
    switch (action) {
      case Action::accept: return a.state == "pending";
      case Action::submit_view: return a.role == "co" && a.state == "accepted";
      case Action::answer:
      case Action::request_extension: return a.answers() && a.state == "accepted";
      default: return a.open();
    }
  };
  for (const auto* a : own)
    if (fits(*a)) return a;
  return own.empty() ? nullptr : own.front();
}

Check check(const Suggestion& s, const Relation& rel, Action action, const std::string& today,
            std::optional<std::int64_t> assignment_id, bool details_loaded) {
  auto state = rules::parse_state(s.state).value_or(State::draft);
  const Assignment* mine = nullptr;
  switch (rules::actor_of(action)) {
    case Actor::lead:
      if (!rel.lead) return {Outcome::not_actor, "forbidden", "Only the lead deputy may do this."};
      break;
    case Actor::cosigner:
      if (!rel.cosigner_state) return {Outcome::not_actor, "forbidden", "Only an invited co-signer may do this."};
      break;
    case Actor::staff:
      if (!rel.staff) return {Outcome::not_actor, "forbidden", "Only staff of the congress may do this."};
      break;
    case Actor::unit:
      mine = pick_assignment(s, rel, action, assignment_id);
      if (!mine) return {Outcome::not_actor, "forbidden", "Only a unit the item is assigned to may do this."};
      // In lead mode the lead unit answers and asks for time; co-handlers send it their view.
      if ((action == Action::answer || action == Action::request_extension) && !mine->answers())
        return {Outcome::not_actor, "forbidden", "Co-handling units send their view to the lead unit."};
      break;
  }
  if (!rules::state_admits(action, state))
    return {Outcome::bad_state, "invalid_state",
            "This cannot be done while the suggestion is " + s.state + "."};
  auto cond = [](std::string code, std::string detail) {
    return Check{Outcome::condition, std::move(code), std::move(detail)};
  };
  switch (action) {
    case Action::cosign:
    case Action::decline:
      if (rel.cosigner_state != "invited") return cond("already_answered", "The invitation has been answered.");
      break;
    case Action::accept:
      if (mine->state != "pending") return cond("assignment_state", "The assignment has been accepted already.");
      break;
    case Action::request_reassignment:
      if (!mine->open()) return cond("assignment_state", "The assignment is not open.");
      if (today > mine->reassign_until)
        return cond("reassign_window_closed",
                    "Reassignment could be asked for until " + mine->reassign_until + ".");
      if (pending_request_for(s, mine->id, "reassignment"))
        return cond("request_pending", "A reassignment request is pending.");
      break;
    case Action::record_contact:
      if (!mine->open()) return cond("assignment_state", "The assignment is not open.");
      break;
    case Action::submit_view:
      if (mine->role != "co") return cond("assignment_role", "Only co-handling units send a view.");
      if (mine->state != "accepted") return cond("assignment_state", "Accept the assignment first.");
      if (mine->view_text) return cond("view_sent", "The view has been sent.");
      break;
    case Action::answer:
      if (!mine->answers()) return cond("assignment_role", "Co-handling units send their view to the lead unit.");
      if (mine->state != "accepted") return cond("assignment_state", "Accept the assignment first.");
      if (details_loaded && !has_contact(s, mine->id))
        return cond("contact_required", "Record a contact with the deputy before answering.");
      break;
    case Action::request_extension:
      if (!mine->answers() || mine->state != "accepted")
        return cond("assignment_state", "Only an accepted answering assignment may ask for more time.");
      if (pending_request_for(s, mine->id, "extension"))
        return cond("request_pending", "An extension request is pending.");
      break;
    case Action::decide_reassignment:
      if (!pending_request(s, "reassignment")) return cond("no_pending_request", "No reassignment request is pending.");
      break;
    case Action::decide_extension:
      if (!pending_request(s, "extension")) return cond("no_pending_request", "No extension request is pending.");
      break;
    case Action::evaluate:
      if (s.evaluation_due && today > *s.evaluation_due)
        return cond("evaluation_window_closed", "The evaluation window ended on " + *s.evaluation_due + ".");
      break;
    default:
      break;
  }
  return {};
}

std::vector<std::string> allowed(const Suggestion& s, const Relation& rel, const std::string& today) {
  std::vector<std::string> out;
  for (auto a : rules::all_actions())
    if (check(s, rel, a, today, std::nullopt, true).outcome == Outcome::ok)
      out.emplace_back(rules::action_name(a));
  return out;
}

void throw_check(const Check& c, const Suggestion& s) {
  switch (c.outcome) {
    case Outcome::ok: return;
    case Outcome::not_actor: throw Error::forbidden(c.detail);
    case Outcome::bad_state: {
      Error e = Error::conflict("invalid_state", c.detail);
      e.with_member("current_state", s.state);
      throw e;
    }
    case Outcome::condition: {
      Error e = Error::conflict(c.code, c.detail);
      e.with_member("current_state", s.state);
      throw e;
    }
  }
}

// ---- dates -----------------------------------------------------------------------------

using calendar::Today;
Today today_of(soci::session& s, const Clock& clock, std::int64_t congress_id) {
  return calendar::Service::today(s, clock, congress_id);
}

Date date_of(const std::string& text) {
  auto d = parse_date(text);
  if (!d) throw std::runtime_error("a stored date is malformed: " + text);
  return *d;
}

std::string plus_working_days(const WorkingCalendar& cal, const Date& from, int n) {
  return format_date(cal.add_working_days(from, n));
}
std::string plus_months(const Date& from, int n) { return format_date(calendar::add_months(from, n)); }

// The nearest open deadline of the item's current step.
void recompute_due(Suggestion& s) {
  std::optional<std::string> due;
  auto take = [&due](const std::optional<std::string>& d) {
    if (d && (!due || *d < *due)) due = d;
  };
  if (s.state == "registered") take(s.assign_due);
  if (s.state == "assigned" || s.state == "rehandling") {
    for (const auto& a : s.assignments)
      if (a.answers() && a.open()) take(a.answer_due);
    for (const auto& r : s.requests)
      if (r.state == "pending") take(r.decide_due);
  }
  if (s.state == "answered") take(s.evaluation_due);
  s.due_date = due;
}

// ---- notifications ------------------------------------------------------------------------

std::vector<notifications::Notice> to_users(const std::vector<std::int64_t>& users, const std::string& key,
                                            const std::string& kind, const std::string& title,
                                            const std::string& body, std::int64_t suggestion_id) {
  std::vector<notifications::Notice> out;
  for (auto u : users)
    out.push_back({u, key, kind, title, body, std::string(record_type), std::to_string(suggestion_id)});
  return out;
}

std::string quoted(const Suggestion& s) { return "《" + s.title + "》"; }

}  // namespace

// ---- the service ------------------------------------------------------------------------

namespace {

struct Context {
  Relation rel;
  Today today;
};

std::string actor_name(soci::session& s, const Caller& caller) {
  if (caller.principal.user_id) {
    auto name = store::display_name(s, *caller.principal.user_id);
    if (!name.empty()) return name;
  }
  return caller.principal.actor;
}

void check_draft(soci::session& s, const Draft& d, std::int64_t congress_id, const Settings& settings,
                 Validator& v) {
  if (!v.has_field("/title") && (d.title.empty() || utf8_length(d.title) > 100))
    v.field("/title", "A title of 1 to 100 characters is required.");
  if (!v.has_field("/content") && (d.content.empty() || utf8_length(d.content) > 20000))
    v.field("/content", "The text (1 to 20,000 characters) is required.");
  if (!v.has_field("/category") && !settings.category(d.category))
    v.field("/category", "Not one of this congress's categories.");
  if (d.period != "session" && d.period != "recess") v.field("/period", "Must be session or recess.");
  if (d.publication != "full" && d.publication != "title_only" && d.publication != "none")
    v.field("/publication", "Must be full, title_only or none.");
  if (d.session_id && !store::session_of_congress(s, *d.session_id, congress_id))
    v.field("/session_id", "Not a session of this congress.");
  if (d.proposed_unit_id) {
    auto unit = store::find_unit(s, *d.proposed_unit_id);
    if (!unit || unit->congress_id != congress_id || !unit->active)
      v.field("/proposed_unit_id", "Not an active handling unit of this congress.");
  }
}

void apply_draft(Suggestion& s, const Draft& d) {
  s.title = d.title;
  s.content = d.content;
  s.category = d.category;
  s.period = d.period;
  s.publication = d.publication;
  s.session_id = d.session_id;
  s.proposed_unit_id = d.proposed_unit_id;
}

}  // namespace

std::shared_ptr<const Settings> Service::settings_of(soci::session& s, std::int64_t congress_id) const {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(settings_mutex_);
    auto it = settings_cache_.find(congress_id);
    if (it != settings_cache_.end() && now - it->second.first < std::chrono::minutes(1)) return it->second.second;
  }
  auto fresh = std::make_shared<const Settings>(load_settings(s, congress_id));
  std::lock_guard lock(settings_mutex_);
  settings_cache_[congress_id] = {now, fresh};
  return fresh;
}

SettingsView Service::settings(const Caller& caller, std::int64_t congress_id) {
  policy::require_authenticated(caller.principal);
  auto lease = db_.read();
  if (!store::congress_time_zone(*lease, congress_id)) throw Error::not_found("There is no such congress.");
  // Everyone working in the congress reads its rules: its staff, leaders, deputies, and the
  // users of its units and stations.
  bool member = false;
  for (const auto& g : caller.principal.grants) {
    if (g.role == roles::admin) member = true;
    else if (g.scope_type == "congress") member = member || g.scope_id == congress_id;
    else if (g.scope_id) member = member || store::congress_of_scope(*lease, g.scope_type, *g.scope_id) == congress_id;
  }
  if (!member) throw Error::not_found("There is no such congress.");
  auto stored = store::settings(*lease, congress_id);
  return {congress_id, load_settings(*lease, congress_id), std::max<std::int64_t>(stored.version, 1)};
}

SettingsView Service::save_settings(const Caller& caller, std::int64_t congress_id, const Settings& settings,
                                    std::int64_t expected_version, Validator input_errors) {
  std::string grant = policy::enforce(caller.principal, policy::Action::suggestion_manage,
                                      {congress_id, std::nullopt, std::nullopt, std::nullopt}, "congress");
  input_errors.throw_if_any();
  SettingsView out;
  db_.write([&](soci::session& tx) {
    if (!store::congress_time_zone(tx, congress_id)) throw Error::not_found("There is no such congress.");
    auto json = settings_to_json(settings);
    if (!store::save_settings(tx, congress_id, boost::json::serialize(json), expected_version,
                              to_epoch_ms(clock_.now())))
      throw Error::conflict("version_conflict", "The settings were changed by someone else; reload them.");
    audit_.record(tx, caller, {"suggestion_settings.update", "congress", std::to_string(congress_id), json, grant, congress_id});
    out = {congress_id, settings, store::settings(tx, congress_id).version};
  });
  std::lock_guard lock(settings_mutex_);
  settings_cache_.erase(congress_id);
  return out;
}

View Service::create(const Caller& caller, const Draft& draft, Validator v) {
  View out;
  db_.write([&](soci::session& tx) { out = create(tx, caller, draft, std::move(v)); });
  return out;
}

View Service::create(soci::session& tx, const Caller& caller, const Draft& draft, Validator v) {
  policy::require_authenticated(caller.principal);
  const auto& p = caller.principal;
  if (!p.user_id) throw Error::forbidden("Only a deputy's account may write suggestions.");
  std::vector<std::int64_t> congresses;
  for (const auto& g : p.grants)
    if (g.role == roles::deputy && g.scope_id) congresses.push_back(*g.scope_id);
  if (congresses.empty()) throw Error::forbidden("Only deputies write suggestions.");
  std::int64_t congress_id = 0;
  if (draft.congress_id) {
    if (std::find(congresses.begin(), congresses.end(), *draft.congress_id) == congresses.end())
      v.field("/congress_id", "You are not a deputy of this congress.");
    else
      congress_id = *draft.congress_id;
  } else if (congresses.size() == 1) {
    congress_id = congresses.front();
  } else {
    v.field("/congress_id", "You are a deputy of several congresses: say which one.");
  }
  std::optional<Deputy> lead;
  if (congress_id) {
    auto person = store::person_of_user(tx, *p.user_id);
    if (person) lead = store::serving_mandate(tx, *person, congress_id);
    if (!lead) throw Error::forbidden("Your account is not linked to a serving deputy of this congress.");
  }
  Settings settings = congress_id ? load_settings(tx, congress_id) : Settings::henan_defaults();
  if (congress_id) check_draft(tx, draft, congress_id, settings, v);
  v.throw_if_any();
  auto today = today_of(tx, clock_, congress_id);
  Suggestion s;
  apply_draft(s, draft);
  s.congress_id = congress_id;
  s.year = static_cast<int>(today.date.year());
  s.lead = *lead;
  s.state = "draft";
  s.source_opinion_id = draft.source_opinion_id;
  s.created_at_ms = s.updated_at_ms = to_epoch_ms(clock_.now());
  s.id = store::insert(tx, s);
  store::insert_event(tx, s.id, {s.created_at_ms, p.actor, actor_name(tx, caller), "deputy", "create",
                                 draft.source_opinion_id ? "由群众意见转为建议" : ""});
  audit_.record(tx, caller, {"suggestion.create", std::string(record_type), std::to_string(s.id),
                             {{"title", s.title}, {"category", s.category}}, "deputy", congress_id});
  auto stored = store::find(tx, s.id);
  store::load_details(tx, *stored);
  auto rel = relate(tx, p, *stored);
  return {*stored, allowed(*stored, rel, today.text), today.text, settings};
}

View Service::edit(const Caller& caller, std::int64_t id, const Draft& draft, std::int64_t expected_version,
                   Validator v) {
  policy::require_authenticated(caller.principal);
  View out;
  db_.write([&](soci::session& tx) {
    auto found = store::find(tx, id);
    if (!found) throw Error::not_found("There is no such suggestion.");
    Suggestion s = std::move(*found);
    store::load_details(tx, s);
    auto rel = relate(tx, caller.principal, s);
    if (!rel.visible(s)) throw Error::not_found("There is no such suggestion.");
    auto today = today_of(tx, clock_, s.congress_id);
    throw_check(check(s, rel, Action::edit, today.text, std::nullopt, true), s);
    Settings settings = load_settings(tx, s.congress_id);
    check_draft(tx, draft, s.congress_id, settings, v);
    v.throw_if_any();
    if (s.version != expected_version)
      throw Error::conflict("version_conflict", "The suggestion was changed meanwhile; reload it.");
    boost::json::object changes;
    if (s.title != draft.title) changes["title"] = {{"from", s.title}, {"to", draft.title}};
    if (s.category != draft.category) changes["category"] = {{"from", s.category}, {"to", draft.category}};
    if (s.content != draft.content) changes["content"] = "changed";
    apply_draft(s, draft);
    s.updated_at_ms = to_epoch_ms(clock_.now());
    if (!store::save(tx, s, expected_version))
      throw Error::conflict("version_conflict", "The suggestion was changed meanwhile; reload it.");
    store::insert_event(tx, id, {s.updated_at_ms, caller.principal.actor, actor_name(tx, caller), "deputy", "edit", ""});
    audit_.record(tx, caller, {"suggestion.edit", std::string(record_type), std::to_string(id), changes, "deputy", s.congress_id});
    auto stored = store::find(tx, id);
    store::load_details(tx, *stored);
    out = {*stored, allowed(*stored, rel, today.text), today.text, settings};
  });
  return out;
}

View Service::act(const Caller& caller, std::int64_t id, Action action, const ActionInput& in) {
  policy::require_authenticated(caller.principal);
  View out;
  db_.write([&](soci::session& tx) {
    auto found = store::find(tx, id);
    if (!found) throw Error::not_found("There is no such suggestion.");
    Suggestion s = std::move(*found);
    store::load_details(tx, s);
    auto rel = relate(tx, caller.principal, s);
    if (!rel.visible(s)) throw Error::not_found("There is no such suggestion.");
    auto today = today_of(tx, clock_, s.congress_id);
    throw_check(check(s, rel, action, today.text, in.assignment_id, true), s);
    Settings settings = load_settings(tx, s.congress_id);
    const std::int64_t version = s.version;
    const std::int64_t now = to_epoch_ms(clock_.now());
    const std::string name = actor_name(tx, caller);
    const Assignment* mine = rules::actor_of(action) == Actor::unit
                                 ? pick_assignment(s, rel, action, in.assignment_id)
                                 : nullptr;
    std::string role = rel.lead ? "deputy" : rel.staff ? "staff" : mine ? "unit" : "cosigner";
    if (mine) role = "unit:" + mine->unit_name;
    if (rules::actor_of(action) == Actor::staff) role = "staff";
    if (rules::actor_of(action) == Actor::cosigner) role = "cosigner";
    std::string grant = rules::actor_of(action) == Actor::staff ? rel.staff_grant
                        : mine ? "unit:" + std::to_string(mine->unit_id)
                               : "deputy";
    std::string note;
    boost::json::object changes{{"from", s.state}};
    std::vector<notifications::Notice> notices;
    Validator v;
    auto cal = [&tx, cache = std::optional<WorkingCalendar>()]() mutable -> const WorkingCalendar& {
      if (!cache) cache = calendar::Service::load(tx);
      return *cache;
    };
    auto required_text = [&v](const std::string& value, const char* field, std::size_t max) {
      if (value.empty() || utf8_length(value) > max)
        v.field(std::string("/") + field, "Required, at most " + std::to_string(max) + " characters.");
    };
    auto assignment = [&s](std::int64_t aid) -> Assignment& {
      for (auto& a : s.assignments)
        if (a.id == aid) return a;
      throw std::logic_error("no such assignment");
    };
    // Units named in an assignment must be active units of the item's congress.
    auto check_units = [&](const std::vector<std::int64_t>& ids, const std::string& at) {
      std::set<std::int64_t> seen;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        auto unit = store::find_unit(tx, ids[i]);
        std::string p = at + (ids.size() > 1 || at.ends_with("s") ? "/" + std::to_string(i) : "");
        if (!unit || unit->congress_id != s.congress_id || !unit->active)
          v.field(p, "Not an active handling unit of this congress.");
        else if (!seen.insert(ids[i]).second)
          v.field(p, "Listed twice.");
      }
    };
    auto new_assignment = [&](std::int64_t unit_id, const std::string& assignment_role, const Date& on) {
      Assignment a;
      a.unit_id = unit_id;
      a.role = assignment_role;
      a.state = "pending";
      a.assigned_on = format_date(on);
      a.reassign_until = plus_working_days(cal(), on, settings.reassign_window_working_days);
      if (assignment_role == "co") a.view_due = plus_months(on, settings.cohandler_view_months);
      else a.answer_due = plus_months(on, settings.answer_months);
      return a;
    };

    switch (action) {
      case Action::edit:
        break;  // PATCH, not an action
      case Action::invite: {
        if (!in.mandate_id) v.field("/mandate_id", "Name the deputy (mandate id) to invite.");
        v.throw_if_any();
        auto m = store::find_mandate(tx, *in.mandate_id);
        if (!m || m->congress_id != s.congress_id || m->status != "serving")
          v.field("/mandate_id", "Not a serving deputy of this congress.");
        else if (m->deputy.person_id == s.lead.person_id)
          v.field("/mandate_id", "The lead deputy cannot co-sign their own suggestion.");
        else
          for (const auto& c : s.cosigners)
            if (c.person_id == m->deputy.person_id) v.field("/mandate_id", "Already invited.");
        v.throw_if_any();
        store::put_cosigner(tx, id, {m->deputy.mandate_id, m->deputy.person_id, m->deputy.name, "invited"}, now);
        note = m->deputy.name;
        changes["cosigner"] = m->deputy.name;
        auto users = notifications_.accounts_of_person(tx, m->deputy.person_id);
        notices = to_users(users, "suggestion:" + std::to_string(id) + ":cosign:" + std::to_string(m->deputy.mandate_id),
                           "cosign_invitation", "附议邀请：" + quoted(s),
                           s.lead.name + "代表邀请您附议这件建议。", id);
        break;
      }
      case Action::uninvite: {
        bool found_cosigner = false;
        for (const auto& c : s.cosigners)
          if (in.mandate_id && c.mandate_id == *in.mandate_id) {
            found_cosigner = true;
            note = c.name;
          }
        if (!found_cosigner) v.field("/mandate_id", "Not an invited co-signer of this suggestion.");
        v.throw_if_any();
        store::remove_cosigner(tx, id, *in.mandate_id);
        changes["cosigner"] = note;
        break;
      }
      case Action::cosign:
      case Action::decline:
        store::set_cosigner_state(tx, id, *rel.cosigner_mandate,
                                  action == Action::cosign ? "confirmed" : "declined", now);
        break;
      case Action::submit:
        s.state = "submitted";
        s.submitted_at_ms = now;
        s.return_reason.clear();
        notices = to_users(notifications_.staff_of(tx, s.congress_id),
                           "suggestion:" + std::to_string(id) + ":submitted:" + std::to_string(version),
                           "submitted", "新提交建议：" + quoted(s), s.lead.name + "代表提交了建议，请审查。", id);
        break;
      case Action::withdraw:
        if (utf8_length(in.reason) > 500) v.field("/reason", "At most 500 characters.");
        v.throw_if_any();
        s.state = "withdrawn";
        s.closed_at_ms = now;
        note = in.reason;
        break;
      case Action::return_item:
        required_text(in.reason, "reason", 500);
        v.throw_if_any();
        s.state = "returned";
        s.return_reason = in.reason;
        note = in.reason;
        notices = to_users(notifications_.accounts_of_person(tx, s.lead.person_id),
                           "suggestion:" + std::to_string(id) + ":returned:" + std::to_string(version),
                           "returned", "建议已退回：" + quoted(s), in.reason, id);
        break;
      case Action::reject: {
        const auto* reason = settings.not_accepted_reason(in.reason_code);
        if (!reason) v.field("/reason_code", "Not one of this congress's reasons for not accepting.");
        if (utf8_length(in.note) > 500) v.field("/note", "At most 500 characters.");
        v.throw_if_any();
        s.state = "not_accepted";
        s.not_accepted_reason = in.reason_code;
        s.not_accepted_note = in.note;
        s.closed_at_ms = now;
        note = reason->label + (in.note.empty() ? "" : "：" + in.note);
        changes["reason_code"] = in.reason_code;
        break;
      }
      case Action::register_item:
        s.state = "registered";
        s.year = static_cast<int>(today.date.year());
        s.number = store::next_number(tx, s.congress_id, s.year);
        s.registered_at_ms = now;
        s.assign_due = plus_working_days(cal(), today.date, settings.assign_working_days);
        note = rules::number_label(*s.number);
        changes["number"] = *s.number;
        break;
      case Action::assign: {
        std::vector<std::pair<std::int64_t, std::string>> plan;
        if (in.mode == "lead") {
          if (!in.lead_unit_id) v.field("/lead_unit_id", "Name the lead unit.");
          std::vector<std::int64_t> all;
          if (in.lead_unit_id) all.push_back(*in.lead_unit_id);
          all.insert(all.end(), in.co_unit_ids.begin(), in.co_unit_ids.end());
          if (in.lead_unit_id) check_units({*in.lead_unit_id}, "/lead_unit_id");
          check_units(in.co_unit_ids, "/co_unit_ids");
          if (in.lead_unit_id &&
              std::find(in.co_unit_ids.begin(), in.co_unit_ids.end(), *in.lead_unit_id) != in.co_unit_ids.end())
            v.field("/co_unit_ids", "The lead unit cannot co-handle too.");
          if (in.lead_unit_id) plan.push_back({*in.lead_unit_id, "lead"});
          for (auto u : in.co_unit_ids) plan.push_back({u, "co"});
        } else if (in.mode == "separate") {
          if (in.unit_ids.empty()) v.field("/unit_ids", "Name at least one unit.");
          check_units(in.unit_ids, "/unit_ids");
          for (auto u : in.unit_ids) plan.push_back({u, "separate"});
        } else {
          v.field("/mode", "Must be lead (a lead unit with co-handlers) or separate.");
        }
        std::vector<Suggestion> merged;
        for (std::size_t i = 0; i < in.merge_ids.size(); ++i) {
          auto other = in.merge_ids[i] == id ? std::nullopt : store::find(tx, in.merge_ids[i]);
          if (!other || other->congress_id != s.congress_id || other->state != "registered")
            v.field("/merge_ids/" + std::to_string(i), "Not another registered suggestion of this congress.");
          else
            merged.push_back(std::move(*other));
        }
        v.throw_if_any();
        auto handle = [&](Suggestion& item, std::int64_t item_version) {
          item.state = "assigned";
          item.handling_mode = in.mode;
          item.assigned_at_ms = now;
          if (!merged.empty()) item.merge_group = id;
          for (const auto& [unit_id, unit_role] : plan) {
            Assignment a = new_assignment(unit_id, unit_role, today.date);
            a.id = store::insert_assignment(tx, item.id, a, now);
            a.unit_name = store::find_unit(tx, unit_id)->name;
            item.assignments.push_back(a);
            auto n = to_users(notifications_.unit_users(tx, unit_id), "assignment:" + std::to_string(a.id) + ":new",
                              "assignment_new", "新交办建议：" + quoted(item),
                              "答复期限：" + a.answer_due.value_or(a.view_due.value_or("")), item.id);
            notices.insert(notices.end(), n.begin(), n.end());
          }
          if (item.id != id) {
            recompute_due(item);
            item.updated_at_ms = now;
            if (!store::save(tx, item, item_version))
              throw Error::conflict("version_conflict", "A merged suggestion was changed meanwhile.");
            store::insert_event(tx, item.id, {now, caller.principal.actor, name, "staff", "assign",
                                              "并案：" + rules::number_label(s.number.value_or(0))});
          }
        };
        handle(s, version);
        for (auto& other : merged) handle(other, other.version);
        boost::json::array units;
        for (const auto& [unit_id, unit_role] : plan) units.push_back({{"unit_id", unit_id}, {"role", unit_role}});
        changes["units"] = std::move(units);
        changes["mode"] = in.mode;
        for (const auto& [unit_id, unit_role] : plan) {
          if (!note.empty()) note += "、";
          note += store::find_unit(tx, unit_id)->name;
        }
        break;
      }
      case Action::accept: {
        Assignment& a = assignment(mine->id);
        a.state = "accepted";
        store::update_assignment(tx, a);
        note = mine->unit_name;
        break;
      }
      case Action::request_reassignment: {
        required_text(in.reason, "reason", 500);
        v.throw_if_any();
        HandlingRequest r;
        r.assignment_id = mine->id;
        r.kind = "reassignment";
        r.reason = in.reason;
        r.state = "pending";
        r.decide_due = plus_working_days(cal(), today.date, settings.reassign_decision_working_days);
        store::insert_request(tx, id, r, now);
        s.requests.push_back(r);
        note = in.reason;
        notices = to_users(notifications_.staff_of(tx, s.congress_id),
                           "assignment:" + std::to_string(mine->id) + ":reassignment:" + std::to_string(now),
                           "request", "调整申请：" + quoted(s), mine->unit_name + "申请调整承办单位：" + in.reason, id);
        break;
      }
      case Action::decide_reassignment:
      case Action::decide_extension: {
        std::string kind = action == Action::decide_reassignment ? "reassignment" : "extension";
        HandlingRequest* r = nullptr;
        for (auto& candidate : s.requests)
          if (candidate.kind == kind && candidate.state == "pending" &&
              (!in.request_id || candidate.id == *in.request_id))
            r = &candidate;
        if (!r) v.field("/request_id", "Not a pending " + kind + " request of this suggestion.");
        if (!in.approve) v.field("/approve", "Say whether the request is approved (true or false).");
        if (utf8_length(in.note) > 500) v.field("/note", "At most 500 characters.");
        if (r && in.approve.value_or(false) && kind == "reassignment") {
          if (!in.unit_id) v.field("/unit_id", "Name the unit that takes the item over.");
          else check_units({*in.unit_id}, "/unit_id");
          if (in.unit_id)
            for (const auto& a : s.assignments)
              if (a.unit_id == *in.unit_id && a.state != "reassigned")
                v.field("/unit_id", "This unit already handles the item.");
        }
        v.throw_if_any();
        r->state = *in.approve ? "approved" : "rejected";
        r->note = in.note;
        r->decided_at_ms = now;
        store::update_request(tx, *r);
        Assignment& old = assignment(r->assignment_id);
        note = std::string(*in.approve ? "同意" : "不同意") + (in.note.empty() ? "" : "：" + in.note);
        changes["request_id"] = r->id;
        changes["approved"] = *in.approve;
        if (*in.approve && kind == "reassignment") {
          old.state = "reassigned";
          store::update_assignment(tx, old);
          Assignment a = new_assignment(*in.unit_id, old.role, today.date);
          a.id = store::insert_assignment(tx, id, a, now);
          a.unit_name = store::find_unit(tx, *in.unit_id)->name;
          s.assignments.push_back(a);
          changes["unit_id"] = *in.unit_id;
          note += "，改由" + a.unit_name + "承办";
          notices = to_users(notifications_.unit_users(tx, *in.unit_id), "assignment:" + std::to_string(a.id) + ":new",
                             "assignment_new", "新交办建议：" + quoted(s),
                             "答复期限：" + a.answer_due.value_or(a.view_due.value_or("")), id);
        }
        if (*in.approve && kind == "extension") {
          old.answer_due = r->until;
          old.extended = true;
          store::update_assignment(tx, old);
          note += "，答复期限延至" + r->until.value_or("");
        }
        break;
      }
      case Action::record_contact: {
        static const std::vector<std::string> methods{"face_to_face", "phone", "letter", "online"};
        if (std::find(methods.begin(), methods.end(), in.method) == methods.end())
          v.field("/method", "Must be face_to_face, phone, letter or online.");
        auto date = in.date ? parse_date(*in.date) : std::nullopt;
        if (!date) v.field("/date", "The date of the contact (YYYY-MM-DD) is required.");
        else if (format_date(*date) > today.text) v.field("/date", "Cannot be in the future.");
        if (utf8_length(in.note) > 2000) v.field("/note", "At most 2,000 characters.");
        v.throw_if_any();
        Contact c{0, mine->id, mine->unit_name, in.method, *in.date, in.note, name};
        store::insert_contact(tx, id, c, now);
        note = in.note;
        changes["method"] = in.method;
        changes["date"] = *in.date;
        break;
      }
      case Action::submit_view: {
        required_text(in.text, "text", 20000);
        v.throw_if_any();
        Assignment& a = assignment(mine->id);
        a.view_text = in.text;
        a.view_at_ms = now;
        store::update_assignment(tx, a);
        note = mine->unit_name;
        break;
      }
      case Action::answer: {
        const auto* cls = settings.answer_class(in.answer_class);
        if (!cls) v.field("/answer_class", "Not one of this congress's answer classes.");
        required_text(in.text, "text", 20000);
        required_text(in.signed_by, "signed_by", 50);
        auto answered_on = in.answered_on ? parse_date(*in.answered_on) : std::nullopt;
        if (!answered_on) v.field("/answered_on", "The date of the answer letter (YYYY-MM-DD) is required.");
        else if (format_date(*answered_on) > today.text) v.field("/answered_on", "Cannot be in the future.");
        if (cls && cls->requires_ == "plan") {
          required_text(in.plan, "plan", 5000);
          if (!in.plan_date || !parse_date(*in.plan_date))
            v.field("/plan_date", "Class " + cls->code + " states by when (YYYY-MM-DD).");
        }
        if (cls && cls->requires_ == "reasons") required_text(in.reasons, "reasons", 5000);
        if (in.attachment_id) {
          auto att = attachments_.find(tx, *in.attachment_id);
          if (!att || att->owner_type != record_type || att->owner_id != id)
            v.field("/attachment_id", "Not an attachment of this suggestion.");
        }
        v.throw_if_any();
        Answer ans;
        ans.assignment_id = mine->id;
        ans.round = s.round;
        ans.answer_class = in.answer_class;
        ans.text = in.text;
        ans.plan = cls->requires_ == "plan" ? in.plan : "";
        ans.plan_date = cls->requires_ == "plan" ? in.plan_date : std::nullopt;
        ans.reasons = cls->requires_ == "reasons" ? in.reasons : "";
        ans.signed_by = in.signed_by;
        ans.answered_on = *in.answered_on;
        ans.attachment_id = in.attachment_id;
        store::insert_answer(tx, id, ans, now);
        Assignment& a = assignment(mine->id);
        a.state = "answered";
        store::update_assignment(tx, a);
        note = mine->unit_name + "：" + cls->code + "类";
        changes["answer_class"] = in.answer_class;
        bool all_answered = true;
        for (const auto& other : s.assignments)
          if (other.answers() && other.state != "reassigned" && other.state != "answered") all_answered = false;
        if (all_answered) {
          s.state = "answered";
          s.evaluation_due = plus_working_days(cal(), today.date, settings.evaluation_working_days);
          std::vector<std::int64_t> readers = notifications_.accounts_of_person(tx, s.lead.person_id);
          for (const auto& c : s.cosigners)
            if (c.state == "confirmed")
              for (auto u : notifications_.accounts_of_person(tx, c.person_id)) readers.push_back(u);
          std::string round = std::to_string(s.round);
          notices = to_users(readers, "suggestion:" + std::to_string(id) + ":answered:" + round, "answer_received",
                             "建议已答复：" + quoted(s), "承办单位已答复，请查看。", id);
          auto eval = to_users(notifications_.accounts_of_person(tx, s.lead.person_id),
                               "suggestion:" + std::to_string(id) + ":evaluate:" + round, "evaluation_requested",
                               "请评价办理结果：" + quoted(s), "请在" + *s.evaluation_due + "前评价。", id);
          notices.insert(notices.end(), eval.begin(), eval.end());
        }
        break;
      }
      case Action::request_extension: {
        required_text(in.reason, "reason", 500);
        auto until = in.until ? parse_date(*in.until) : std::nullopt;
        auto limit = plus_months(date_of(mine->assigned_on), settings.extension_max_months);
        if (!until) v.field("/until", "The new answer date (YYYY-MM-DD) is required.");
        else if (mine->answer_due && format_date(*until) <= *mine->answer_due)
          v.field("/until", "Must be later than the current answer date " + *mine->answer_due + ".");
        else if (format_date(*until) > limit)
          v.field("/until", "An answer may be put off to " + limit + " at the latest (" +
                                std::to_string(settings.extension_max_months) + " months after assignment).");
        v.throw_if_any();
        HandlingRequest r;
        r.assignment_id = mine->id;
        r.kind = "extension";
        r.reason = in.reason;
        r.until = format_date(*until);
        r.state = "pending";
        r.decide_due = plus_working_days(cal(), today.date, settings.reassign_decision_working_days);
        store::insert_request(tx, id, r, now);
        s.requests.push_back(r);
        note = *r.until + "：" + in.reason;
        changes["until"] = *r.until;
        notices = to_users(notifications_.staff_of(tx, s.congress_id),
                           "assignment:" + std::to_string(mine->id) + ":extension:" + std::to_string(now),
                           "request", "延期申请：" + quoted(s), mine->unit_name + "申请延期至" + *r.until, id);
        break;
      }
      case Action::evaluate: {
        if (!rules::is_rating(in.attitude)) v.field("/attitude", "Must be satisfied, basically_satisfied or unsatisfied.");
        if (!rules::is_rating(in.result)) v.field("/result", "Must be satisfied, basically_satisfied or unsatisfied.");
        if (utf8_length(in.comment) > 2000) v.field("/comment", "At most 2,000 characters.");
        v.throw_if_any();
        store::insert_evaluation(tx, id, {s.round, in.attitude, in.result, in.comment, today.text}, now);
        bool unsatisfied = in.attitude == "unsatisfied" || in.result == "unsatisfied";
        changes["attitude"] = in.attitude;
        changes["result"] = in.result;
        note = in.comment;
        if (unsatisfied && s.round == 1) {
          s.state = "rehandling";
          s.round = 2;
          s.rehandling_due = plus_months(today.date, settings.rehandling_months);
          for (auto& a : s.assignments)
            if (a.answers() && a.state == "answered") {
              a.state = "accepted";
              a.answer_due = s.rehandling_due;
              store::update_assignment(tx, a);
              auto n = to_users(notifications_.unit_users(tx, a.unit_id), "assignment:" + std::to_string(a.id) + ":rehandling",
                                "rehandling", "建议需重新办理：" + quoted(s),
                                "代表不满意，请于" + *s.rehandling_due + "前重新答复。", id);
              notices.insert(notices.end(), n.begin(), n.end());
            }
        } else {
          s.state = "closed";
          s.close_reason = "evaluated";
          s.closed_at_ms = now;
          s.assessment_flag = unsatisfied;
        }
        break;
      }
    }
    if (!v.ok()) v.throw_if_any();
    recompute_due(s);
    s.updated_at_ms = now;
    if (!store::save(tx, s, version))
      throw Error::conflict("version_conflict", "The suggestion was changed meanwhile; reload it.");
    std::string action_text(rules::action_name(action));
    store::insert_event(tx, id, {now, caller.principal.actor, name, role, action_text, note});
    changes["to"] = s.state;
    audit_.record(tx, caller, {"suggestion." + action_text, std::string(record_type), std::to_string(id),
                               changes, grant, s.congress_id});
    notifications_.notify(tx, notices);
    auto stored = store::find(tx, id);
    store::load_details(tx, *stored);
    auto after = relate(tx, caller.principal, *stored);
    out = {*stored, allowed(*stored, after, today.text), today.text, settings};
    bool ended = s.state == "closed" || s.state == "not_accepted" || s.state == "withdrawn";
    if (ended && closed_listener_) closed_listener_(tx, out);
  });
  return out;
}

View Service::get(const Caller& caller, std::int64_t id) {
  policy::require_authenticated(caller.principal);
  auto lease = db_.read();
  auto found = store::find(*lease, id);
  if (!found) throw Error::not_found("There is no such suggestion.");
  store::load_details(*lease, *found);
  auto rel = relate(*lease, caller.principal, *found);
  if (!rel.visible(*found)) throw Error::not_found("There is no such suggestion.");
  auto today = today_of(*lease, clock_, found->congress_id);
  return {*found, allowed(*found, rel, today.text), today.text, load_settings(*lease, found->congress_id)};
}

std::vector<Event> Service::timeline(const Caller& caller, std::int64_t id) {
  get(caller, id);  // visibility
  auto lease = db_.read();
  return store::events(*lease, id);
}

Page<View> Service::list(const Caller& caller, const ListRequest& request) {
  policy::require_authenticated(caller.principal);
  const auto& p = caller.principal;
  auto lease = db_.read();
  store::ListQuery q;
  if (p.user_id) q.person_id = store::person_of_user(*lease, *p.user_id);
  q.unit_ids = unit_ids_of(p);
  auto scope = policy::list_scope(p, policy::Action::congress_read);
  q.all_congresses = scope.all;
  q.congress_ids = scope.congress_ids;
  bool can_congress = scope.all || !scope.congress_ids.empty();
  bool can_unit = !q.unit_ids.empty();
  bool can_deputy = has_role(p, roles::deputy) && q.person_id;
  if (request.box) {
    q.box = *request.box;
    if ((q.box == "congress" && !can_congress) || (q.box == "unit" && !can_unit) ||
        ((q.box == "mine" || q.box == "cosigning") && !can_deputy))
      throw Error::forbidden("Your roles give you no such list.");
  } else {
    q.box = can_congress ? "congress" : can_unit ? "unit" : can_deputy ? "mine" : "";
    if (q.box.empty()) throw Error::forbidden("Your roles give you no list of suggestions.");
  }
  q.state = request.state;
  q.category = request.category;
  q.q = request.q;
  q.due = request.due;
  q.unit_id = request.unit_id;
  q.congress_id = request.congress_id;
  q.sort = request.sort.value_or("updated");
  // Due filters compare with today in Beijing; every congress of the platform is in China.
  auto today = calendar::civil_date_in(to_epoch_ms(clock_.now()), "Asia/Shanghai");
  Settings defaults = Settings::henan_defaults();
  q.today = format_date(today);
  q.soon_until = format_date(std::chrono::sys_days(today) + std::chrono::days(defaults.due_soon_days));
  q.limit = request.page.page_size;
  q.offset = request.page.offset();
  auto items = store::list(*lease, q);
  auto total = store::count(*lease, q);
  std::map<std::int64_t, Settings> settings_by_congress;
  std::vector<View> views;
  for (auto& item : items) {
    auto [it, fresh] = settings_by_congress.try_emplace(item.congress_id);
    if (fresh) it->second = load_settings(*lease, item.congress_id);
    auto rel = relate(p, item, q.person_id);
    // List items carry no contacts, so `answer` is offered as the detail would before the
    // contact check; the detail view and the action itself apply it.
    std::vector<std::string> actions;
    for (auto a : rules::all_actions())
      if (check(item, rel, a, q.today, std::nullopt, false).outcome == Outcome::ok)
        actions.emplace_back(rules::action_name(a));
    views.push_back({std::move(item), std::move(actions), q.today, it->second});
  }
  return {std::move(views), total, request.page};
}

std::string Service::export_xlsx(const Caller& caller, ListRequest request) {
  request.page = {1, max_export_rows};
  auto page = list(caller, request);
  xlsx::Sheet sheet{"suggestions",
                    {"编号", "标题", "类别", "领衔代表", "状态", "承办单位", "交办日期", "答复期限", "期限状态",
                     "答复类别", "评价"},
                    {},
                    {12, 40, 12, 12, 10, 30, 12, 12, 10, 10, 16}};
  static const std::map<std::string, std::string> state_labels{
      {"draft", "草稿"},       {"submitted", "已提交"},    {"registered", "已立案"}, {"assigned", "已交办"},
      {"answered", "已答复"},  {"closed", "已办结"},      {"returned", "已退回"},   {"not_accepted", "不予立案"},
      {"withdrawn", "已撤回"}, {"rehandling", "重新办理"}};
  static const std::map<std::string, std::string> due_labels{
      {"normal", "正常"}, {"due_soon", "即将到期"}, {"overdue", "已逾期"}};
  for (const auto& v : page.items) {
    const auto& s = v.item;
    std::string units, assigned_on;
    for (const auto& a : s.assignments) {
      if (a.state == "reassigned") continue;
      if (!units.empty()) units += "、";
      units += a.unit_name + (a.role == "co" ? "（协办）" : "");
      assigned_on = a.assigned_on;
    }
    const auto* category = v.settings.category(s.category);
    std::string due_status;
    if (s.due_date)
      due_status = due_labels.at(std::string(rules::due_status_name(
          rules::due_status(date_of(*s.due_date), date_of(v.today), v.settings.due_soon_days))));
    static const std::map<std::string, std::string> ratings{
        {"satisfied", "满意"}, {"basically_satisfied", "基本满意"}, {"unsatisfied", "不满意"}};
    std::string classes, evaluation;
    for (const auto& a : s.answers)
      if (a.round == s.round) classes += (classes.empty() ? "" : "、") + a.answer_class;
    if (!s.evaluations.empty()) {
      const auto& e = s.evaluations.back();
      evaluation = "态度" + ratings.at(e.attitude) + "，结果" + ratings.at(e.result);
    }
    sheet.rows.push_back({s.number ? rules::number_label(*s.number) : "", s.title,
                          category ? category->label : s.category, s.lead.name, state_labels.at(s.state), units,
                          assigned_on, s.due_date.value_or(""), due_status, classes, evaluation});
  }
  return xlsx::workbook(sheet);
}

attachments::Attachment Service::upload(const Caller& caller, std::int64_t id, const attachments::Upload& upload) {
  policy::require_authenticated(caller.principal);
  attachments::Attachment out;
  db_.write([&](soci::session& tx) {
    auto found = store::find(tx, id);
    if (!found) throw Error::not_found("There is no such suggestion.");
    store::load_details(tx, *found);
    auto rel = relate(tx, caller.principal, *found);
    if (!rel.visible(*found)) throw Error::not_found("There is no such suggestion.");
    bool lead_editing = rel.lead && (found->state == "draft" || found->state == "returned");
    bool unit_handling = false;
    for (const auto* a : rel.own_assignments(*found)) unit_handling = unit_handling || a->open();
    if (!lead_editing && !unit_handling && !rel.staff)
      throw Error::forbidden("Only those handling the suggestion now may attach files to it.");
    static const std::vector<std::string> purposes{"answer_letter", "document", "photo"};
    if (std::find(purposes.begin(), purposes.end(), upload.purpose) == purposes.end()) {
      Validator v;
      v.parameter("purpose", "Must be answer_letter, document or photo.");
      v.throw_if_any();
    }
    out = attachments_.add(tx, std::string(record_type), id, upload, actor_name(tx, caller));
    store::insert_event(tx, id, {to_epoch_ms(clock_.now()), caller.principal.actor, actor_name(tx, caller),
                                 rel.lead ? "deputy" : rel.staff ? "staff" : "unit", "attach", out.filename});
    audit_.record(tx, caller, {"suggestion.attach", std::string(record_type), std::to_string(id),
                               {{"attachment_id", out.id}, {"filename", out.filename}, {"sha256", out.sha256}},
                               rel.staff ? rel.staff_grant : rel.lead ? "deputy" : "unit", found->congress_id});
  });
  return out;
}

std::vector<attachments::Attachment> Service::attachments(const Caller& caller, std::int64_t id) {
  get(caller, id);  // visibility
  auto lease = db_.read();
  return attachments_.of(*lease, std::string(record_type), id);
}

SweepResult Service::sweep(const Caller& caller) {
  SweepResult result;
  auto now = clock_.now();
  auto today = calendar::civil_date_in(to_epoch_ms(now), "Asia/Shanghai");
  std::string today_text = format_date(today);
  Settings defaults = Settings::henan_defaults();
  std::string horizon = format_date(std::chrono::sys_days(today) + std::chrono::days(90));
  std::vector<store::Due> expired, answers, assigns, requests;
  {
    auto lease = db_.read();
    expired = store::answered_before(*lease, today_text);
    answers = store::open_answer_deadlines(*lease, horizon);
    assigns = store::open_assign_deadlines(*lease, horizon);
    requests = store::open_request_deadlines(*lease, horizon);
  }
  // Each closure is its own transaction and a conditional update, so that another node
  // sweeping at the same moment closes each item once.
  for (const auto& d : expired) {
    db_.write([&](soci::session& tx) {
      auto found = store::find(tx, d.suggestion_id);
      if (!found || found->state != "answered" || found->version != d.version) return;
      auto local_today = today_of(tx, clock_, found->congress_id);
      if (!found->evaluation_due || *found->evaluation_due >= local_today.text) return;
      Suggestion s = std::move(*found);
      s.state = "closed";
      s.close_reason = "not_evaluated";
      s.closed_at_ms = to_epoch_ms(now);
      s.updated_at_ms = s.closed_at_ms.value();
      s.due_date.reset();
      if (!store::save(tx, s, d.version)) return;
      store::insert_event(tx, s.id, {s.updated_at_ms, "system", "系统", "system", "close",
                                     "评价期限已过，未评价办结"});
      audit_.record(tx, caller, {"suggestion.close", std::string(record_type), std::to_string(s.id),
                                 {{"from", "answered"}, {"to", "closed"}, {"close_reason", "not_evaluated"}},
                                 "scheduler", s.congress_id});
      ++result.closed;
      if (closed_listener_) {
        auto stored = store::find(tx, s.id);
        store::load_details(tx, *stored);
        closed_listener_(tx, {*stored, {}, local_today.text, load_settings(tx, s.congress_id)});
      }
    });
  }
  std::map<std::int64_t, Settings> settings_by_congress;
  auto settings_of = [&](soci::session& tx, std::int64_t congress_id) -> const Settings& {
    auto [it, fresh] = settings_by_congress.try_emplace(congress_id);
    if (fresh) it->second = load_settings(tx, congress_id);
    return it->second;
  };
  auto notify_due = [&](soci::session& tx, const store::Due& d, const std::vector<std::int64_t>& users,
                        const std::string& subject, const std::string& what) {
    auto status = rules::due_status(date_of(d.date), today, settings_of(tx, d.congress_id).due_soon_days);
    if (status == rules::DueStatus::normal) return;
    bool overdue = status == rules::DueStatus::overdue;
    std::string kind(rules::due_status_name(status));
    auto notices = to_users(users, subject + ":" + d.date + ":" + kind, kind,
                            std::string(overdue ? "已逾期：" : "即将到期：") + "《" + d.title + "》",
                            what + (overdue ? "已于" : "将于") + d.date + "到期。", d.suggestion_id);
    result.notified += notifications_.notify(tx, notices);
  };
  db_.write([&](soci::session& tx) {
    for (const auto& d : answers)
      notify_due(tx, d, notifications_.unit_users(tx, d.unit_id), "assignment:" + std::to_string(d.record_id) + ":answer_due",
                 "答复期限");
    for (const auto& d : assigns)
      notify_due(tx, d, notifications_.staff_of(tx, d.congress_id), "suggestion:" + std::to_string(d.suggestion_id) + ":assign_due",
                 "交办期限");
    for (const auto& d : requests)
      notify_due(tx, d, notifications_.staff_of(tx, d.congress_id), "request:" + std::to_string(d.record_id) + ":decide_due",
                 "申请审批期限");
  });
  return result;
}

}  // namespace huying::suggestions
