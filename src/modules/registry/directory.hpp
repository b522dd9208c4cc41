#pragma once
// The directory of deputies and liaison stations: the public face ("visible in the cloud",
// 云端可见) without any private field, and the staff registry of mandates with private fields
// masked.
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/change_counter.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/paging.hpp"
#include "db/database.hpp"
#include "modules/audit/service.hpp"
#include "modules/registry/service.hpp"

namespace huying::registry {

// A mandate with its holder's public fields.
struct DeputyCard {
  std::int64_t id = 0;  // mandate
  std::int64_t person_id = 0;
  std::string name, pinyin, initials, gender, level;
  std::int64_t congress_id = 0;
  std::string congress_name;
  std::int64_t term_number = 0;
  std::string region_code, region_name, delegation, occupation, photo_url;
};

struct StationCard {
  std::int64_t id = 0;
  std::string name, kind, region_code, region_name, address;
  std::optional<double> latitude, longitude;
  std::string opening_hours, phone, reception_schedule;
  std::optional<double> distance_m;  // with a `near` search
};

struct DeputyProfile {
  DeputyCard card;
  std::string ethnicity, party, deputy_group;
  std::optional<std::int64_t> birth_year;
  std::vector<StationCard> stations;
  std::vector<DeputyCard> other_mandates;
};

// A reception day and the deputies on duty (core/schedule's rotation over the station's
// deputies in mandate order).
struct ReceptionDay {
  std::string date;
  std::vector<const DeputyCard*> deputies;  // into StationPage::deputies
};

struct StationPage {
  StationCard card;
  std::vector<DeputyCard> deputies;
  std::vector<std::string> next_reception_days;
  std::vector<ReceptionDay> next_receptions;
};

struct DeputyFilter {
  std::optional<std::string> region;  // includes sub-regions
  std::optional<std::string> level;
  std::optional<std::int64_t> term;
  std::optional<std::int64_t> delegation;
  std::optional<std::int64_t> station;
  std::optional<std::int64_t> congress;
  std::optional<std::string> status;  // public searches: "serving"
  std::optional<std::string> q;       // name, pinyin or initials
  std::string sort = "name";          // name, -name, start_date, -start_date, region, -region
};

inline const std::vector<std::string> deputy_sorts{"name", "-name", "start_date", "-start_date",
                                                   "region", "-region"};

struct StationFilter {
  std::optional<std::string> region;
  std::optional<std::string> kind;
  std::optional<std::string> q;  // part of the name
};

struct Near {
  double latitude = 0, longitude = 0;
  int limit = 10;
};

// Staff view of a mandate: the card, its status and dates, private fields masked.
struct DeputyRecord {
  DeputyCard card;
  std::string status, start_date, deputy_group, ethnicity, party;
  std::optional<std::string> end_date;
  std::optional<std::int64_t> birth_year;
  std::string id_number_masked, mobile_masked;
  std::int64_t version = 1;
};

// The private fields of a deputy, for staff whose work needs them; every read is audited.
struct DeputyPrivate {
  std::string id_number, mobile, home_address, birth_date;
};

struct DeputyPatch {
  std::optional<std::string> status, end_date, deputy_group, occupation;
};

class Directory {
 public:
  // `changes` is bumped after every write to the directory's data (caches watch it).
  Directory(db::Database& db, const Clock& clock, const audit::Service& audit,
            ChangeCounter& changes)
      : db_(db), clock_(clock), audit_(audit), changes_(changes) {}

  Page<DeputyCard> search_deputies(DeputyFilter filter, const PageRequest& page);
  DeputyProfile deputy_profile(std::int64_t mandate_id);
  Page<StationCard> stations(const StationFilter& filter, const PageRequest& page);
  std::vector<StationCard> nearest_stations(const Near& near, const StationFilter& filter);
  StationPage station_page(std::int64_t station_id);

  Page<DeputyRecord> staff_deputies(const Caller& caller, DeputyFilter filter, const PageRequest& page);
  DeputyRecord staff_deputy(const Caller& caller, std::int64_t mandate_id);
  DeputyRecord update_deputy(const Caller& caller, std::int64_t mandate_id, const DeputyPatch& patch,
                             std::int64_t expected_version);
  std::string export_deputies(const Caller& caller, DeputyFilter filter);
  DeputyPrivate deputy_private(const Caller& caller, std::int64_t mandate_id);

 private:
  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  ChangeCounter& changes_;
};

inline const std::vector<std::string> deputy_statuses{"serving", "resigned", "terminated", "recalled"};

}  // namespace huying::registry
