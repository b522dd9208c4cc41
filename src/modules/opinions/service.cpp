#include "modules/opinions/service.hpp"

#include <sodium.h>

#include <algorithm>
#include <limits>
#include <set>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "core/masking.hpp"
#include "core/policy.hpp"
#include "core/text.hpp"
#include "core/schedule.hpp"
#include "core/suggestion_rules.hpp"
#include "modules/calendar/service.hpp"
#include "modules/export/xlsx.hpp"

namespace huying::opinions {

namespace {

namespace rules = opinion_rules;
using rules::Actor;
using rules::State;
constexpr std::string_view record_type = "opinion";

using calendar::Today;
Today today_of(soci::session& s, const Clock& clock, std::int64_t congress_id) {
  return calendar::Service::today(s, clock, congress_id);
}

std::vector<std::int64_t> scoped_ids(const Principal& p, std::string_view role, std::string_view scope_type) {
  std::vector<std::int64_t> out;
  for (const auto& g : p.grants)
    if (g.role == role && g.scope_type == scope_type && g.scope_id) out.push_back(*g.scope_id);
  return out;
}

std::vector<std::int64_t> unit_ids_of(const Principal& p) {
  auto out = scoped_ids(p, roles::unit_handler, "unit");
  auto heads = scoped_ids(p, roles::unit_head, "unit");
  out.insert(out.end(), heads.begin(), heads.end());
  return out;
}

bool contains(const std::vector<std::int64_t>& ids, std::optional<std::int64_t> id) {
  return id && std::find(ids.begin(), ids.end(), *id) != ids.end();
}

// Who the caller is to one opinion.
struct Relation {
  bool keeper = false, deputy = false, staff = false, reader = false, unit = false;
  std::string grant;
  bool visible() const { return keeper || deputy || staff || reader || unit; }
  bool handler() const { return keeper || deputy || staff; }
  bool sees_contact() const { return keeper || deputy; }
};

// `person`: the deputy the caller's account acts for, when it does.
Relation relate(const Principal& p, const Opinion& o, std::optional<std::int64_t> person) {
  Relation r;
  if (!p.authenticated()) return r;
  r.keeper = contains(scoped_ids(p, roles::station_keeper, "station"), o.station_id);
  r.deputy = person && o.deputy_person_id && *person == *o.deputy_person_id;
  policy::Scope scope{o.congress_id, std::nullopt, std::nullopt, std::nullopt};
  auto handle = policy::decide(p, policy::Action::opinion_handle, scope);
  r.staff = handle.allowed();
  r.reader = policy::decide(p, policy::Action::congress_read, scope).allowed();
  r.unit = o.unit_id && contains(unit_ids_of(p), o.unit_id);
  r.grant = r.keeper ? "station_keeper@station:" + std::to_string(o.station_id.value_or(0))
            : r.deputy ? "deputy"
            : r.staff  ? handle.grant
            : r.unit   ? "unit:" + std::to_string(o.unit_id.value_or(0))
                       : "";
  return r;
}

Relation relate(soci::session& s, const Principal& p, const Opinion& o) {
  std::optional<std::int64_t> person;
  if (p.user_id && o.deputy_person_id) person = store::person_of_user(s, *p.user_id);
  return relate(p, o, person);
}

enum class Outcome { ok, not_actor, bad_state, condition };
struct Check {
  Outcome outcome = Outcome::ok;
  std::string code, detail;
};

Check check(const Opinion& o, const Relation& rel, Action action, bool deputy_account) {
  switch (rules::actor_of(action)) {
    case Actor::handler:
      if (!rel.handler()) return {Outcome::not_actor, "forbidden", "Only those handling the opinion may do this."};
      break;
    case Actor::unit:
      if (!rel.unit) return {Outcome::not_actor, "forbidden", "Only the unit it was referred to may do this."};
      break;
    case Actor::deputy:
      if (!rel.deputy || !deputy_account)
        return {Outcome::not_actor, "forbidden", "Only the deputy it is addressed to may do this."};
      break;
  }
  auto state = rules::parse_state(o.state).value_or(State::received);
  if (!rules::state_admits(action, state))
    return {Outcome::bad_state, "invalid_state", "This cannot be done while the opinion is " + o.state + "."};
  // Replying waits for the unit's reply, and a unit replies once: both are steps of the state.
  if (action == Action::reply && !o.unit_reply)
    return {Outcome::bad_state, "invalid_state", "The unit it was referred to has not replied yet."};
  if (action == Action::unit_reply && o.unit_reply)
    return {Outcome::bad_state, "invalid_state", "The unit has replied already."};
  return {};
}

// A category's label (the code itself when the congress has no such category any more).
std::string label_of(const suggestion_rules::Settings& settings, const std::string& code) {
  const auto* c = settings.category(code);
  return c ? c->label : code;
}

bool has_deputy_grant(const Principal& p, std::int64_t congress_id) {
  for (const auto& g : p.grants)
    if (g.role == roles::deputy && g.scope_id == congress_id) return true;
  return false;
}

std::vector<std::string> allowed(const Opinion& o, const Relation& rel, const Principal& p) {
  std::vector<std::string> out;
  bool deputy_account = p.user_id && has_deputy_grant(p, o.congress_id);
  for (auto a : rules::all_actions())
    if (check(o, rel, a, deputy_account).outcome == Outcome::ok) out.emplace_back(rules::action_name(a));
  return out;
}

void throw_check(const Check& c, const Opinion& o) {
  if (c.outcome == Outcome::ok) return;
  if (c.outcome == Outcome::not_actor) throw Error::forbidden(c.detail);
  Error e = Error::conflict(c.code, c.detail);
  e.with_member("current_state", o.state);
  throw e;
}

void recompute_due(Opinion& o) {
  if (o.state == "received") o.due_date = o.accept_due;
  else if (o.state == "referred" && !o.unit_reply) o.due_date = o.referral_due;
  else o.due_date.reset();
}

std::string public_code(const Opinion& o) { return rules::format_tracking_code(o.tracking_code); }

std::string masked_code(const Opinion& o) {
  return std::string(o.tracking_code.size() > 2 ? o.tracking_code.size() - 2 : 0, '*') +
         o.tracking_code.substr(o.tracking_code.size() > 2 ? o.tracking_code.size() - 2 : 0);
}

// The first step of every opinion's timeline.
Event received_event(const Opinion& o, const std::string& actor_name, const std::string& role) {
  return {o.received_at_ms, o.created_by, actor_name, role, "receive", "received",
          "渠道：" + std::string(rules::channel_label(o.channel)), "意见已登记"};
}

boost::json::value optional_json(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

std::optional<std::int64_t> optional_id(const boost::json::object& j, std::string_view key) {
  const auto* v = j.if_contains(key);
  return v && v->is_int64() ? std::optional(v->as_int64()) : std::nullopt;
}

std::string text_of(const boost::json::object& j, std::string_view key) {
  const auto* v = j.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// A checked public submission as the intake keeps it: what its opinion needs (the code and
// the time of receipt are columns of their own) and who sent it, for the audit row.
std::string intake_submission(const Opinion& o, const std::vector<attachments::StoredFile>& files,
                              const Caller& caller) {
  boost::json::array stored;
  for (const auto& f : files)
    stored.push_back({{"filename", f.filename}, {"content_type", f.content_type}, {"purpose", f.purpose},
                      {"sha256", f.sha256}, {"size", f.size}});
  return boost::json::serialize(boost::json::object{
      {"congress_id", o.congress_id}, {"station_id", optional_json(o.station_id)},
      {"station_name", o.station_name}, {"mandate_id", optional_json(o.mandate_id)},
      {"deputy_person_id", optional_json(o.deputy_person_id)}, {"deputy_name", o.deputy_name},
      {"channel", o.channel}, {"category", o.category}, {"title", o.title}, {"content", o.content},
      {"citizen_name", o.citizen_name}, {"citizen_mobile", o.citizen_mobile}, {"location", o.location},
      {"publish", o.publish}, {"accept_due", o.accept_due}, {"files", std::move(stored)},
      {"request_id", caller.request_id}, {"client_address", caller.client_address}});
}

struct Unpacked {
  Opinion opinion;
  std::vector<attachments::StoredFile> files;
  Caller caller;
};

Unpacked unpack(const store::Queued& q) {
  auto j = boost::json::parse(q.submission).as_object();
  Unpacked u;
  Opinion& o = u.opinion;
  o.tracking_code = q.tracking_code;
  o.congress_id = optional_id(j, "congress_id").value_or(0);
  o.station_id = optional_id(j, "station_id");
  o.station_name = text_of(j, "station_name");
  o.mandate_id = optional_id(j, "mandate_id");
  o.deputy_person_id = optional_id(j, "deputy_person_id");
  o.deputy_name = text_of(j, "deputy_name");
  o.channel = text_of(j, "channel");
  o.category = text_of(j, "category");
  o.title = text_of(j, "title");
  o.content = text_of(j, "content");
  o.citizen_name = text_of(j, "citizen_name");
  o.citizen_mobile = text_of(j, "citizen_mobile");
  o.mobile_last4 = o.citizen_mobile.size() >= 4 ? o.citizen_mobile.substr(o.citizen_mobile.size() - 4) : "";
  o.location = text_of(j, "location");
  o.publish = j.contains("publish") && j.at("publish").is_bool() && j.at("publish").as_bool();
  o.state = "received";
  o.accept_due = text_of(j, "accept_due");
  o.due_date = o.accept_due;
  o.received_at_ms = o.updated_at_ms = q.received_at_ms;
  o.created_by = "public";
  if (const auto* files = j.if_contains("files"); files && files->is_array())
    for (const auto& f : files->as_array()) {
      const auto& file = f.as_object();
      u.files.push_back({text_of(file, "filename"), text_of(file, "content_type"), text_of(file, "purpose"),
                         text_of(file, "sha256"), optional_id(file, "size").value_or(0)});
    }
  u.caller.request_id = text_of(j, "request_id");
  u.caller.client_address = text_of(j, "client_address");
  return u;
}

std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return without_bound_values(e.what());
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, const audit::Service& audit, limits::Service& limits,
                 const notifications::Service& notifications, const attachments::Service& attachments,
                 suggestions::Service& suggestions, std::unique_ptr<Notifier> notifier, Settings settings,
                 RegionName region_name)
    : db_(db),
      clock_(clock),
      audit_(audit),
      limits_(limits),
      notifications_(notifications),
      attachments_(attachments),
      suggestions_(suggestions),
      notifier_(std::move(notifier)),
      settings_(settings),
      region_name_(std::move(region_name)) {}

std::string Service::actor_name(soci::session& s, const Caller& caller) {
  if (caller.principal.user_id) {
    auto name = store::display_name(s, *caller.principal.user_id);
    if (!name.empty()) return name;
  }
  return caller.principal.authenticated() ? caller.principal.actor : "群众";
}

void Service::tell_citizen(soci::session& tx, const Opinion& o, const std::string& text) {
  auto now = to_epoch_ms(clock_.now());
  store::enqueue(tx, {0, o.id, o.citizen_mobile, "【人大代表联络站】您的意见（查询码" + public_code(o) + "）" + text,
                      "pending", 0, now, "", now, std::nullopt});
}

Opinion Service::prepare(soci::session& tx, const Submission& sub, const std::string& created_by, Validator v) {
  std::optional<store::Place> station;
  std::optional<store::DeputyInfo> deputy;
  if (!sub.station_id && !sub.deputy_id) v.field("/station_id", "Address the opinion to a station or a deputy.");
  if (sub.station_id) {
    station = store::station(tx, *sub.station_id);
    if (!station || !station->active) v.field("/station_id", "There is no such active liaison station.");
  }
  if (sub.deputy_id) {
    deputy = store::deputy(tx, *sub.deputy_id);
    if (!deputy || deputy->status != "serving") v.field("/deputy_id", "There is no such serving deputy.");
    else if (station && station->congress_id != deputy->congress_id)
      v.field("/deputy_id", "The deputy is not a deputy of the station's congress.");
  }
  if (!station && deputy && deputy->first_station_id) station = store::station(tx, *deputy->first_station_id);
  std::int64_t congress_id = station ? station->congress_id : deputy ? deputy->congress_id : 0;
  if (congress_id) {
    auto categories = suggestions_.settings_of(tx, congress_id);
    if (!v.has_field("/category") && !categories->category(sub.category))
      v.field("/category", "Not one of the congress's categories.");
  }
  if (!v.has_field("/title") && (sub.title.empty() || utf8_length(sub.title) > 100))
    v.field("/title", "A title of 1 to 100 characters is required.");
  if (!v.has_field("/content") && (sub.content.empty() || utf8_length(sub.content) > 5000))
    v.field("/content", "The opinion (1 to 5,000 characters) is required.");
  if (!v.has_field("/name") && (sub.name.empty() || utf8_length(sub.name) > 30))
    v.field("/name", "A name of 1 to 30 characters is required.");
  if (!v.has_field("/mobile") && !is_mobile_number(sub.mobile))
    v.field("/mobile", "Must be an 11-digit mainland mobile number.");
  if (utf8_length(sub.location) > 200) v.field("/location", "At most 200 characters.");
  if (sub.attachments.size() > settings_.max_attachments)
    v.field("/attachments", "At most " + std::to_string(settings_.max_attachments) + " files.");
  if (sub.reception_id) {
    auto r = store::reception(tx, *sub.reception_id);
    if (!r || !station || r->station_id != station->id)
      v.field("/reception_id", "Not a reception of this station.");
  }
  v.throw_if_any();
  // Citizens send photos and scanned letters; office documents come from offices.
  static const std::set<std::string> citizen_types{"image/jpeg", "image/png", "application/pdf"};
  for (const auto& a : sub.attachments)
    if (!citizen_types.contains(a.content_type))
      throw Error(415, "attachment_type", "Unsupported Media Type", "Attach photos (JPEG, PNG) or PDF files.");

  auto today = today_of(tx, clock_, congress_id);
  auto cal = calendar::Service::cached(tx);
  Opinion o;
  o.tracking_code = rules::new_tracking_code();
  o.congress_id = congress_id;
  if (station) {
    o.station_id = station->id;
    o.station_name = station->name;
  }
  if (deputy) {
    o.mandate_id = deputy->mandate_id;
    o.deputy_person_id = deputy->person_id;
    o.deputy_name = deputy->name;
  }
  o.reception_id = sub.reception_id;
  o.channel = sub.channel;
  o.category = sub.category;
  o.title = sub.title;
  o.content = sub.content;
  o.citizen_name = sub.name;
  o.citizen_mobile = sub.mobile;
  o.mobile_last4 = sub.mobile.substr(sub.mobile.size() - 4);
  o.location = sub.location;
  o.publish = sub.publish;
  o.state = "received";
  o.accept_due = format_date(cal.add_working_days(today.date, settings_.accept_working_days));
  o.due_date = o.accept_due;
  o.received_at_ms = o.updated_at_ms = to_epoch_ms(clock_.now());
  o.created_by = created_by;
  return o;
}

std::vector<attachments::StoredFile> Service::store_files(const Submission& sub) const {
  std::vector<attachments::StoredFile> files;
  for (const auto& a : sub.attachments)
    files.push_back(attachments_.store({a.filename, a.content_type, "document", a.bytes}, settings_.attachment_max_bytes));
  return files;
}

void Service::write_new(soci::session& tx, const Caller& caller, Opinion& o,
                        const std::vector<attachments::StoredFile>& files) {
  const std::string& created_by = o.created_by;
  o.id = store::insert(tx, o);
  for (const auto& f : files) attachments_.record(tx, std::string(record_type), o.id, f, created_by);
  store::insert_event(tx, o.id, received_event(o, actor_name(tx, caller),
                                               caller.principal.authenticated() ? "station" : "citizen"));
  audit_.record(tx, caller, {"opinion.receive", std::string(record_type), std::to_string(o.id),
                             {{"channel", o.channel}, {"category", o.category},
                              {"station_id", o.station_id ? boost::json::value(*o.station_id) : nullptr}},
                             caller.principal.authenticated() ? "registrar" : "public", o.congress_id});
  tell_citizen(tx, o, "已收到，我们将在" + o.accept_due + "前告知受理情况。");
  // Those who handle it hear of it in their inbox: the station's keepers and the deputy.
  std::vector<std::int64_t> handlers;
  if (o.station_id)
    handlers = notifications_.keepers_of(tx, *o.station_id);
  if (o.deputy_person_id)
    for (auto u : notifications_.accounts_of_person(tx, *o.deputy_person_id)) handlers.push_back(u);
  std::vector<notifications::Notice> notices;
  for (auto u : handlers)
    notices.push_back({u, "opinion:" + std::to_string(o.id) + ":received", "opinion_new", "新的群众意见：《" + o.title + "》",
                       "请于" + o.accept_due + "前受理或答复。", std::string(record_type), std::to_string(o.id)});
  notifications_.notify(tx, notices);
}

Receipt Service::submit_public(const Caller& caller, const Submission& sub, Validator v) {
  if (!v.has_field("/channel") && !rules::is_public_channel(sub.channel)) v.field("/channel", "Must be online or qr.");
  Opinion o;
  {
    // What the form names is looked up on a reader, so that the writer only writes.
    auto lease = db_.read();
    o = prepare(*lease, sub, "public", std::move(v));
  }
  bool counted = false;
  if (!sub.attachments.empty()) {
    // A flood is refused before its files take any room.
    db_.write_grouped([&](soci::session& tx) { limits_.hit(tx, settings_.submit_limit, caller.client_address); });
    counted = true;
  }
  auto files = store_files(sub);
  std::string submission = intake_submission(o, files, caller);
  // Many citizens' submissions share one durable commit; each is in its own savepoint.
  db_.write_grouped([&](soci::session& tx) {
    if (!counted) limits_.hit(tx, settings_.submit_limit, caller.client_address);
    // A code is drawn again when taken; with 31^10 codes a second draw is already rare.
    while (store::code_taken(tx, o.tracking_code)) o.tracking_code = rules::new_tracking_code();
    store::intake_add(tx, o.tracking_code, submission, o.received_at_ms);
  });
  if (on_queued_) on_queued_();
  // Only now, after the commit, is the code handed out.
  return {public_code(o), o.state, o.accept_due, from_epoch_ms(o.received_at_ms)};
}

IntakeRun Service::process_intake(bool by_operator) {
  IntakeRun run;
  std::int64_t max_attempts = by_operator ? std::numeric_limits<std::int64_t>::max() : intake_max_attempts;
  std::int64_t after_id = 0;  // each row once per pass, so that a failing one is not retried at once
  for (;;) {
    std::vector<store::Queued> batch;
    {
      auto lease = db_.read();
      batch = store::intake_batch(*lease, after_id, max_attempts, intake_batch);
    }
    if (batch.empty()) break;
    after_id = batch.back().id;
    std::int64_t moved = 0;
    std::vector<std::pair<const store::Queued*, std::string>> failures;
    auto move_batch = [&](soci::session& tx) {
      moved = 0;
      failures.clear();
      for (const auto& queued : batch) {
        auto error = db::Database::in_savepoint(tx, [&](soci::session& t) {
          // Another node may have moved it since it was read.
          if (!store::intake_remove(t, queued.id)) return;
          auto u = unpack(queued);
          write_new(t, u.caller, u.opinion, u.files);
          ++moved;
        });
        if (!error) continue;
        failures.emplace_back(&queued, message_of(error));
        store::intake_failed(tx, queued.id, failures.back().second);
      }
    };
    if (by_operator) db_.write(move_batch);
    else db_.write_background(move_batch);
    run.processed += moved;
    run.failed += static_cast<std::int64_t>(failures.size());
    for (const auto& [queued, error] : failures) {
      bool last = queued->attempts + 1 == intake_max_attempts;
      log::error(last ? "a queued opinion failed to move and is left for an operator"
                      : "a queued opinion failed to move; it is tried again on the next pass",
                 {{"intake_id", queued->id}, {"attempts", queued->attempts + 1}, {"error", error}});
    }
    if (static_cast<std::int64_t>(batch.size()) < intake_batch) break;
  }
  run.pending = intake_pending();
  return run;
}

std::int64_t Service::intake_pending() {
  auto lease = db_.read();
  return store::intake_count(*lease);
}

Page<store::Queued> Service::queued(const Caller& caller, const PageRequest& page) {
  policy::enforce(caller.principal, policy::Action::platform_manage, {}, "opinion intake");
  auto lease = db_.read();
  auto items = store::intake_page(*lease, page.page_size, page.offset());
  for (auto& q : items) {
    q.tracking_code = std::string(q.tracking_code.size() - 2, '*') + q.tracking_code.substr(q.tracking_code.size() - 2);
    q.submission.clear();  // the citizen's name and mobile are in it
  }
  return {std::move(items), store::intake_count(*lease), page};
}

View Service::register_received(const Caller& caller, const Submission& sub, Validator v) {
  policy::require_authenticated(caller.principal);
  // Online and QR opinions come through the public form, so that their sender is the citizen.
  static const std::set<std::string> channels{"reception", "phone", "letter", "hotline"};
  if (!v.has_field("/channel") && !channels.contains(sub.channel))
    v.field("/channel", "Must be reception, phone, letter or hotline.");
  View out;
  db_.write([&](soci::session& tx) {
    Opinion o = prepare(tx, sub, caller.principal.actor, std::move(v));
    auto files = store_files(sub);
    while (store::code_taken(tx, o.tracking_code)) o.tracking_code = rules::new_tracking_code();
    write_new(tx, caller, o, files);
    auto rel = relate(tx, caller.principal, o);
    // Whoever registers must be able to handle it: its station's keeper, the deputy, staff.
    if (!rel.handler()) throw Error::forbidden("You may register opinions only for your own station or congress.");
    auto stored = store::find(tx, o.id);
    out = {*stored, allowed(*stored, rel, caller.principal), today_of(tx, clock_, o.congress_id).text,
           label_of(*suggestions_.settings_of(tx, o.congress_id), o.category),
           attachments_.of(tx, std::string(record_type), o.id), rel.sees_contact()};
  });
  return out;
}

namespace {

// Looks an opinion up by what the citizen knows; anything wrong is the same 404.
// `find`: the whole opinion (to change it) or the status page's part (to show it).
std::optional<Opinion> lookup(soci::session& s, const std::string& code, const std::string& last4,
                              std::optional<Opinion> (*find)(soci::session&, const std::string&) = store::find_by_code) {
  auto normal = rules::normalize_tracking_code(code);
  if (!normal || last4.size() != 4) return std::nullopt;
  auto found = find(s, *normal);
  if (!found || !crypto::equal_secrets(found->mobile_last4, last4)) return std::nullopt;
  return found;
}

Error not_tracked() {
  return Error::not_found("No opinion matches this tracking code and these digits.");
}

}  // namespace

TrackingPage Service::track(const Caller& caller, const std::string& code, const std::string& last4) {
  std::optional<TrackingPage> page;
  {
    // One connection for the whole page: a second one taken while holding the first could
    // wait forever when every connection is held by a request doing the same.
    auto lease = db_.read();
    if (auto found = lookup(*lease, code, last4, store::find_for_tracking))
      page = TrackingPage{*found, label_of(*suggestions_.settings_of(*lease, found->congress_id), found->category),
                          store::public_steps(*lease, found->id),
                          found->state == "answered_on_spot" || found->state == "replied"};
    else
      page = queued_page(*lease, code, last4);
  }
  if (!page) {
    limits_.hit(settings_.tracking_limit, caller.client_address);
    throw not_tracked();
  }
  return *page;
}

TrackingPage Service::rate(const Caller& caller, const std::string& code, const std::string& last4,
                           const std::string& rating, const std::string& comment) {
  if (!suggestion_rules::is_rating(rating)) {
    Validator v;
    v.field("/rating", "Must be satisfied, basically_satisfied or unsatisfied.");
    v.throw_if_any();
  }
  if (utf8_length(comment) > 500) {
    Validator v;
    v.field("/comment", "At most 500 characters.");
    v.throw_if_any();
  }
  std::optional<Opinion> found;
  db_.write([&](soci::session& tx) {
    found = lookup(tx, code, last4);
    if (!found) return;
    Opinion o = *found;
    if (o.state != "answered_on_spot" && o.state != "replied") {
      Error e = Error::conflict("invalid_state", "There is no answer to rate yet.");
      e.with_member("current_state", o.state);
      throw e;
    }
    auto now = to_epoch_ms(clock_.now());
    std::int64_t version = o.version;
    o.rating = rating;
    o.rating_comment = comment;
    o.rated_at_ms = now;
    bool reopen = rating == "unsatisfied" && !o.reopened;
    o.state = reopen ? "accepted" : "closed";
    if (reopen) o.reopened = true;
    recompute_due(o);
    o.updated_at_ms = now;
    if (!store::save(tx, o, version)) throw Error::conflict("version_conflict", "The opinion changed meanwhile.");
    static const std::map<std::string, std::string> labels{
        {"satisfied", "满意"}, {"basically_satisfied", "基本满意"}, {"unsatisfied", "不满意"}};
    store::insert_event(tx, o.id, {now, "citizen", "群众", "citizen", "rate", o.state, comment,
                                   "评价：" + labels.at(rating) + (reopen ? "，意见重新办理" : "")});
    audit_.record(tx, caller, {"opinion.rate", std::string(record_type), std::to_string(o.id),
                               {{"rating", rating}, {"to", o.state}}, "citizen", o.congress_id});
    tell_citizen(tx, o, reopen ? "已重新办理，我们会再次答复您。" : "已办结，感谢您的评价。");
    found = o;
  });
  if (!found) {
    bool queued = false;
    {
      auto lease = db_.read();
      queued = queued_page(*lease, code, last4).has_value();
    }
    if (queued) {
      Error e = Error::conflict("invalid_state", "There is no answer to rate yet.");
      e.with_member("current_state", "received");
      throw e;
    }
    limits_.hit(settings_.tracking_limit, caller.client_address);
    throw not_tracked();
  }
  return track(caller, code, last4);
}

std::optional<TrackingPage> Service::queued_page(soci::session& s, const std::string& code,
                                                 const std::string& last4) {
  auto normal = rules::normalize_tracking_code(code);
  if (!normal || last4.size() != 4) return std::nullopt;
  auto queued = store::intake_find(s, *normal);
  if (!queued) return std::nullopt;
  auto u = unpack(*queued);
  if (!crypto::equal_secrets(u.opinion.mobile_last4, last4)) return std::nullopt;
  return TrackingPage{u.opinion, label_of(*suggestions_.settings_of(s, u.opinion.congress_id), u.opinion.category),
                      {received_event(u.opinion, "群众", "citizen")}, false};
}

Page<Opinion> Service::published(std::optional<std::int64_t> station_id, const PageRequest& page) {
  store::ListQuery q;
  q.box = "published";
  q.station_id = station_id;
  q.limit = page.page_size;
  q.offset = page.offset();
  auto lease = db_.read();
  return {store::list(*lease, q), store::count(*lease, q), page};
}

std::string Service::category_label(std::int64_t congress_id, const std::string& code) {
  auto lease = db_.read();
  return label_of(*suggestions_.settings_of(*lease, congress_id), code);
}

Page<View> Service::list(const Caller& caller, const ListRequest& request) {
  policy::require_authenticated(caller.principal);
  const auto& p = caller.principal;
  auto lease = db_.read();
  store::ListQuery q;
  q.station_ids = scoped_ids(p, roles::station_keeper, "station");
  q.unit_ids = unit_ids_of(p);
  if (p.user_id) q.person_id = store::person_of_user(*lease, *p.user_id);
  auto scope = policy::list_scope(p, policy::Action::congress_read);
  q.all_congresses = scope.all;
  q.congress_ids = scope.congress_ids;
  bool can_congress = scope.all || !scope.congress_ids.empty();
  bool can_station = !q.station_ids.empty();
  bool can_unit = !q.unit_ids.empty();
  bool can_mine = q.person_id.has_value();
  if (request.box) {
    q.box = *request.box;
    if ((q.box == "congress" && !can_congress) || (q.box == "station" && !can_station) ||
        (q.box == "unit" && !can_unit) || (q.box == "mine" && !can_mine))
      throw Error::forbidden("Your roles give you no such list.");
  } else {
    q.box = can_congress ? "congress" : can_station ? "station" : can_unit ? "unit" : can_mine ? "mine" : "";
    if (q.box.empty()) throw Error::forbidden("Your roles give you no list of opinions.");
  }
  q.state = request.state;
  q.channel = request.channel;
  q.category = request.category;
  q.q = request.q;
  q.due = request.due;
  q.station_id = request.station_id;
  q.reception_id = request.reception_id;
  q.sort = request.sort.value_or("updated");
  auto today = calendar::civil_date_in(to_epoch_ms(clock_.now()), "Asia/Shanghai");
  q.today = format_date(today);
  q.soon_until = format_date(std::chrono::sys_days(today) + std::chrono::days(settings_.due_soon_days));
  q.limit = request.page.page_size;
  q.offset = request.page.offset();
  auto items = store::list(*lease, q);
  auto total = store::count(*lease, q);
  std::map<std::int64_t, std::shared_ptr<const suggestion_rules::Settings>> labels;
  std::vector<View> views;
  for (auto& o : items) {
    auto [it, fresh] = labels.try_emplace(o.congress_id);
    if (fresh) it->second = suggestions_.settings_of(*lease, o.congress_id);
    auto rel = relate(p, o, q.person_id);
    views.push_back({o, allowed(o, rel, p), q.today, label_of(*it->second, o.category), {}, rel.sees_contact()});
  }
  return {std::move(views), total, request.page};
}

std::string Service::export_xlsx(const Caller& caller, ListRequest request) {
  request.page = {1, max_export_rows};
  auto page = list(caller, request);
  xlsx::Sheet sheet{"opinions",
                    {"查询码", "收到时间", "渠道", "类别", "标题", "群众", "手机", "联络站", "代表", "状态", "转办单位",
                     "期限", "评价"},
                    {},
                    {14, 20, 8, 12, 36, 8, 14, 24, 10, 10, 24, 12, 10}};
  for (const auto& v : page.items) {
    const auto& o = v.item;
    // Exports are shared and mailed about: personal data is masked in them, always.
    sheet.rows.push_back({masked_code(o), format_iso8601(from_epoch_ms(o.received_at_ms)), o.channel,
                          v.category_label, o.title, mask_name(o.citizen_name), mask_mobile(o.citizen_mobile),
                          o.station_name, o.deputy_name,
                          std::string(rules::state_label(*rules::parse_state(o.state))), o.unit_name,
                          o.due_date.value_or(""), o.rating.value_or("")});
  }
  return xlsx::workbook(sheet);
}

View Service::get(const Caller& caller, std::int64_t id) {
  policy::require_authenticated(caller.principal);
  auto lease = db_.read();
  auto found = store::find(*lease, id);
  if (!found) throw Error::not_found("There is no such opinion.");
  auto rel = relate(*lease, caller.principal, *found);
  if (!rel.visible()) throw Error::not_found("There is no such opinion.");
  return {*found, allowed(*found, rel, caller.principal), today_of(*lease, clock_, found->congress_id).text,
          label_of(*suggestions_.settings_of(*lease, found->congress_id), found->category),
          attachments_.of(*lease, std::string(record_type), id), rel.sees_contact()};
}

std::vector<Event> Service::timeline(const Caller& caller, std::int64_t id) {
  get(caller, id);
  auto lease = db_.read();
  return store::events(*lease, id);
}

std::pair<std::string, std::string> Service::contact(const Caller& caller, std::int64_t id) {
  policy::require_authenticated(caller.principal);
  std::pair<std::string, std::string> out;
  db_.write([&](soci::session& tx) {
    auto found = store::find(tx, id);
    if (!found) throw Error::not_found("There is no such opinion.");
    auto rel = relate(tx, caller.principal, *found);
    if (!rel.visible()) throw Error::not_found("There is no such opinion.");
    if (!rel.sees_contact())
      throw Error::forbidden("Only the station's keeper and the deputy handling it see the citizen's contact.");
    audit_.record(tx, caller, {"opinion.contact_view", std::string(record_type), std::to_string(id), {}, rel.grant,
                               found->congress_id});
    out = {found->citizen_name, found->citizen_mobile};
  });
  return out;
}

View Service::act(const Caller& caller, std::int64_t id, Action action, const ActionInput& in) {
  policy::require_authenticated(caller.principal);
  const auto& p = caller.principal;
  View out;
  db_.write([&](soci::session& tx) {
    auto found = store::find(tx, id);
    if (!found) throw Error::not_found("There is no such opinion.");
    Opinion o = std::move(*found);
    auto rel = relate(tx, p, o);
    if (!rel.visible()) throw Error::not_found("There is no such opinion.");
    bool deputy_account = p.user_id && has_deputy_grant(p, o.congress_id);
    throw_check(check(o, rel, action, deputy_account), o);
    auto today = today_of(tx, clock_, o.congress_id);
    auto now = to_epoch_ms(clock_.now());
    const std::int64_t version = o.version;
    Validator v;
    auto required = [&v](const std::string& value, const char* field, std::size_t max) {
      if (value.empty() || utf8_length(value) > max)
        v.field(std::string("/") + field, "Required, at most " + std::to_string(max) + " characters.");
    };
    std::string note, public_note, message;
    boost::json::object changes{{"from", o.state}};
    std::vector<notifications::Notice> notices;
    switch (action) {
      case Action::accept:
        if (utf8_length(in.note) > 500) v.field("/note", "At most 500 characters.");
        v.throw_if_any();
        o.state = "accepted";
        note = in.note;
        public_note = "意见已受理";
        message = "已受理，正在办理。";
        break;
      case Action::reject: {
        if (!rules::is_reject_reason(in.reason)) v.field("/reason", "Must be court, arbitration, review or other.");
        required(in.guidance, "guidance", 1000);
        v.throw_if_any();
        o.state = "rejected";
        o.reject_reason = in.reason;
        o.guidance = in.guidance;
        note = in.reason;
        public_note = "不予受理：" + in.guidance;
        message = "不予受理。" + in.guidance;
        changes["reason"] = in.reason;
        break;
      }
      case Action::answer_on_spot:
        required(in.text, "text", 5000);
        v.throw_if_any();
        o.state = "answered_on_spot";
        o.reply = in.text;
        o.replied_at_ms = now;
        o.replied_on = today.text;
        public_note = "已当场答复";
        message = "已答复，请凭查询码查看并评价。";
        break;
      case Action::refer: {
        std::optional<store::Place> unit;
        if (!in.unit_id) v.field("/unit_id", "Name the unit.");
        else unit = store::unit(tx, *in.unit_id);
        if (in.unit_id && (!unit || !unit->active || unit->congress_id != o.congress_id))
          v.field("/unit_id", "Not an active handling unit of this congress.");
        if (utf8_length(in.note) > 1000) v.field("/note", "At most 1,000 characters.");
        v.throw_if_any();
        auto cal = calendar::Service::load(tx);
        o.state = "referred";
        o.unit_id = unit->id;
        o.unit_name = unit->name;
        o.referral_due = format_date(cal.add_working_days(today.date, settings_.referral_working_days));
        o.unit_reply.reset();
        o.unit_replied_at_ms.reset();
        note = unit->name + (in.note.empty() ? "" : "：" + in.note);
        public_note = "已转" + unit->name + "办理";
        message = "已转" + unit->name + "办理，预计" + *o.referral_due + "前答复。";
        changes["unit_id"] = unit->id;
        auto users = notifications_.unit_users(tx, unit->id);
        for (auto u : users)
          notices.push_back({u, "opinion:" + std::to_string(id) + ":referred:" + std::to_string(version), "opinion_referred",
                             "转办群众意见：《" + o.title + "》", "请于" + *o.referral_due + "前答复。",
                             std::string(record_type), std::to_string(id)});
        break;
      }
      case Action::unit_reply:
        required(in.text, "text", 5000);
        v.throw_if_any();
        o.unit_reply = in.text;
        o.unit_replied_at_ms = now;
        note = o.unit_name;
        public_note = o.unit_name + "已答复";
        if (o.station_id)
          for (auto u : notifications_.keepers_of(tx, *o.station_id))
            notices.push_back({u, "opinion:" + std::to_string(id) + ":unit_reply:" + std::to_string(version),
                               "opinion_unit_reply", "单位已答复群众意见：《" + o.title + "》", "请答复群众。",
                               std::string(record_type), std::to_string(id)});
        break;
      case Action::reply:
        required(in.text, "text", 5000);
        v.throw_if_any();
        o.state = "replied";
        o.reply = in.text;
        o.replied_at_ms = now;
        o.replied_on = today.text;
        public_note = "已答复";
        message = "已答复，请凭查询码查看并评价。";
        break;
      case Action::escalate: {
        suggestions::Draft draft;
        draft.title = in.title.empty() ? o.title : in.title;
        draft.category = in.category.empty() ? o.category : in.category;
        draft.content = o.content + "\n\n（来源：群众意见，" + o.station_name + "，" +
                        format_iso8601(from_epoch_ms(o.received_at_ms)).substr(0, 10) + "）";
        draft.congress_id = o.congress_id;
        draft.source_opinion_id = o.id;
        Validator draft_errors;
        auto created = suggestions_.create(tx, caller, draft, std::move(draft_errors));
        o.state = "escalated";
        o.suggestion_id = created.item.id;
        note = "建议 " + std::to_string(created.item.id);
        public_note = "已由代表转为建议办理";
        message = "已由代表转为建议，交有关部门办理。";
        changes["suggestion_id"] = created.item.id;
        break;
      }
    }
    if (!o.first_response_at_ms && action != Action::unit_reply) o.first_response_at_ms = now;
    recompute_due(o);
    o.updated_at_ms = now;
    if (!store::save(tx, o, version))
      throw Error::conflict("version_conflict", "The opinion was changed meanwhile; reload it.");
    std::string role = rel.keeper ? "station" : rel.deputy ? "deputy" : rel.staff ? "staff" : "unit";
    std::string action_text(rules::action_name(action));
    store::insert_event(tx, id, {now, p.actor, actor_name(tx, caller), role, action_text, o.state, note, public_note});
    changes["to"] = o.state;
    audit_.record(tx, caller, {"opinion." + action_text, std::string(record_type), std::to_string(id), changes,
                               rel.grant, o.congress_id});
    notifications_.notify(tx, notices);
    if (!message.empty()) tell_citizen(tx, o, message);
    auto stored = store::find(tx, id);
    auto after = relate(tx, p, *stored);
    out = {*stored, allowed(*stored, after, p), today.text,
           label_of(*suggestions_.settings_of(tx, o.congress_id), o.category),
           attachments_.of(tx, std::string(record_type), id), after.sees_contact()};
  });
  return out;
}

void Service::suggestion_closed(soci::session& tx, const suggestions::View& closed) {
  const auto& s = closed.item;
  if (!s.source_opinion_id) return;
  auto found = store::find(tx, *s.source_opinion_id);
  if (!found || found->state != "escalated") return;
  Opinion o = std::move(*found);
  std::string text;
  for (const auto& a : s.answers)
    if (a.round == s.round) text += (text.empty() ? "" : "\n\n") + a.unit_name + "：" + a.text;
  if (s.state == "not_accepted") text = "代表建议未予立案。";
  if (s.state == "withdrawn") text = "代表已撤回据此提出的建议。";
  if (text.empty()) text = "代表建议已办结。";
  auto now = to_epoch_ms(clock_.now());
  std::int64_t version = o.version;
  o.state = "replied";
  o.reply = text;
  o.replied_at_ms = now;
  o.replied_on = closed.today;
  recompute_due(o);
  o.updated_at_ms = now;
  if (!store::save(tx, o, version)) return;
  store::insert_event(tx, o.id, {now, "system", "系统", "system", "reply", "replied",
                                 "建议 " + std::to_string(s.id) + " 已办结", "代表建议已办结，答复如下"});
  tell_citizen(tx, o, "已随代表建议办结答复，请凭查询码查看并评价。");
}

StatsView Service::stats(const Caller& caller, std::int64_t congress_id, std::int64_t from_ms, std::int64_t to_ms) {
  policy::enforce(caller.principal, policy::Action::congress_read, {congress_id, std::nullopt, std::nullopt, std::nullopt},
                  "congress");
  auto today = format_date(calendar::civil_date_in(to_epoch_ms(clock_.now()), "Asia/Shanghai"));
  StatsView out;
  {
    auto lease = db_.read();
    out.stats = store::stats(*lease, congress_id, from_ms, to_ms, today);
    auto settings = suggestions_.settings_of(*lease, congress_id);
    for (const auto& c : settings->categories) out.category_labels[c.code] = c.label;
  }
  // Region names come from the regions service, on a connection of its own: not while
  // this one is held.
  for (const auto& [code, n] : out.stats.by_region) out.region_names[code] = region_name_(code);
  return out;
}

Reception Service::record_reception(const Caller& caller, std::int64_t station_id, const Reception& input) {
  policy::require_authenticated(caller.principal);
  Reception out;
  db_.write([&](soci::session& tx) {
    auto station = store::station(tx, station_id);
    if (!station) throw Error::not_found("There is no such station.");
    bool keeper = contains(scoped_ids(caller.principal, roles::station_keeper, "station"), station_id);
    auto manage = policy::decide(caller.principal, policy::Action::opinion_handle,
                                 {station->congress_id, std::nullopt, std::nullopt, std::nullopt});
    if (!keeper && !manage.allowed()) {
      if (policy::decide(caller.principal, policy::Action::congress_read,
                         {station->congress_id, std::nullopt, std::nullopt, std::nullopt}).allowed())
        throw Error::forbidden("Only the station's keeper and staff record receptions.");
      throw Error::not_found("There is no such station.");
    }
    Validator v;
    auto today = today_of(tx, clock_, station->congress_id);
    auto date = calendar::parse_date(input.date);
    if (!date) v.field("/date", "The date of the reception (YYYY-MM-DD) is required.");
    else if (input.date > today.text) v.field("/date", "Cannot be in the future.");
    if (input.people_received < 0 || input.people_received > 100000)
      v.field("/people_received", "Must be from 0 to 100,000.");
    if (utf8_length(input.note) > 2000) v.field("/note", "At most 2,000 characters.");
    auto rota = store::rota(tx, station_id);
    Reception r = input;
    r.station_id = station_id;
    r.attendees.clear();
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < input.attendees.size(); ++i) {
      auto id = input.attendees[i].first;
      auto it = std::find_if(rota.begin(), rota.end(), [id](const auto& d) { return d.first == id; });
      if (it == rota.end()) v.field("/attendees/" + std::to_string(i), "Not a serving deputy of this station.");
      else if (!seen.insert(id).second) v.field("/attendees/" + std::to_string(i), "Listed twice.");
      else r.attendees.push_back(*it);
    }
    v.throw_if_any();
    r.id = store::insert_reception(tx, r, caller.principal.actor, to_epoch_ms(clock_.now()));
    boost::json::array attendees;
    for (const auto& a : r.attendees) attendees.push_back(a.first);
    audit_.record(tx, caller, {"reception.record", "reception", std::to_string(r.id),
                               {{"station_id", station_id}, {"date", r.date}, {"attendees", attendees},
                                {"people_received", r.people_received}},
                               keeper ? "station_keeper" : manage.grant, station->congress_id});
    out = *store::reception(tx, r.id);
  });
  return out;
}

Page<Reception> Service::receptions(const Caller& caller, std::int64_t station_id, const PageRequest& page) {
  policy::require_authenticated(caller.principal);
  auto lease = db_.read();
  auto station = store::station(*lease, station_id);
  if (!station) throw Error::not_found("There is no such station.");
  bool keeper = contains(scoped_ids(caller.principal, roles::station_keeper, "station"), station_id);
  if (!keeper && !policy::decide(caller.principal, policy::Action::congress_read,
                                 {station->congress_id, std::nullopt, std::nullopt, std::nullopt}).allowed())
    throw Error::not_found("There is no such station.");
  return {store::receptions(*lease, station_id, page.page_size, page.offset()),
          store::count_receptions(*lease, station_id), page};
}

std::vector<Duty> Service::duties(const Caller& caller, std::string from, std::string to) {
  policy::require_authenticated(caller.principal);
  if (from.empty()) from = format_date(calendar::civil_date_in(to_epoch_ms(clock_.now()), "Asia/Shanghai"));
  if (to.empty())
    if (auto d = calendar::parse_date(from))
      to = format_date(std::chrono::year_month_day{std::chrono::sys_days(*d) + std::chrono::days(365)});
  auto lease = db_.read();
  std::optional<std::int64_t> person;
  if (caller.principal.user_id) person = store::person_of_user(*lease, *caller.principal.user_id);
  if (!person) throw Error::forbidden("Only deputies have reception duties.");
  auto first = calendar::parse_date(from), last = calendar::parse_date(to);
  Validator v;
  if (!first) v.parameter("from", "Must be a date (YYYY-MM-DD).");
  if (!last) v.parameter("to", "Must be a date (YYYY-MM-DD).");
  if (first && last && (std::chrono::sys_days(*last) - std::chrono::sys_days(*first)).count() > 366)
    v.parameter("to", "At most a year after from.");
  v.throw_if_any();
  std::vector<Duty> out;
  for (const auto& station : store::stations_of_person(*lease, *person)) {
    auto schedule = parse_schedule(station.reception_schedule);
    if (!schedule) continue;
    auto rota = store::rota(*lease, station.id);
    for (std::chrono::sys_days d{*first}; d <= std::chrono::sys_days{*last}; d += std::chrono::days{1})
      for (auto i : on_duty(*schedule, std::chrono::year_month_day{d}, rota.size())) {
        auto m = store::deputy(*lease, rota[i].first);
        if (m && m->person_id == *person) out.push_back({format_date(std::chrono::year_month_day{d}), station});
      }
  }
  std::sort(out.begin(), out.end(), [](const Duty& a, const Duty& b) { return a.date < b.date; });
  return out;
}

DeliveryRun Service::deliver_due(std::int64_t limit) {
  DeliveryRun run;
  auto now = to_epoch_ms(clock_.now());
  {
    // Most runs find nothing due: a read says so without taking the writer.
    auto lease = db_.read();
    if (!store::any_due(*lease, now)) return run;
  }
  std::vector<Delivery> claimed;
  // A claim lasts longer than a send may take, so that a node that dies mid-send lets
  // another pick the message up a minute later.
  db_.write([&](soci::session& tx) { claimed = store::claim_due(tx, now, now + 60'000, limit); });
  for (auto& d : claimed) {
    auto failure = notifier_->send({d.id, d.opinion_id, d.recipient, d.text});
    ++d.attempts;
    auto done = to_epoch_ms(clock_.now());
    if (!failure) {
      d.state = "sent";
      d.sent_at_ms = done;
      d.last_error.clear();
      ++run.sent;
    } else {
      d.last_error = *failure;
      if (d.attempts >= settings_.notifier_max_attempts) {
        d.state = "failed";
        ++run.failed;
      } else {
        // 1, 2, 4, 8, 16 minutes after each failed attempt.
        d.next_attempt_at_ms = done + (std::int64_t{60'000} << (d.attempts - 1));
        ++run.retried;
      }
    }
    db_.write([&](soci::session& tx) { store::finish(tx, d); });
  }
  return run;
}

Page<Delivery> Service::deliveries(const Caller& caller, std::optional<std::string> state, const PageRequest& page) {
  policy::enforce(caller.principal, policy::Action::platform_manage, {}, "delivery log");
  auto lease = db_.read();
  return {store::deliveries(*lease, state, page.page_size, page.offset()), store::count_deliveries(*lease, state), page};
}

std::int64_t Service::sweep() {
  auto today = calendar::civil_date_in(to_epoch_ms(clock_.now()), "Asia/Shanghai");
  auto announce = std::chrono::year_month_day{std::chrono::sys_days(today) + std::chrono::days(3)};
  std::string announce_text = format_date(announce);
  std::int64_t notified = 0;
  std::vector<store::Place> stations;
  std::vector<store::Due> referrals;
  {
    auto lease = db_.read();
    stations = store::stations_with_schedule(*lease);
    referrals = store::open_referrals(*lease, format_date(std::chrono::sys_days(today) +
                                                           std::chrono::days(settings_.due_soon_days)));
  }
  db_.write([&](soci::session& tx) {
    for (const auto& st : stations) {
      auto schedule = parse_schedule(st.reception_schedule);
      if (!schedule || !is_reception_day(*schedule, announce)) continue;
      auto rota = store::rota(tx, st.id);
      std::vector<notifications::Notice> notices;
      for (auto i : on_duty(*schedule, announce, rota.size())) {
        auto m = store::deputy(tx, rota[i].first);
        if (!m) continue;
        for (auto u : notifications_.accounts_of_person(tx, m->person_id))
          notices.push_back({u, "reception:" + std::to_string(st.id) + ":" + announce_text, "reception_duty",
                             "接待日值班提醒：" + st.name, announce_text + "，" + st.address, "station",
                             std::to_string(st.id)});
      }
      notified += notifications_.notify(tx, notices);
    }
    for (const auto& d : referrals) {
      auto due = calendar::parse_date(d.date);
      if (!due) continue;
      auto status = suggestion_rules::due_status(*due, today, settings_.due_soon_days);
      if (status == suggestion_rules::DueStatus::normal) continue;
      std::string kind(suggestion_rules::due_status_name(status));
      std::vector<std::int64_t> users;
      if (d.unit_id)
        users = notifications_.unit_users(tx, *d.unit_id);
      if (d.station_id)
        for (auto u : notifications_.keepers_of(tx, *d.station_id))
          users.push_back(u);
      std::vector<notifications::Notice> notices;
      for (auto u : users)
        notices.push_back({u, "opinion:" + std::to_string(d.opinion_id) + ":referral_due:" + d.date + ":" + kind, kind,
                           std::string(kind == "overdue" ? "已逾期：" : "即将到期：") + "《" + d.title + "》",
                           "群众意见转办答复期限：" + d.date, std::string(record_type), std::to_string(d.opinion_id)});
      notified += notifications_.notify(tx, notices);
    }
  });
  return notified;
}

}  // namespace huying::opinions
