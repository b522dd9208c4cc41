#pragma once
// Citizens' opinions (DOMAIN.md §4, docs/opinions.md): submitted on the public online
// station, by QR code, at receptions, by phone, letter or the 12345 hotline; followed by a
// tracking code; handled by the station, the deputy, a unit or escalated into a suggestion;
// rated by the citizen. Also reception days and the messages that tell citizens each step.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/opinion_rules.hpp"
#include "core/paging.hpp"
#include "db/database.hpp"
#include "modules/attachments/service.hpp"
#include "modules/audit/service.hpp"
#include "modules/limits/service.hpp"
#include "modules/notifications/service.hpp"
#include "modules/opinions/model.hpp"
#include "modules/opinions/notifier.hpp"
#include "modules/opinions/store.hpp"
#include "modules/suggestions/service.hpp"

namespace huying::opinions {

using opinion_rules::Action;

struct Settings {
  int accept_working_days = 3;
  int referral_working_days = 15;
  int due_soon_days = 15;
  std::size_t attachment_max_bytes = 5 * 1024 * 1024;
  std::size_t max_attachments = 4;
  limits::Rule submit_limit{"opinion-submit", 20, std::chrono::hours(1)};
  limits::Rule tracking_limit{"opinion-track", 10, std::chrono::minutes(15)};
  int notifier_max_attempts = 6;
};

struct NewAttachment {
  std::string filename, content_type, bytes;
};

struct Submission {
  std::optional<std::int64_t> station_id, deputy_id, reception_id;
  std::string channel, category, title, content, name, mobile, location;
  bool publish = false;
  std::vector<NewAttachment> attachments;
};

struct Receipt {
  std::string tracking_code, state, accept_due;
  TimePoint received_at;
};

// An opinion as one caller sees it: personal data masked unless `unmasked`.
struct View {
  Opinion item;
  std::vector<std::string> allowed_actions;
  std::string today;
  std::string category_label;
  std::vector<attachments::Attachment> files;
  bool sees_code = false;  // the keeper and the deputy see the whole tracking code
};

struct TrackingPage {
  Opinion item;
  std::string category_label;
  std::vector<Event> steps;
  bool can_rate = false;
};

struct ActionInput {
  std::string note, reason, guidance, text, title, category;
  std::optional<std::int64_t> unit_id;
};

struct ListRequest {
  std::optional<std::string> box, state, channel, category, q, due, sort;
  std::optional<std::int64_t> station_id, reception_id;
  PageRequest page;
};

struct Duty {
  std::string date;
  store::Place station;
};

struct StatsView {
  store::Stats stats;
  std::map<std::string, std::string> category_labels;
  std::map<std::string, std::string> region_names;
};

struct DeliveryRun {
  std::int64_t sent = 0, retried = 0, failed = 0;
};

struct IntakeRun {
  std::int64_t processed = 0, failed = 0, pending = 0;
};

class Service {
 public:
  // Region names for statistics, from the regions service.
  using RegionName = std::function<std::string(const std::string& code)>;
  Service(db::Database& db, const Clock& clock, const audit::Service& audit, limits::Service& limits,
          const notifications::Service& notifications, const attachments::Service& attachments,
          suggestions::Service& suggestions, std::unique_ptr<Notifier> notifier, Settings settings,
          RegionName region_name);

  // The public online station and QR codes: no account. The checked submission is queued
  // in the intake (one appended row in a group commit); the receipt comes after that commit.
  // `input_errors`: what reading the request found, so that one 422 lists every bad field.
  Receipt submit_public(const Caller& caller, const Submission& submission, Validator input_errors = {});
  // Moves every queued submission into opinions, oldest first, in batches (docs/opinions.md,
  // "Intake"). The worker's run gives way to a burst of submissions and leaves a row after
  // `intake_max_attempts`; an operator's run (`by_operator`) does neither.
  static constexpr std::int64_t intake_batch = 32;
  static constexpr std::int64_t intake_max_attempts = 5;
  IntakeRun process_intake(bool by_operator);
  std::int64_t intake_pending();
  // The queue as an operator sees it: codes masked, no personal data (administrators).
  Page<store::Queued> queued(const Caller& caller, const PageRequest& page);
  // Told after each commit that queued submissions: wakes the worker.
  void on_queued(std::function<void()> listener) { on_queued_ = std::move(listener); }
  // Keepers, staff, deputies and the hotline's API token register what they received.
  View register_received(const Caller& caller, const Submission& submission, Validator input_errors = {});

  TrackingPage track(const Caller& caller, const std::string& code, const std::string& last4);
  TrackingPage rate(const Caller& caller, const std::string& code, const std::string& last4,
                    const std::string& rating, const std::string& comment);
  Page<Opinion> published(std::optional<std::int64_t> station_id, const PageRequest& page);

  Page<View> list(const Caller& caller, const ListRequest& request);
  std::string export_xlsx(const Caller& caller, ListRequest request);
  static constexpr int max_export_rows = 50'000;
  View get(const Caller& caller, std::int64_t id);
  std::vector<Event> timeline(const Caller& caller, std::int64_t id);
  // The citizen's name and mobile in full, for the keeper and the deputy; audited.
  std::pair<std::string, std::string> contact(const Caller& caller, std::int64_t id);
  View act(const Caller& caller, std::int64_t id, Action action, const ActionInput& input);
  StatsView stats(const Caller& caller, std::int64_t congress_id, std::int64_t from_ms, std::int64_t to_ms);
  std::string category_label(std::int64_t congress_id, const std::string& code);

  // Reception days.
  Reception record_reception(const Caller& caller, std::int64_t station_id, const Reception& reception);
  Page<Reception> receptions(const Caller& caller, std::int64_t station_id, const PageRequest& page);
  // Empty `from`: today; empty `to`: a year after `from`.
  std::vector<Duty> duties(const Caller& caller, std::string from, std::string to);

  // Inside the transaction that closes a suggestion: an opinion escalated into it is
  // answered with the suggestion's answer.
  void suggestion_closed(soci::session& tx, const suggestions::View& closed);

  // Sends the messages that are due through the notifier; retries with backoff.
  static constexpr std::int64_t delivery_batch = 200;
  DeliveryRun deliver_due(std::int64_t limit = delivery_batch);
  Page<Delivery> deliveries(const Caller& caller, std::optional<std::string> state, const PageRequest& page);
  // The deadline sweep's part: reception duty announcements 3 days ahead, overdue referrals.
  std::int64_t sweep();

 private:
  // Checks a submission and works out the new opinion (no writes); 422 on bad input.
  Opinion prepare(soci::session& s, const Submission& submission, const std::string& created_by, Validator v);
  // Checks the files (413, 415) and keeps them in the data directory.
  std::vector<attachments::StoredFile> store_files(const Submission& submission) const;
  // Writes it with its files, first timeline step, audit row and message to the citizen.
  void write_new(soci::session& tx, const Caller& caller, Opinion& opinion,
                 const std::vector<attachments::StoredFile>& files);
  // A queued submission as the citizen's tracking page shows it, when the digits match.
  std::optional<TrackingPage> queued_page(soci::session& s, const std::string& code, const std::string& last4);
  void tell_citizen(soci::session& tx, const Opinion& o, const std::string& text);
  std::string actor_name(soci::session& s, const Caller& caller);

  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  limits::Service& limits_;
  const notifications::Service& notifications_;
  const attachments::Service& attachments_;
  suggestions::Service& suggestions_;
  std::unique_ptr<Notifier> notifier_;
  Settings settings_;
  RegionName region_name_;
  std::function<void()> on_queued_;
};

}  // namespace huying::opinions
