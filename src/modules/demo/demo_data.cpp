#include "modules/demo/demo_data.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>

#include <map>

#include "core/crypto.hpp"
#include "modules/audit/service.hpp"
#include "modules/calendar/service.hpp"
#include "modules/demo/store.hpp"
#include "modules/demo/suggestions.hpp"

namespace huying::demo {

namespace {

struct DemoUser {
  const char* username;
  const char* display_name;  // deputies: the role, after the name of the deputy in the dataset
  const char* role;
  const char* region;  // the congress of this region (at the region's own level) owns the account
  // "congress", "unit:N" / "station:N" (1-based, in the order created), "own-unit" (the
  // first unit of the account's congress), "station-deputy:N" (a deputy of the account's
  // congress serving at station N)
  const char* scope;
};

// One account per role; 中原区 and 金水区 staff show that counties do not see each other.
constexpr DemoUser demo_users[] = {
    {"admin", "系统管理员", "admin", nullptr, nullptr},
    {"staff.henan", "王晓燕（省人大代表工委）", "staff", "410000", "congress"},
    {"staff.zhongyuan", "李建国（中原区人大）", "staff", "410102", "congress"},
    {"staff.jinshui", "赵丽（金水区人大）", "staff", "410105", "congress"},
    {"leader.henan", "陈志强（省人大常委会）", "leader", "410000", "congress"},
    {"committee.henan", "刘芳（教科文卫委）", "committee_member", "410000", "congress"},
    {"deputy.henan", "（省人大代表）", "deputy", "410000", "congress"},
    {"deputy.luoyang", "（省人大代表）", "deputy", "410000", "congress"},
    {"deputy.zhengzhou", "（市人大代表）", "deputy", "410100", "congress"},
    {"handler.edu", "孙明（省教育厅）", "unit_handler", "410000", "unit:1"},
    {"head.edu", "周涛（省教育厅负责人）", "unit_head", "410000", "unit:1"},
    {"handler.health", "吴静（省卫健委）", "unit_handler", "410000", "unit:2"},
    {"keeper.jinshui", "郑磊（金水区联络站）", "station_keeper", "410105", "station:1"},
    // A deputy and a unit of 金水区, so that citizens' opinions at station 1 can be referred,
    // answered by a unit and escalated by the deputy with demo accounts.
    {"deputy.jinshui", "（区人大代表）", "deputy", "410105", "station-deputy:1"},
    {"handler.jinshui", "钱伟（金水区承办单位）", "unit_handler", "410105", "own-unit"},
};

// The congress of a region at the region's own level (410000 also has the national one).
std::int64_t congress_of(const Dataset& data, std::string_view region) {
  for (const auto& c : data.congresses)
    if (c.region_code == region && c.level != "national") return c.id;
  throw std::runtime_error("no congress for region " + std::string(region));
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The person of the n-th serving mandate (0-based) of a congress: demo deputies act as
// real deputies of the dataset.
std::int64_t nth_deputy(const Dataset& data, std::int64_t congress_id, std::size_t n) {
  for (const auto& m : data.mandates)
    if (m.congress_id == congress_id && m.status == "serving" && n-- == 0) return m.person_id;
  throw std::runtime_error("too few deputies in congress " + std::to_string(congress_id));
}

// The person of the first serving deputy of a congress at a station (mandate order, the
// station's rota), if any.
std::optional<std::int64_t> station_deputy(const Dataset& data, std::int64_t station_id, std::int64_t congress_id) {
  std::optional<std::int64_t> first;
  for (const auto& sd : data.station_deputies) {
    if (sd.station_id != station_id || (first && sd.mandate_id > *first)) continue;
    for (const auto& m : data.mandates)
      if (m.id == sd.mandate_id && m.congress_id == congress_id && m.status == "serving") first = sd.mandate_id;
  }
  if (!first) return std::nullopt;
  for (const auto& m : data.mandates)
    if (m.id == *first) return m.person_id;
  return std::nullopt;
}

}  // namespace

Counts count(const Dataset& data) {
  Counts n;
  n.regions = data.regions.size();
  n.congresses = data.congresses.size();
  n.delegations = data.delegations.size();
  n.persons = data.persons.size();
  n.mandates = data.mandates.size();
  n.contacts = data.contacts.size();
  n.units = data.units.size();
  n.station_deputies = data.station_deputies.size();
  for (const auto& s : data.stations) ++(s.kind == "online" ? n.online_stations : n.stations);
  static constexpr std::string_view levels[] = {"national", "provincial", "city", "county", "township"};
  for (const auto& m : data.mandates) {
    if (m.status != "serving") continue;
    ++n.serving;
    for (std::size_t i = 0; i < 5; ++i)
      if (m.level == levels[i]) ++n.by_level[i];
  }
  return n;
}

LoadResult load(db::Database& db, const Clock& clock, accounts::Service& accounts, const Caller& caller,
                const Options& options) {
  {
    auto lease = db.read();
    if (!store::registry_empty(*lease)) return {};
  }
  LoadResult result;
  auto started = std::chrono::steady_clock::now();
  Dataset data = generate(options.scale, options.seed, options.progress);
  result.checksum = checksum(data);
  result.counts = count(data);
  result.generate_seconds = seconds_since(started);

  // The opinions' deadlines are computed on the working-day calendar as stored.
  calendar::WorkingCalendar working_days;
  {
    auto lease = db.read();
    working_days = calendar::Service::load(*lease);
  }
  started = std::chrono::steady_clock::now();
  audit::Service audit(db, clock);
  bool written = false;
  const std::int64_t now_ms = to_epoch_ms(clock.now());
  db.write([&](soci::session& tx) {
    if (!store::registry_empty(tx)) return;  // another load got there first
    store::write(tx, db.engine(), data, now_ms, options.progress);
    auto opinions_started = std::chrono::steady_clock::now();
    OpinionGenerator opinions(data, options.scale, options.seed, now_ms, working_days);
    auto written_opinions = store::write_opinions(tx, db.engine(), opinions, now_ms, options.progress);
    result.counts.opinions = written_opinions.opinions;
    result.counts.opinion_events = written_opinions.events;
    result.counts.receptions = written_opinions.receptions;
    result.opinions_seconds = seconds_since(opinions_started);
    const auto& n = result.counts;
    audit.record(tx, caller,
                 {"registry.load", "region", "*",
                  {{"scale", std::string(scale_name(options.scale))},
                   {"seed", std::to_string(options.seed)},
                   {"checksum", result.checksum},
                   {"regions", n.regions},
                   {"congresses", n.congresses},
                   {"persons", n.persons},
                   {"mandates", n.mandates},
                   {"units", n.units},
                   {"stations", n.stations + n.online_stations},
                   {"opinions", n.opinions},
                   {"receptions", n.receptions}},
                  "operator",
                  std::nullopt});
    written = true;
  });
  if (!written) return {};
  // Fresh statistics let both engines' planners see the loaded tables as they are.
  db.write([](soci::session& tx) { store::analyze(tx); });
  result.write_seconds = seconds_since(started) - result.opinions_seconds;

  started = std::chrono::steady_clock::now();
  std::string hash = crypto::hash_password(demo_password);
  std::map<std::int64_t, std::size_t> deputies_taken;  // per congress
  for (const auto& u : demo_users) {
    accounts::NewUser input;
    input.username = u.username;
    input.display_name = u.display_name;
    input.password_hash = hash;
    Grant grant{0, u.role, "", std::nullopt};
    if (u.region) input.congress_id = congress_of(data, u.region);
    std::string scope = u.scope ? u.scope : "";
    if (scope == "congress" || scope.starts_with("station-deputy:")) grant.scope_id = input.congress_id;
    if (scope == "own-unit")
      for (const auto& unit : data.units)
        if (unit.congress_id == input.congress_id && !grant.scope_id) grant.scope_id = unit.id;
    if (scope.starts_with("unit:")) grant.scope_id = data.units.at(std::stoi(scope.substr(5)) - 1).id;
    if (scope.starts_with("station:"))
      grant.scope_id = data.stations.at(std::stoi(scope.substr(8)) - 1).id;
    input.grants = {grant};
    if (grant.role == roles::deputy) {
      // A deputy's account carries the name of the deputy it acts for.
      if (scope.starts_with("station-deputy:"))
        input.person_id = station_deputy(data, data.stations.at(std::stoi(scope.substr(15)) - 1).id, *input.congress_id);
      if (!input.person_id)
        input.person_id = nth_deputy(data, *input.congress_id, deputies_taken[*input.congress_id]++);
      for (const auto& p : data.persons)
        if (p.id == *input.person_id) input.display_name = p.name + u.display_name;
    }
    accounts.create_user(caller, input);
  }
  result.counts.users = std::size(demo_users);
  result.counts.suggestions = load_suggestions(db, clock, accounts);
  result.accounts_seconds = seconds_since(started);
  result.loaded = true;
  return result;
}

}  // namespace huying::demo
