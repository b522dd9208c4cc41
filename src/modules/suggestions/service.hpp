#pragma once
// Deputies' suggestions (建议) from draft to closure (DOMAIN.md §2, docs/suggestions.md):
// who may do what in which state, the deadlines on the working-day calendar, the timeline,
// notifications and the deadline sweep. Each command is one transaction.
#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/paging.hpp"
#include "core/suggestion_rules.hpp"
#include "db/database.hpp"
#include "modules/attachments/service.hpp"
#include "modules/audit/service.hpp"
#include "modules/notifications/service.hpp"
#include "modules/suggestions/model.hpp"

namespace huying::suggestions {

using suggestion_rules::Action;
using suggestion_rules::Settings;

// A suggestion as one caller sees it now.
struct View {
  Suggestion item;
  std::vector<std::string> allowed_actions;
  std::string today;  // in the congress's time zone, for deadline colours
  Settings settings;
};

// A draft's fields, on creation and on edit.
struct Draft {
  std::optional<std::int64_t> congress_id;  // creation only; default: the deputy's congress
  std::string title, content, category, period = "recess", publication = "full";
  std::optional<std::int64_t> session_id, proposed_unit_id;
  std::optional<std::int64_t> source_opinion_id;  // set by the opinions module on escalation
};

// Everything an action's body may carry; each action reads what it needs.
struct ActionInput {
  std::optional<std::int64_t> mandate_id, assignment_id, request_id, unit_id, lead_unit_id,
      attachment_id;
  std::vector<std::int64_t> unit_ids, co_unit_ids, merge_ids;
  std::string mode, reason, reason_code, note, text, method, answer_class, plan, reasons, signed_by,
      attitude, result, comment;
  std::optional<std::string> date, until, plan_date, answered_on;
  std::optional<bool> approve;
};

struct ListRequest {
  std::optional<std::string> box, state, category, due, q, sort;
  std::optional<std::int64_t> unit_id, congress_id;
  PageRequest page;
};

struct SettingsView {
  std::int64_t congress_id = 0;
  Settings settings;
  std::int64_t version = 0;
};

// Settings as the API and the database write them; reading collects errors by pointer and
// fills absent keys with Henan's defaults.
boost::json::object settings_to_json(const Settings& settings);
Settings settings_from_json(const boost::json::value& value, Validator& errors);

struct SweepResult {
  std::int64_t closed = 0, notified = 0;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit,
          const notifications::Service& notifications, const attachments::Service& attachments)
      : db_(db), clock_(clock), audit_(audit), notifications_(notifications), attachments_(attachments) {}

  SettingsView settings(const Caller& caller, std::int64_t congress_id);
  // For other modules (categories of citizens' opinions); the settings are not secret. Kept
  // for a minute: a save on this node is seen at once, on another within the minute.
  // Shared, not copied: the public form and status page ask on every request.
  std::shared_ptr<const Settings> settings_of(soci::session& s, std::int64_t congress_id) const;
  SettingsView save_settings(const Caller& caller, std::int64_t congress_id, const Settings& settings,
                             std::int64_t expected_version, Validator input_errors = {});

  View create(const Caller& caller, const Draft& draft, Validator input_errors = {});
  // The same inside another module's transaction (an opinion escalated into a suggestion).
  View create(soci::session& tx, const Caller& caller, const Draft& draft, Validator input_errors = {});
  // Told inside the transaction that closes a suggestion (evaluated, left unevaluated,
  // not accepted or withdrawn), so that whatever waits on it can follow.
  using ClosedListener = std::function<void(soci::session& tx, const View& closed)>;
  void on_closed(ClosedListener listener) { closed_listener_ = std::move(listener); }
  View edit(const Caller& caller, std::int64_t id, const Draft& draft, std::int64_t expected_version,
            Validator input_errors = {});
  View act(const Caller& caller, std::int64_t id, Action action, const ActionInput& input);
  View get(const Caller& caller, std::int64_t id);
  std::vector<Event> timeline(const Caller& caller, std::int64_t id);
  Page<View> list(const Caller& caller, const ListRequest& request);
  std::string export_xlsx(const Caller& caller, ListRequest request);
  static constexpr int max_export_rows = 20'000;

  attachments::Attachment upload(const Caller& caller, std::int64_t id, const attachments::Upload& upload);
  std::vector<attachments::Attachment> attachments(const Caller& caller, std::int64_t id);

  // The deadline sweep: closes answers left unevaluated past their window and notifies due
  // and overdue deadlines. Safe to run from several processes at once.
  SweepResult sweep(const Caller& caller);

 private:
  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  const notifications::Service& notifications_;
  const attachments::Service& attachments_;
  ClosedListener closed_listener_;
  mutable std::mutex settings_mutex_;
  mutable std::map<std::int64_t, std::pair<std::chrono::steady_clock::time_point, std::shared_ptr<const Settings>>>
      settings_cache_;
};

}  // namespace huying::suggestions
