#include "modules/registry/directory.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/geo.hpp"
#include "core/pinyin.hpp"
#include "core/policy.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"
#include "modules/export/xlsx.hpp"
#include "modules/registry/directory_store.hpp"

namespace huying::registry {

namespace {

using directory_store::Search;

bool other_serving(soci::session& s, std::int64_t mandate_id) {
  auto record = directory_store::record(s, mandate_id);
  return record && record->status == "serving";
}

Error deputy_not_found() { return Error::not_found("There is no such deputy."); }
Error station_not_found() { return Error::not_found("There is no such station."); }

void add_region(Search& s, const std::optional<std::string>& region) {
  if (!region) return;
  std::string prefix = region_prefix(*region);
  s.region_from = prefix;
  s.region_to = prefix_bound(prefix);
}

// Latin letters search pinyin and initials; Chinese narrows by the pinyin of the typed
// characters (an index range) and then by the name itself.
void add_query(Search& s, const std::optional<std::string>& q) {
  if (!q || q->empty()) return;
  if (std::string latin = pinyin_query(*q); !latin.empty()) {
    s.pinyin_from = latin;
    s.pinyin_to = prefix_bound(latin);
    s.initials_too = true;
    return;
  }
  std::string pinyin = to_pinyin(*q).full;
  if (!pinyin.empty()) {
    s.pinyin_from = pinyin;
    s.pinyin_to = prefix_bound(pinyin);
  }
  std::string like;
  for (char c : *q) {
    if (c == '%' || c == '_' || c == '\\') continue;  // wildcards are not searched for
    like += c;
  }
  s.name_like = like + "%";
}

// Today's civil date in Asia/Shanghai (UTC+8 all year since 1991).
std::chrono::year_month_day today_in_china(TimePoint now) {
  return std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(now + std::chrono::hours(8))};
}

}  // namespace

Page<DeputyCard> Directory::search_deputies(DeputyFilter filter, const PageRequest& page) {
  filter.status = "serving";
  Search search;
  add_region(search, filter.region);
  add_query(search, filter.q);
  auto lease = db_.read();
  return {directory_store::cards(*lease, filter, search, page),
          directory_store::count_cards(*lease, filter, search), page};
}

DeputyProfile Directory::deputy_profile(std::int64_t mandate_id) {
  auto lease = db_.read();
  auto record = directory_store::record(*lease, mandate_id);
  if (!record || record->status != "serving") throw deputy_not_found();
  DeputyProfile profile;
  profile.card = record->card;
  profile.ethnicity = record->ethnicity;
  profile.party = record->party;
  profile.deputy_group = record->deputy_group;
  profile.birth_year = record->birth_year;
  profile.stations = directory_store::stations_of_mandate(*lease, mandate_id);
  for (auto& other : directory_store::mandates_of_person(*lease, record->card.person_id))
    if (other.id != mandate_id && other_serving(*lease, other.id)) profile.other_mandates.push_back(std::move(other));
  return profile;
}

Page<StationCard> Directory::stations(const StationFilter& filter, const PageRequest& page) {
  Search search;
  add_region(search, filter.region);
  auto lease = db_.read();
  return {directory_store::station_cards(*lease, filter, search.region_from, search.region_to, page),
          directory_store::count_stations(*lease, filter, search.region_from, search.region_to),
          page};
}

