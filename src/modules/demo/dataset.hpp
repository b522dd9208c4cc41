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
