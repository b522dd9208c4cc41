#pragma once
// SQL of suggestions and their handling; nothing else. Reads of people, units and
// congresses that the handling needs are here too, as plain lookups.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/suggestions/model.hpp"

namespace soci {
class session;
}

namespace huying::suggestions::store {

std::int64_t insert(soci::session& tx, const Suggestion& s);
// Writes every mutable column when the stored version is `expected_version`, raising it by
// one; false when someone changed the item first.
bool save(soci::session& tx, const Suggestion& s, std::int64_t expected_version);
std::optional<Suggestion> find(soci::session& s, std::int64_t id);
// Everything of one item: the list details plus contacts and merged items.
void load_details(soci::session& s, Suggestion& item);
// Co-signers, assignments, requests, answers and evaluations of list items, one query each.
void load_list_details(soci::session& s, std::vector<Suggestion>& items);

struct ListQuery {
  std::string box;  // mine, cosigning, unit, congress
  std::optional<std::int64_t> person_id;
  std::vector<std::int64_t> unit_ids, congress_ids;
  bool all_congresses = false;
  std::optional<std::string> state, category, q, due;  // due: due_soon, overdue
  std::optional<std::int64_t> unit_id, congress_id;
  std::string today, soon_until;  // dates bounding the due filters
  std::string sort = "updated";   // updated, due_date, number
  std::int64_t limit = 20, offset = 0;
};
std::vector<Suggestion> list(soci::session& s, const ListQuery& q);
std::int64_t count(soci::session& s, const ListQuery& q);

void put_cosigner(soci::session& tx, std::int64_t suggestion_id, const Cosigner& c, std::int64_t now_ms);
void remove_cosigner(soci::session& tx, std::int64_t suggestion_id, std::int64_t mandate_id);
void set_cosigner_state(soci::session& tx, std::int64_t suggestion_id, std::int64_t mandate_id,
                        const std::string& state, std::int64_t now_ms);
std::int64_t insert_assignment(soci::session& tx, std::int64_t suggestion_id, const Assignment& a,
                               std::int64_t now_ms);
void update_assignment(soci::session& tx, const Assignment& a);
void insert_answer(soci::session& tx, std::int64_t suggestion_id, const Answer& a, std::int64_t now_ms);
void insert_contact(soci::session& tx, std::int64_t suggestion_id, const Contact& c, std::int64_t now_ms);
void insert_request(soci::session& tx, std::int64_t suggestion_id, const HandlingRequest& r,
                    std::int64_t now_ms);
void update_request(soci::session& tx, const HandlingRequest& r);
void insert_evaluation(soci::session& tx, std::int64_t suggestion_id, const Evaluation& e,
                       std::int64_t now_ms);
void insert_event(soci::session& tx, std::int64_t suggestion_id, const Event& e);
std::vector<Event> events(soci::session& s, std::int64_t suggestion_id);
// The next registration number of a congress and year (1, 2, ...), under a row lock.
std::int64_t next_number(soci::session& tx, std::int64_t congress_id, std::int64_t year);

struct MandateInfo {
  Deputy deputy;
  std::int64_t congress_id = 0;
  std::string status;
};
std::optional<MandateInfo> find_mandate(soci::session& s, std::int64_t mandate_id);
// The person's serving mandate in a congress (the latest term).
std::optional<Deputy> serving_mandate(soci::session& s, std::int64_t person_id, std::int64_t congress_id);
struct MandateOfPerson {
  std::int64_t id = 0, congress_id = 0, term_number = 0;
  std::string congress_name;
};
std::vector<MandateOfPerson> serving_mandates(soci::session& s, std::int64_t person_id);
std::optional<std::int64_t> person_of_user(soci::session& s, std::int64_t user_id);
std::string display_name(soci::session& s, std::int64_t user_id);

struct UnitInfo {
  std::int64_t id = 0, congress_id = 0;
  std::string name;
  bool active = true;
};
std::optional<UnitInfo> find_unit(soci::session& s, std::int64_t id);
std::optional<std::string> congress_time_zone(soci::session& s, std::int64_t congress_id);
// The congress a unit or station belongs to.
std::optional<std::int64_t> congress_of_scope(soci::session& s, const std::string& scope_type, std::int64_t id);
bool session_of_congress(soci::session& s, std::int64_t session_id, std::int64_t congress_id);

struct StoredSettings {
  std::string json;
  std::int64_t version = 0;  // 0: never saved, the defaults apply
};
StoredSettings settings(soci::session& s, std::int64_t congress_id);
// Saves when the stored version is `expected_version` (1: the defaults, none stored yet).
bool save_settings(soci::session& tx, std::int64_t congress_id, const std::string& json,
                   std::int64_t expected_version, std::int64_t now_ms);

// The deadline sweep's work lists.
struct Due {
  std::int64_t suggestion_id = 0, congress_id = 0, version = 0, record_id = 0, unit_id = 0;
  std::string date, title;
};
std::vector<Due> answered_before(soci::session& s, const std::string& latest_due);  // evaluation windows
std::vector<Due> open_answer_deadlines(soci::session& s, const std::string& until);
std::vector<Due> open_assign_deadlines(soci::session& s, const std::string& until);
std::vector<Due> open_request_deadlines(soci::session& s, const std::string& until);

}  // namespace huying::suggestions::store