std::vector<StationCard> Directory::nearest_stations(const Near& near, const StationFilter& filter) {
  Search search;
  add_region(search, filter.region);
  std::vector<StationCard> found;
  auto lease = db_.read();
  // Rings of cells outwards until the `limit`-th nearest is closer than anything beyond.
  constexpr int max_ring = 20;  // about 200 km; past that, see below
  for (int ring = 0; ring <= max_ring; ++ring) {
    auto cells = geo::ring_cells(near.latitude, near.longitude, ring);
    for (auto& st : directory_store::stations_in_cells(*lease, cells, filter, search.region_from,
                                                       search.region_to)) {
      st.distance_m = geo::distance_m(near.latitude, near.longitude, *st.latitude, *st.longitude);
      found.push_back(std::move(st));
    }
    std::sort(found.begin(), found.end(), [](const StationCard& a, const StationCard& b) {
      return *a.distance_m != *b.distance_m ? *a.distance_m < *b.distance_m : a.id < b.id;
    });
    if (int(found.size()) >= near.limit &&
        *found[near.limit - 1].distance_m <= geo::beyond_ring_m(near.latitude, ring))
      break;
    if (ring == max_ring) {
      // Far from every station (outside the province): rings would not prove the order, so
      // measure every placed station once.
      found = directory_store::placed_stations(*lease, filter, search.region_from, search.region_to);
      for (auto& st : found)
        st.distance_m = geo::distance_m(near.latitude, near.longitude, *st.latitude, *st.longitude);
      std::sort(found.begin(), found.end(), [](const StationCard& a, const StationCard& b) {
        return *a.distance_m != *b.distance_m ? *a.distance_m < *b.distance_m : a.id < b.id;
      });
    }
  }
  if (int(found.size()) > near.limit) found.resize(near.limit);
  return found;
}

StationPage Directory::station_page(std::int64_t station_id) {
  auto lease = db_.read();
  auto card = directory_store::station(*lease, station_id);
  if (!card) throw station_not_found();
  StationPage page{*card, directory_store::deputies_of_station(*lease, station_id), {}, {}};
  std::vector<const DeputyCard*> rota;
  for (const auto& d : page.deputies) rota.push_back(&d);
  std::sort(rota.begin(), rota.end(), [](const DeputyCard* a, const DeputyCard* b) { return a->id < b->id; });
  if (auto schedule = parse_schedule(card->reception_schedule))
    for (auto day : next_reception_days(*schedule, today_in_china(clock_.now()), 5)) {
      page.next_reception_days.push_back(format_date(day));
      ReceptionDay reception{format_date(day), {}};
      for (auto i : on_duty(*schedule, day, rota.size())) reception.deputies.push_back(rota[i]);
      page.next_receptions.push_back(std::move(reception));
    }
  return page;
}

namespace {

Search staff_search(const Caller& caller, const DeputyFilter& filter) {
  // Mandates belong to their congress: staff see their congress's deputies.
  auto scope = policy::list_scope(caller.principal, policy::Action::user_view);
  if (!scope.all && scope.congress_ids.empty())
    throw Error::forbidden("Your role may not read the registry of deputies.");
  Search search;
  search.scoped = !scope.all;
  search.congress_ids = scope.congress_ids;
  add_region(search, filter.region);
  add_query(search, filter.q);
  return search;
}

}  // namespace

Page<DeputyRecord> Directory::staff_deputies(const Caller& caller, DeputyFilter filter,
                                             const PageRequest& page) {
  Search search = staff_search(caller, filter);
  auto lease = db_.read();
  return {directory_store::records(*lease, filter, search, page.page_size, page.offset()),
          directory_store::count_cards(*lease, filter, search), page};
}

DeputyRecord Directory::staff_deputy(const Caller& caller, std::int64_t mandate_id) {
  policy::require_authenticated(caller.principal);
  auto lease = db_.read();
  auto record = directory_store::record(*lease, mandate_id);
  if (!record) throw deputy_not_found();
  policy::enforce(caller.principal, policy::Action::user_view, {record->card.congress_id},
                  "such deputy");
  return *record;
}

