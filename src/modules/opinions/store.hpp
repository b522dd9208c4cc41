#pragma once
// SQL of opinions, receptions and outbound messages; nothing else. The lookups of
// stations, deputies and units the handling needs are plain reads here.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/opinions/model.hpp"

namespace soci {
class session;
}

namespace huying::opinions::store {

std::int64_t insert(soci::session& tx, const Opinion& o);
// Writes the mutable columns when the stored version is `expected_version`.
bool save(soci::session& tx, const Opinion& o, std::int64_t expected_version);
std::optional<Opinion> find(soci::session& s, std::int64_t id);
std::optional<Opinion> find_by_code(soci::session& s, const std::string& code);
// What the citizen's status page shows (and the last digits it is checked against): the
// busiest public read, so only those columns.
std::optional<Opinion> find_for_tracking(soci::session& s, const std::string& code);
std::optional<Opinion> find_by_suggestion(soci::session& s, std::int64_t suggestion_id);
// Taken by an opinion or by a submission still in the intake.
bool code_taken(soci::session& s, const std::string& code);

struct ListQuery {
  std::string box;  // station, mine, unit, congress, published
  std::vector<std::int64_t> station_ids, unit_ids, congress_ids;
  bool all_congresses = false;
  std::optional<std::int64_t> person_id;
  std::optional<std::string> state, channel, category, q, due;
  std::optional<std::int64_t> station_id, reception_id;
  std::string today, soon_until;
  std::string sort = "updated";  // updated, received (newest first), due_date
  std::int64_t limit = 20, offset = 0;
};
std::vector<Opinion> list(soci::session& s, const ListQuery& q);
std::int64_t count(soci::session& s, const ListQuery& q);

void insert_event(soci::session& tx, std::int64_t opinion_id, const Event& e);
std::vector<Event> events(soci::session& s, std::int64_t opinion_id);
// Time, state and public note of each step: what the citizen may read of the timeline.
std::vector<Event> public_steps(soci::session& s, std::int64_t opinion_id);

struct Place {
  std::int64_t id = 0, congress_id = 0;
  std::string name;
  bool active = true;
  std::string region_code, reception_schedule, address;
};
std::optional<Place> station(soci::session& s, std::int64_t id);
std::optional<Place> unit(soci::session& s, std::int64_t id);
struct DeputyInfo {
  std::int64_t mandate_id = 0, person_id = 0, congress_id = 0;
  std::string name, status;
  std::optional<std::int64_t> first_station_id;
};
std::optional<DeputyInfo> deputy(soci::session& s, std::int64_t mandate_id);
std::optional<std::int64_t> person_of_user(soci::session& s, std::int64_t user_id);
std::string display_name(soci::session& s, std::int64_t user_id);

// Reception days.
std::int64_t insert_reception(soci::session& tx, const Reception& r, const std::string& created_by,
                              std::int64_t now_ms);
std::vector<Reception> receptions(soci::session& s, std::int64_t station_id, std::int64_t limit,
                                  std::int64_t offset);
std::int64_t count_receptions(soci::session& s, std::int64_t station_id);
std::optional<Reception> reception(soci::session& s, std::int64_t id);
// The station's serving deputies, in mandate order: the rota of its reception days.
std::vector<std::pair<std::int64_t, std::string>> rota(soci::session& s, std::int64_t station_id);
// Stations where the person serves, with their schedules.
std::vector<Place> stations_of_person(soci::session& s, std::int64_t person_id);
std::vector<Place> stations_with_schedule(soci::session& s);

// Outbound messages.
void enqueue(soci::session& tx, const Delivery& d);
// Claims up to `limit` due messages until `claim_until_ms`; a message claimed by another
// node is skipped.
std::vector<Delivery> claim_due(soci::session& tx, std::int64_t now_ms, std::int64_t claim_until_ms,
                                std::int64_t limit);
void finish(soci::session& tx, const Delivery& d);
bool any_due(soci::session& s, std::int64_t now_ms);
std::vector<Delivery> deliveries(soci::session& s, std::optional<std::string> state, std::int64_t limit,
                                 std::int64_t offset);
std::int64_t count_deliveries(soci::session& s, std::optional<std::string> state);

// Statistics of a congress's opinions received in [from_ms, to_ms).
struct Stats {
  std::int64_t total = 0;
  std::map<std::string, std::int64_t> by_channel, by_category, by_state, by_rating;
  std::vector<std::pair<std::string, std::int64_t>> by_region;  // county code, count
  struct StationRow {
    std::int64_t id = 0;
    std::string name;
    std::int64_t count = 0, overdue = 0;
  };
  std::vector<StationRow> by_station;
  std::optional<double> median_first_response_hours;
  std::int64_t replied_referrals = 0, replied_in_time = 0;
};
Stats stats(soci::session& s, std::int64_t congress_id, std::int64_t from_ms, std::int64_t to_ms,
            const std::string& today);

// Referred opinions whose referral deadline is at or before `until`.
struct Due {
  std::int64_t opinion_id = 0, congress_id = 0;
  std::optional<std::int64_t> station_id, unit_id;
  std::string date, title;
};
std::vector<Due> open_referrals(soci::session& s, const std::string& until);

// The intake of public submissions (docs/opinions.md, "Intake").
struct Queued {
  std::int64_t id = 0;
  std::string tracking_code, submission;
  std::int64_t received_at_ms = 0, attempts = 0;
  std::string last_error;
};
void intake_add(soci::session& tx, const std::string& code, const std::string& submission,
                std::int64_t received_at_ms);
// Oldest first, after `after_id`, of those tried fewer than `max_attempts` times.
std::vector<Queued> intake_batch(soci::session& s, std::int64_t after_id, std::int64_t max_attempts,
                                 std::int64_t limit);
std::optional<Queued> intake_find(soci::session& s, const std::string& code);
// True when this transaction took the row (another node may have moved it meanwhile).
bool intake_remove(soci::session& tx, std::int64_t id);
void intake_failed(soci::session& tx, std::int64_t id, const std::string& error);
std::int64_t intake_count(soci::session& s);
std::vector<Queued> intake_page(soci::session& s, std::int64_t limit, std::int64_t offset);

}  // namespace huying::opinions::store
