#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/crypto.hpp"
#include "core/pinyin.hpp"
#include "core/schedule.hpp"
#include "modules/demo/generator.hpp"
#include "modules/demo/names.hpp"
#include "modules/demo/random.hpp"

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

const Dataset& province_scale() {
  static const Dataset data = generate(Scale::province, 1);
  return data;
}

std::size_t count_if_level(const Dataset& d, std::string_view level, bool serving_only = true) {
  std::size_t n = 0;
  for (const auto& m : d.mandates)
    if (m.level == level && (!serving_only || m.status == "serving")) ++n;
  return n;
}

}  // namespace

TEST(DemoRandom, TheSameSeedGivesTheSameNumbersOnEveryPlatform) {
  // Fixed outputs: the generator is ours (xoshiro256** seeded by splitmix64), not the
  // standard library's, whose distributions differ between implementations.
  Rng a(1), b(1), c(2);
  std::uint64_t first = a.next();
  EXPECT_EQ(first, b.next());
  EXPECT_NE(first, c.next());
  for (int i = 0; i < 10'000; ++i) {
    auto x = a.between(3, 7);
    ASSERT_GE(x, 3);
    ASSERT_LE(x, 7);
  }
}

TEST(DemoData, TheSameSeedGivesTheSameChecksumAndAnotherSeedAnother) {
  crypto::init();
  std::string one = checksum(county_scale());
  EXPECT_EQ(one.size(), 64u);
  EXPECT_EQ(checksum(generate(Scale::county, 1)), one);
  EXPECT_NE(checksum(generate(Scale::county, 2)), one);
}

TEST(DemoData, TheMapIsTheSameForEverySeed) {
  auto other = generate(Scale::county, 99);
  ASSERT_EQ(other.regions.size(), county_scale().regions.size());
  for (std::size_t i = 0; i < other.regions.size(); ++i) {
    EXPECT_EQ(other.regions[i].code, county_scale().regions[i].code);
    EXPECT_EQ(other.regions[i].name, county_scale().regions[i].name);
  }
}

