#include <gtest/gtest.h>

#include <soci/soci.h>

#include <filesystem>
#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/masking.hpp"
#include "core/opinion_rules.hpp"
#include "modules/demo/generator.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "modules/demo/opinions.hpp"
#include "modules/demo/store.hpp"
#include "modules/opinions/store.hpp"

using namespace huying;
using namespace huying::demo;

namespace {

const Dataset& county_scale() {
  static const Dataset data = [] {
    crypto::init();
    return generate(Scale::county, 1);
  }();
  return data;
}

std::int64_t now_ms() { return to_epoch_ms(*parse_iso8601("2026-06-15T02:00:00Z")); }

// Weekends only: enough for the shape of the data (the stored calendar adds the holidays).
calendar::WorkingCalendar weekdays() { return calendar::WorkingCalendar({2025, 2026}, {}); }

std::vector<OpinionRow> make(std::uint64_t seed, calendar::WorkingCalendar cal = weekdays(),
                             std::int64_t now = now_ms()) {
  OpinionGenerator gen(county_scale(), Scale::county, seed, now, std::move(cal));
  std::vector<OpinionRow> out;
  gen.run([&](const OpinionRow& o) { out.push_back(o); });
  return out;
}

std::size_t chars(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

TEST(DemoOpinions, TheSameSeedGivesTheSameOpinionsAndCodes) {
  auto one = make(1), again = make(1), other = make(2);
  ASSERT_EQ(one.size(), opinion_count(Scale::county));
  ASSERT_EQ(again.size(), one.size());
  for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(one[i].tracking_code, again[i].tracking_code) << i;
  for (std::size_t i = 0; i < one.size(); ++i) {
    ASSERT_EQ(one[i].title, again[i].title) << i;
    ASSERT_EQ(one[i].state, again[i].state) << i;
    ASSERT_EQ(one[i].received_at_ms, again[i].received_at_ms) << i;
    ASSERT_EQ(one[i].events.size(), again[i].events.size()) << i;
  }
  int same = 0;
  for (std::size_t i = 0; i < 20; ++i) same += one[i].tracking_code == other[i].tracking_code;
  EXPECT_EQ(same, 0);
  // The codes are a stream of their own: the clock changes the opinions, not their codes.
  auto later = make(1, weekdays(), now_ms() + 86'400'000LL * 30);
  for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(later[i].tracking_code, one[i].tracking_code) << i;
}

TEST(DemoOpinions, EveryOpinionIsOneTheServiceCouldHaveMade) {
  auto all = make(1);
  std::set<std::string> codes;
  std::map<std::string, int> states, channels;
  std::int64_t now = now_ms(), year_ago = now - 366LL * 86'400'000;
  for (const auto& o : all) {
    ASSERT_EQ(o.tracking_code.size(), opinion_rules::code_length);
    for (char c : o.tracking_code) ASSERT_NE(opinion_rules::code_alphabet.find(c), std::string_view::npos) << o.tracking_code;
    codes.insert(o.tracking_code);
    EXPECT_TRUE(is_mobile_number(o.citizen_mobile)) << o.citizen_mobile;
    EXPECT_TRUE(o.station_id.has_value());
    EXPECT_GE(chars(o.title), 1u);
    EXPECT_LE(chars(o.title), 100u) << o.title;
    EXPECT_LE(chars(o.content), 5000u);
    EXPECT_LE(chars(o.citizen_name), 30u);
    EXPECT_TRUE(opinion_rules::is_channel(o.channel)) << o.channel;
    EXPECT_TRUE(opinion_rules::parse_state(o.state).has_value()) << o.state;
    EXPECT_GT(o.received_at_ms, year_ago);
    EXPECT_LE(o.received_at_ms, now);
    EXPECT_LE(o.updated_at_ms, now);
    ++states[o.state];
    ++channels[o.channel];
    // The timeline: received first, in order, ending in the opinion's state, one version a step.
    ASSERT_FALSE(o.events.empty());
    EXPECT_EQ(o.events.front().action, "receive");
    EXPECT_EQ(o.events.back().state, o.state) << o.id;
    EXPECT_EQ(o.version, static_cast<std::int64_t>(o.events.size())) << o.id;
    for (std::size_t i = 1; i < o.events.size(); ++i) EXPECT_GE(o.events[i].at_ms, o.events[i - 1].at_ms) << o.id;
    EXPECT_FALSE(o.accept_due.empty());
    if (o.state == "received") EXPECT_EQ(o.due_date, o.accept_due);
    if (o.state == "referred") {
      EXPECT_TRUE(o.unit_id && o.referral_due);
      if (!o.unit_reply) EXPECT_EQ(o.due_date, o.referral_due);
    }
    if (o.state == "closed") EXPECT_TRUE(o.rating.has_value());
    if (o.state == "replied" || o.state == "answered_on_spot") EXPECT_TRUE(o.reply && o.replied_on);
    if (o.state == "rejected") EXPECT_FALSE(o.guidance.empty());
    if (o.channel == "qr") EXPECT_TRUE(o.mandate_id.has_value());
    if (o.state != "received") EXPECT_TRUE(o.first_response_at_ms.has_value()) << o.id;
  }
  EXPECT_EQ(codes.size(), all.size());
  for (auto s : {"received", "accepted", "rejected", "answered_on_spot", "referred", "replied", "closed"})
    EXPECT_GT(states[s], 0) << s;
  EXPECT_GT(states["closed"], static_cast<int>(all.size()) / 2);
  EXPECT_NEAR(channels["online"], 0.45 * all.size(), 0.05 * all.size());
  EXPECT_NEAR(channels["reception"], 0.25 * all.size(), 0.05 * all.size());
}

TEST(DemoOpinions, ReceptionDaysHaveTheirDeputiesOnDuty) {
  OpinionGenerator gen(county_scale(), Scale::county, 1, now_ms(), weekdays());
  const auto& receptions = gen.receptions();
  EXPECT_GE(receptions.size(), 100u);
  EXPECT_LE(receptions.size(), 500u);
  EXPECT_EQ(receptions.front().station_id, 1);
  for (const auto& r : receptions) {
    EXPECT_FALSE(r.attendees.empty());
    EXPECT_LE(r.date, "2026-06-15");
  }
}

TEST(DemoOpinions, AYearTheCalendarLacksClosesOpinionsInsteadOfFailing) {
  auto all = make(1, calendar::WorkingCalendar({}, {}));
  ASSERT_EQ(all.size(), opinion_count(Scale::county));
  for (const auto& o : all) {
    EXPECT_EQ(o.state, "closed");
    EXPECT_FALSE(o.due_date.has_value());
  }
  // Only 2025 known: the opinions whose deadlines reach 2026 are closed, the others not.
  auto part = make(1, calendar::WorkingCalendar({2025}, {}));
  std::size_t open = 0;
  for (const auto& o : part) open += o.state != "closed";
  EXPECT_GT(open, 0u);
}

TEST(DemoOpinions, TheStoreWritesThemWithTheirTimelinesAndKeepsTheIndexes) {
  namespace fs = std::filesystem;
  crypto::init();
  auto dir = fs::temp_directory_path() / ("huying_demo_opinions_" + crypto::random_hex(6));
  fs::create_directories(dir);
  {
    db::Options options;
    options.url = "sqlite://" + (dir / "test.db").string();
    options.pool_size = 1;
    options.sqlite_synchronous = "OFF";
    auto db = db::Database::open(options);
    SystemClock clock;
    db::apply_migrations(*db, db::load_migrations(fs::path(HUYING_SOURCE_DIR) / "migrations"), clock);
    auto scalar = [&](const std::string& sql) {
      auto lease = db->read();
      long long n = 0;
      *lease << sql, soci::into(n);
      return n;
    };
    auto indexes = scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'opinions'");
    OpinionGenerator gen(county_scale(), Scale::county, 1, now_ms(), weekdays());
    std::string first_code;
    store::OpinionCounts n;
    db->write([&](soci::session& tx) {
      store::write(tx, db->engine(), county_scale(), now_ms(), {});
      n = store::write_opinions(tx, db->engine(), gen, now_ms(), {});
    });
    EXPECT_EQ(n.opinions, opinion_count(Scale::county));
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM opinions"), static_cast<long long>(n.opinions));
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM opinion_events"), static_cast<long long>(n.events));
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM receptions"), static_cast<long long>(n.receptions));
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM reception_attendees"), static_cast<long long>(n.attendees));
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'opinions'"), indexes);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM opinions o WHERE (SELECT COUNT(*) FROM opinion_events e "
                     "WHERE e.opinion_id = o.id) <> o.version"),
              0);
    {
      auto lease = db->read();
      soci::rowset<soci::row> problems = (lease->prepare << "PRAGMA foreign_key_check");
      EXPECT_EQ(std::distance(problems.begin(), problems.end()), 0);
      // The service finds them as a citizen would.
      std::string code, last4;
      *lease << "SELECT tracking_code, mobile_last4 FROM opinions WHERE id = 1", soci::into(code), soci::into(last4);
      auto found = opinions::store::find_by_code(*lease, code);
      ASSERT_TRUE(found.has_value());
      EXPECT_EQ(found->mobile_last4, last4);
      EXPECT_FALSE(found->station_name.empty());
      EXPECT_EQ(opinions::store::events(*lease, found->id).size(), static_cast<std::size_t>(found->version));
    }
  }
  fs::remove_all(dir);
}
