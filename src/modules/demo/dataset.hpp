#pragma once
// The rows of a generated demo dataset, as they go into the tables. Ids are assigned by the
// generator (1, 2, ... in each table), so that the dataset and its checksum do not depend on
// the engine, and rows can refer to each other before anything is written.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huying::demo {

enum class Scale { county, city, province };

struct RegionRow {
  std::string code, name, level;
  std::optional<std::string> parent_code;
};

struct TermRow {
  std::int64_t number = 0;
  std::string start_date;
  std::optional<std::string> end_date;
};

struct CongressRow {
  std::int64_t id = 0;
  std::string region_code, level, name;
  std::vector<TermRow> terms;
};

struct PersonRow {
  std::int64_t id = 0;
  std::string name, name_pinyin, name_initials, gender;
  std::int64_t birth_year = 0;
  std::string ethnicity, party, occupation;
};

struct PrivateRow {
  std::int64_t person_id = 0;
  std::string id_number, mobile, home_address, birth_date;
};

struct DelegationRow {
  std::int64_t id = 0, congress_id = 0, term_number = 0;
  std::string name;
};

struct MandateRow {
  std::int64_t id = 0, person_id = 0, congress_id = 0, term_number = 0;
  std::string level, region_code;
  std::optional<std::int64_t> delegation_id;
  std::string deputy_group, status, start_date;
  std::optional<std::string> end_date;
};

struct ContactRow {
  std::int64_t member_mandate_id = 0, mandate_id = 0;
};

struct StationRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t congress_id = 0;
  std::string kind, region_code, address;
  // Micro-degrees: whole numbers keep the dataset exact; absent for online stations.
  std::optional<std::int64_t> latitude_micro, longitude_micro;
  std::string opening_hours, reception_schedule, phone;
};

struct StationDeputyRow {
  std::int64_t station_id = 0, mandate_id = 0;
};

struct UnitRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t congress_id = 0;
  std::string kind, region_code;
  std::optional<std::int64_t> parent_id;
  std::string contact_name, contact_phone;
};

// Citizens' opinions (docs/opinions.md) are not part of the Dataset: a year of them before
// the load's clock is made by OpinionGenerator (opinions.hpp) and streamed into the store,
// so that a million of them never sit in memory at once. These are their rows.
struct ReceptionRow {
  std::int64_t id = 0, station_id = 0;
  std::string date, note;
  std::int64_t people_received = 0;
  std::vector<std::int64_t> attendees;  // mandate ids, in rota order
};

struct OpinionEventRow {
  std::int64_t at_ms = 0;
  std::string actor, actor_name, role, action, state, note, public_note;
};

struct OpinionRow {
  std::int64_t id = 0;
  std::string tracking_code;
  std::int64_t congress_id = 0;
  std::optional<std::int64_t> station_id, mandate_id, deputy_person_id, reception_id;
  std::string channel, category, title, content, citizen_name, citizen_mobile, location;
  bool publish = false;
  std::string state, reject_reason, guidance;
  std::optional<std::int64_t> unit_id;
  std::optional<std::string> referral_due, unit_reply;
  std::optional<std::int64_t> unit_replied_at_ms;
  std::optional<std::string> reply;
  std::optional<std::int64_t> replied_at_ms;
  std::optional<std::string> replied_on, rating;
  std::string rating_comment;
  std::optional<std::int64_t> rated_at_ms;
  bool reopened = false;
  std::string accept_due;
  std::optional<std::string> due_date;
  std::int64_t received_at_ms = 0;
  std::optional<std::int64_t> first_response_at_ms;
  std::int64_t updated_at_ms = 0;
  std::string created_by;
  std::int64_t version = 1;
  std::vector<OpinionEventRow> events;  // oldest first
};

struct Dataset {
  std::vector<RegionRow> regions;
  std::vector<CongressRow> congresses;
  std::vector<DelegationRow> delegations;
  std::vector<PersonRow> persons;
  std::vector<PrivateRow> privates;
  std::vector<MandateRow> mandates;
  std::vector<ContactRow> contacts;
  std::vector<UnitRow> units;
  std::vector<StationRow> stations;
  std::vector<StationDeputyRow> station_deputies;
};

}  // namespace huying::demo