TEST(DemoData, CountyScaleKeepsTheRegionsTheApiTestsKnow) {
  const auto& d = county_scale();
  std::map<std::string, int> by_level;
  for (const auto& r : d.regions) ++by_level[r.level];
  EXPECT_EQ(by_level["province"], 1);
  EXPECT_EQ(by_level["city"], 18);
  EXPECT_EQ(by_level["county"], 21);  // 郑州's 12 and 开封's 9, without townships
  EXPECT_EQ(by_level["township"], 0);
  int henan_congresses = 0;
  for (const auto& c : d.congresses) henan_congresses += c.region_code == "410000";
  EXPECT_EQ(henan_congresses, 1) << "no national congress at county scale";
  EXPECT_EQ(d.congresses.front().name, "河南省人民代表大会");
  // The demo accounts are scoped to unit 1, unit 2 and station 1.
  EXPECT_EQ(d.units.at(0).name, "河南省教育厅");
  EXPECT_EQ(d.units.at(1).name, "河南省卫生健康委员会");
  EXPECT_EQ(d.stations.at(0).name, "金水区人大代表联络站");
  EXPECT_EQ(d.stations.at(0).region_code, "410105");
  // A few thousand deputies and about a hundred stations.
  EXPECT_GT(d.mandates.size(), 3'000u);
  EXPECT_LT(d.mandates.size(), 12'000u);
  EXPECT_GT(d.stations.size(), 80u);
  EXPECT_LT(d.stations.size(), 250u);
}

TEST(DemoData, RegionsHangUnderTheirParentsWithPrefixedCodes) {
  const auto& d = province_scale();
  std::map<std::string, std::string> level_of;
  static const std::map<std::string, int> rank = {{"province", 0}, {"city", 1}, {"county", 2}, {"township", 3}};
  for (const auto& r : d.regions) {
    if (r.parent_code) {
      ASSERT_TRUE(level_of.contains(*r.parent_code)) << r.code << " comes before its parent";
      EXPECT_LT(rank.at(level_of[*r.parent_code]), rank.at(r.level)) << r.code;
      if (r.level == "township") {
        EXPECT_EQ(r.code.size(), 9u);
        EXPECT_TRUE(r.code.starts_with(*r.parent_code)) << r.code;
      } else if (r.level == "county") {
        EXPECT_EQ(r.code.substr(0, 4), r.parent_code->substr(0, 4)) << r.code;
      }
    }
    EXPECT_TRUE(level_of.emplace(r.code, r.level).second) << "duplicate " << r.code;
  }
}

TEST(DemoData, ProvinceScaleHasHenansFigures) {
  const auto& d = province_scale();
  std::map<std::string, int> by_level;
  for (const auto& r : d.regions) ++by_level[r.level];
  EXPECT_EQ(by_level["city"], 18);
  EXPECT_EQ(by_level["county"], 156);  // and 济源, a city-level region that is its own county
  EXPECT_NEAR(by_level["township"], 2'400, 100);
  std::size_t physical = 0, online = 0;
  for (const auto& s : d.stations) ++(s.kind == "online" ? online : physical);
  EXPECT_EQ(physical, 9'583u);
  EXPECT_EQ(online, 6'416u);
  EXPECT_NEAR(count_if_level(d, "national"), 170, 10);
  EXPECT_NEAR(count_if_level(d, "provincial"), 950, 30);
  EXPECT_NEAR(count_if_level(d, "city"), 8'000, 300);
  EXPECT_NEAR(count_if_level(d, "county"), 42'000, 1'500);
  EXPECT_NEAR(count_if_level(d, "township"), 134'000, 4'000);
  EXPECT_NEAR(static_cast<double>(d.units.size()), 6'000, 1'500);
  std::size_t provincial_units = 0;
  for (const auto& u : d.units) provincial_units += u.region_code == "410000";
  EXPECT_NEAR(static_cast<double>(provincial_units), 200, 30);
  // Some persons hold two mandates, none holds two in one congress.
  std::map<std::int64_t, int> per_person;
  std::set<std::pair<std::int64_t, std::int64_t>> seats;
  for (const auto& m : d.mandates) {
    ++per_person[m.person_id];
    EXPECT_TRUE(seats.insert({m.person_id, m.congress_id}).second);
  }
  int several = 0;
  for (const auto& [person, n] : per_person) several += n > 1;
  EXPECT_GT(several, 3'000);
  EXPECT_EQ(per_person.size(), d.persons.size());
}

TEST(DemoData, IdNumbersHaveAValidCheckDigitTheBirthDateAndTheSex) {
  EXPECT_EQ(names::id_check_digit("11010519491231002"), 'X');  // the standard's example
  EXPECT_TRUE(names::valid_id_number("11010519491231002X"));
  EXPECT_FALSE(names::valid_id_number("110105194912310021"));
  const auto& d = county_scale();
  ASSERT_EQ(d.privates.size(), d.persons.size());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < d.persons.size(); ++i) {
    const auto& p = d.persons[i];
    const auto& s = d.privates[i];
    ASSERT_EQ(s.person_id, p.id);
    ASSERT_TRUE(names::valid_id_number(s.id_number)) << s.id_number;
    EXPECT_TRUE(s.id_number.starts_with("4101") || s.id_number.starts_with("4102")) << s.id_number;
    std::string date = s.birth_date;
    std::erase(date, '-');
    EXPECT_EQ(s.id_number.substr(6, 8), date);
    EXPECT_EQ((s.id_number[16] - '0') % 2 == 0, p.gender == "female") << s.id_number;
    EXPECT_TRUE(seen.insert(s.id_number).second) << "duplicate " << s.id_number;
    EXPECT_EQ(s.mobile.size(), 11u);
    EXPECT_TRUE(s.mobile.starts_with("13") || s.mobile.starts_with("15") || s.mobile.starts_with("18"));
  }
}

TEST(DemoData, PersonsLookLikeDeputies) {
  const auto& d = county_scale();
  std::size_t women = 0, han = 0, cpc = 0;
  for (const auto& p : d.persons) {
    women += p.gender == "female";
    han += p.ethnicity == "汉族";
    cpc += p.party == "中共党员";
    int age = 2026 - static_cast<int>(p.birth_year);
    EXPECT_GE(age, 25);
    EXPECT_LE(age, 71);
    EXPECT_FALSE(p.occupation.empty());
    EXPECT_FALSE(p.name_pinyin.empty());
    EXPECT_LE(p.name_initials.size(), 4u);
  }
  double n = static_cast<double>(d.persons.size());
  EXPECT_NEAR(women / n, 0.27, 0.04);
  EXPECT_GT(han / n, 0.95);
  EXPECT_NEAR(cpc / n, 0.70, 0.08);
  std::size_t serving = 0;
  for (const auto& m : d.mandates) {
    serving += m.status == "serving";
    EXPECT_EQ(m.end_date.has_value(), m.status != "serving");
    if (m.end_date) {
      EXPECT_LT(m.start_date, *m.end_date);
    }
  }
  EXPECT_GT(serving / static_cast<double>(d.mandates.size()), 0.93);
}

TEST(DemoData, StationsHavePlacesAndReceptionDays) {
  for (const auto& s : province_scale().stations) {
    EXPECT_TRUE(parse_schedule(s.reception_schedule).has_value()) << s.reception_schedule;
    if (s.kind == "online") {
      EXPECT_FALSE(s.latitude_micro.has_value());
      continue;
    }
    ASSERT_TRUE(s.latitude_micro && s.longitude_micro) << s.name;
    EXPECT_GE(*s.latitude_micro, 31'000'000);
    EXPECT_LE(*s.latitude_micro, 36'500'000);
    EXPECT_GE(*s.longitude_micro, 110'000'000);
    EXPECT_LE(*s.longitude_micro, 116'700'000);
    EXPECT_FALSE(s.phone.empty());
  }
}

TEST(DemoNames, PinyinFromPartsEqualsPinyinOfTheWholeName) {
  // The generator transliterates surnames and characters once each and puts names together
  // from them; that must give what to_pinyin gives for the whole name.
  names::PinyinCache cache;
  for (bool female : {false, true}) {
    auto chars = names::given_characters(female);
    for (const auto& surname : names::surnames())
      for (std::size_t i = 0; i < chars.size(); ++i) {
        names::PersonName one{surname, chars[i]};
        names::PersonName two{surname, chars[i] + chars[(i * 7 + 3) % chars.size()]};
        for (const auto& name : {one, two}) {
          Pinyin whole = to_pinyin(name.full());
          Pinyin parts = cache(name);
          ASSERT_EQ(parts.full, whole.full) << name.full();
          ASSERT_EQ(parts.initials, whole.initials) << name.full();
        }
      }
  }
}