DeputyRecord Directory::update_deputy(const Caller& caller, std::int64_t mandate_id,
                                      const DeputyPatch& patch, std::int64_t expected_version) {
  policy::require_authenticated(caller.principal);
  DeputyRecord current;
  {
    auto lease = db_.read();
    auto found = directory_store::record(*lease, mandate_id);
    if (!found) throw deputy_not_found();
    current = *found;
  }
  std::string grant = policy::enforce(caller.principal, policy::Action::user_manage,
                                      {current.card.congress_id}, "such deputy");
  Validator v;
  if (patch.status &&
      std::find(deputy_statuses.begin(), deputy_statuses.end(), *patch.status) == deputy_statuses.end())
    v.field("/status", "Must be one of: serving, resigned, terminated, recalled.");
  if (patch.end_date && !patch.end_date->empty() && !parse_iso8601(*patch.end_date + "T00:00Z"))
    v.field("/end_date", "Must be a date such as 2026-03-02.");
  v.throw_if_any();
  DeputyRecord changed = current;
  boost::json::object changes;
  auto apply = [&](const char* field, std::string& target, const std::optional<std::string>& value) {
    if (value && *value != target) {
      changes[field] = {{"from", target}, {"to", *value}};
      target = *value;
    }
  };
  apply("status", changed.status, patch.status);
  apply("deputy_group", changed.deputy_group, patch.deputy_group);
  apply("occupation", changed.card.occupation, patch.occupation);
  if (patch.end_date) {
    std::optional<std::string> end = patch.end_date->empty() ? std::nullopt : patch.end_date;
    if (end != current.end_date) {
      changes["end_date"] = {{"from", current.end_date ? boost::json::value(*current.end_date) : nullptr},
                             {"to", end ? boost::json::value(*end) : nullptr}};
      changed.end_date = end;
    }
  }
  db_.write([&](soci::session& tx) {
    if (!directory_store::update_mandate(tx, mandate_id, changed, expected_version,
                                         to_epoch_ms(clock_.now()))) {
      auto now = directory_store::record(tx, mandate_id);
      throw Error::conflict("version_conflict",
                            "The deputy's record was changed by someone else (now version " +
                                std::to_string(now ? now->version : 0) +
                                "). Reload it and apply your change again.");
    }
    audit_.record(tx, caller,
                  {"deputy.update", "mandate", std::to_string(mandate_id), changes, grant,
                   current.card.congress_id});
  });
  changes_.bump();
  auto lease = db_.read();
  return *directory_store::record(*lease, mandate_id);
}

DeputyPrivate Directory::deputy_private(const Caller& caller, std::int64_t mandate_id) {
  policy::require_authenticated(caller.principal);
  std::optional<DeputyRecord> record;
  DeputyPrivate fields;
  std::string grant;
  {
    auto lease = db_.read();
    record = directory_store::record(*lease, mandate_id);
    if (!record) throw deputy_not_found();
    // Staff of the deputy's congress manage the registry; reading contact data is their work.
    grant = policy::enforce(caller.principal, policy::Action::user_manage, {record->card.congress_id},
                            "such deputy");
    fields = directory_store::private_fields(*lease, record->card.person_id).value_or(DeputyPrivate{});
  }
  // After the read connection is given back: a reader waiting for the writer while the
  // writer's transaction waits for a reader would wait for ever.
  db_.write([&](soci::session& tx) {
    audit_.record(tx, caller,
                  {"deputy.private_view", "mandate", std::to_string(mandate_id),
                   {{"fields", "id_number, mobile, home_address, birth_date"}}, grant,
                   record->card.congress_id});
  });
  return fields;
}

std::string Directory::export_deputies(const Caller& caller, DeputyFilter filter) {
  Search search = staff_search(caller, filter);
  std::vector<DeputyRecord> rows;
  {
    auto lease = db_.read();
    rows = directory_store::records(*lease, filter, search, 200'000, 0);
  }
  xlsx::Sheet sheet{"deputies",
                    {"姓名", "性别", "层级", "人民代表大会", "届次", "选区代码", "选区", "代表团",
                     "代表小组", "职务", "民族", "党派", "出生年份", "状态", "当选日期",
                     "终止日期", "身份证号", "手机"},
                    {},
                    {10, 6, 8, 24, 6, 12, 14, 14, 14, 28, 8, 10, 8, 8, 12, 12, 20, 14}};
  for (const auto& d : rows)
    sheet.rows.push_back({d.card.name, d.card.gender == "female" ? "女" : "男", d.card.level,
                          d.card.congress_name, std::to_string(d.card.term_number),
                          d.card.region_code, d.card.region_name, d.card.delegation,
                          d.deputy_group, d.card.occupation, d.ethnicity, d.party,
                          d.birth_year ? std::to_string(*d.birth_year) : "", d.status,
                          d.start_date, d.end_date.value_or(""), d.id_number_masked,
                          d.mobile_masked});
  return xlsx::workbook(sheet);
}

}  // namespace huying::registry
