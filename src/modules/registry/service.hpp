#pragma once
// The registry's first slice: handling units (承办单位) and liaison stations (联络站), each
// belonging to a congress — enough to scope the roles of unit handlers and station keepers.
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/change_counter.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/paging.hpp"
#include "db/database.hpp"
#include "modules/audit/service.hpp"

namespace huying::registry {

enum class Kind { unit, station };

// Where a liaison station is and when deputies receive citizens there.
struct StationDetails {
  std::string kind = "station";  // home, station, hub, online
  std::string region_code, address, opening_hours, reception_schedule, phone;
  std::optional<double> latitude, longitude;
};

inline const std::vector<std::string> station_kinds{"home", "station", "hub", "online"};
inline const std::vector<std::string> unit_kinds{"government", "court", "procuratorate", "township", "other"};

// Who a handling unit is: government department, court, procuratorate, township government…
struct UnitDetails {
  std::string kind = "government";  // government, court, procuratorate, township, other
  std::string region_code, contact_name, contact_phone;
  std::optional<std::int64_t> parent_id;
};

struct Place {
  std::int64_t id = 0;
  std::string name;
  std::int64_t congress_id = 0;
  bool active = true;
  std::int64_t version = 1;
  std::optional<StationDetails> station;  // stations only
  std::optional<UnitDetails> unit;        // units only
};

struct PlaceFilter {
  std::optional<std::string> q;       // part of the name
  std::optional<std::string> region;  // includes sub-regions
  std::optional<std::string> kind;
  std::optional<bool> active;
};

struct NewPlace {
  std::string name;
  std::optional<std::int64_t> congress_id;
  StationDetails station;  // stations only
  UnitDetails unit;        // units only
  std::optional<bool> active;  // edits only: deactivate or reactivate
};

class Service {
 public:
  // The region code of a congress, or nothing when there is no such congress.
  using CongressRegion = std::function<std::optional<std::string>(std::int64_t)>;
  Service(db::Database& db, const Clock& clock, const audit::Service& audit,
          CongressRegion congress_region, ChangeCounter& changes)
      : db_(db),
        clock_(clock),
        audit_(audit),
        congress_region_(std::move(congress_region)),
        changes_(changes) {}

  Page<Place> list(const Caller& caller, Kind kind, const PlaceFilter& filter, const PageRequest& page);
  std::string export_xlsx(const Caller& caller, Kind kind, const PlaceFilter& filter);
  Place get(const Caller& caller, Kind kind, std::int64_t id);
  Place create(const Caller& caller, Kind kind, const NewPlace& input, Validator input_errors = {});
  // Replaces name, details and (when given) the active flag when `expected_version` is
  // current (409 otherwise).
  Place update(const Caller& caller, Kind kind, std::int64_t id, const NewPlace& input,
               std::int64_t expected_version, Validator input_errors = {});
  // For other services (naming a grant's scope); no authorization: names are not secret.
  std::optional<Place> find(Kind kind, std::int64_t id);

 private:
  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  CongressRegion congress_region_;
  ChangeCounter& changes_;
  void check_details(Validator& v, Kind kind, const NewPlace& input, std::int64_t congress_id);
};

}  // namespace huying::registry
