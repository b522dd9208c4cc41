#include <gtest/gtest.h>

#include "core/geo.hpp"
#include "core/pinyin.hpp"
#include "core/schedule.hpp"

using namespace huying;
using namespace std::chrono;

TEST(Pinyin, NamesBecomeFullPinyinAndInitials) {
  auto p = to_pinyin("张伟");
  EXPECT_EQ(p.full, "zhangwei");
  EXPECT_EQ(p.initials, "zw");
  EXPECT_EQ(to_pinyin("欧阳娜娜").initials, "oynn");
  // Separators inside minority names start a new syllable.
  EXPECT_EQ(to_pinyin("阿不都·热合曼").initials, "abdrhm");
}

TEST(Pinyin, SurnamesTakeTheirSurnameReading) {
  EXPECT_EQ(to_pinyin("单雄信").full, "shanxiongxin");
  EXPECT_EQ(to_pinyin("曾国藩").initials, "zgf");
  EXPECT_EQ(to_pinyin("尉迟恭").full, "yuchigong");
  // Elsewhere in a name the common reading stays.
  EXPECT_EQ(to_pinyin("李曾").full, "liceng");
}

TEST(Pinyin, QueriesAreNormalisedOrRefused) {
  EXPECT_EQ(pinyin_query("Zhang Wei"), "zhangwei");
  EXPECT_EQ(pinyin_query("zw"), "zw");
  EXPECT_EQ(pinyin_query("xi'an"), "xian");
  EXPECT_EQ(pinyin_query("张伟"), "");
  EXPECT_EQ(pinyin_query("zw1"), "");
}

TEST(Geo, DistancesMatchKnownPlaces) {
  // 郑州 (34.7466, 113.6254) to 开封 (34.7972, 114.3076): about 62.6 km.
  double d = geo::distance_m(34.7466, 113.6254, 34.7972, 114.3076);
  EXPECT_NEAR(d, 62'600, 800);
  EXPECT_DOUBLE_EQ(geo::distance_m(34.0, 113.0, 34.0, 113.0), 0.0);
}

TEST(Geo, RingsSurroundTheCell) {
  EXPECT_EQ(geo::ring_cells(34.75, 113.62, 0), std::vector<std::int64_t>{geo::cell_of(34.75, 113.62)});
  EXPECT_EQ(geo::ring_cells(34.75, 113.62, 1).size(), 8u);
  EXPECT_EQ(geo::ring_cells(34.75, 113.62, 2).size(), 16u);
  EXPECT_GT(geo::beyond_ring_m(34.75, 2), 15'000);
  EXPECT_LT(geo::beyond_ring_m(34.75, 2), 23'000);
}

TEST(Schedule, WeeklyAndMonthlyReceptionDays) {
  auto weekly = parse_schedule("weekly:1");
  ASSERT_TRUE(weekly);
  // 2026-03-02 is a Monday.
  auto days = next_reception_days(*weekly, 2026y / March / 3, 2);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(format_date(days[0]), "2026-03-09");
  EXPECT_EQ(format_date(days[1]), "2026-03-16");
  auto monthly = parse_schedule("monthly:19,9");
  ASSERT_TRUE(monthly);
  EXPECT_EQ(format_schedule(*monthly), "monthly:9,19");
  auto m = next_reception_days(*monthly, 2026y / February / 10, 3);
  EXPECT_EQ(format_date(m[0]), "2026-02-19");
  EXPECT_EQ(format_date(m[1]), "2026-03-09");
  EXPECT_EQ(format_date(m[2]), "2026-03-19");
}

TEST(Schedule, MonthlyDaysAMonthLacksAreSkipped) {
  auto s = parse_schedule("monthly:31");
  auto days = next_reception_days(*s, 2026y / February / 1, 1);
  EXPECT_EQ(format_date(days[0]), "2026-03-31");
}

TEST(Schedule, BadSchedulesAreRefused) {
  for (auto text : {"", "weekly:", "weekly:8", "monthly:0", "daily:1", "weekly:1,x"})
    EXPECT_FALSE(parse_schedule(text)) << text;
}

#include "core/text.hpp"

TEST(Text, PrefixBoundsMakeIndexRanges) {
  EXPECT_EQ(prefix_bound("zw"), "zx");
  EXPECT_EQ(prefix_bound("az"), "b");
  EXPECT_EQ(prefix_bound("4109"), "411");
  EXPECT_EQ(prefix_bound("zz"), std::nullopt);
}

TEST(Text, RegionPrefixesCoverSubRegions) {
  EXPECT_EQ(region_prefix("410000"), "41");
  EXPECT_EQ(region_prefix("410100"), "4101");
  EXPECT_EQ(region_prefix("410102"), "410102");
  EXPECT_EQ(region_prefix("419001"), "419001");
  EXPECT_EQ(region_prefix("410102001"), "410102001");
}

#include "modules/regions/model.hpp"

TEST(CongressNames, TermsAndSessionsInChineseNumerals) {
  EXPECT_EQ(regions::term_name(14), "第十四届");
  EXPECT_EQ(regions::term_name(10), "第十届");
  EXPECT_EQ(regions::session_name(3), "第三次会议");
  EXPECT_EQ(regions::session_name(21), "第二十一次会议");
}

TEST(Text, DatabaseErrorsLoseTheValuesBoundToTheStatement) {
  EXPECT_EQ(without_bound_values("sqlite3_statement_backend::loadOne: injected failure while fetching data from "
                                 "\"INSERT INTO opinions (citizen_name, citizen_mobile) VALUES (:p0, :p1)\" with "
                                 ":p0=\"王芳\", :p1=\"13800001234\"."),
            "sqlite3_statement_backend::loadOne: injected failure while fetching data from "
            "\"INSERT INTO opinions (citizen_name, citizen_mobile) VALUES (:p0, :p1)\" (values left out)");
  EXPECT_EQ(without_bound_values("connection refused"), "connection refused");
}
