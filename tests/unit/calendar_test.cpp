#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/calendar.hpp"
#include "core/error.hpp"

using namespace huying;
using namespace huying::calendar;
using namespace std::chrono;

namespace {

year_month_day d(std::string_view text) {
  auto date = parse_date(text);
  if (!date) throw std::invalid_argument("bad date in test: " + std::string(text));
  return *date;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path calendar_file(int year) {
  return std::filesystem::path(HUYING_SOURCE_DIR) / "docs" / "calendar" /
         (std::to_string(year) + ".csv");
}

// The calendar as shipped: the CSV files that carry the same rows as the migration.
const WorkingCalendar& shipped() {
  static const WorkingCalendar calendar = [] {
    std::vector<int> years;
    std::vector<DayException> days;
    for (int year : {2024, 2025, 2026}) {
      auto parsed = parse_csv(read_file(calendar_file(year)));
      EXPECT_TRUE(parsed.problems.empty()) << calendar_file(year);
      EXPECT_EQ(parsed.year, year);
      years.push_back(parsed.year);
      days.insert(days.end(), parsed.days.begin(), parsed.days.end());
    }
    return WorkingCalendar(years, days);
  }();
  return calendar;
}

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code() + " " + std::to_string(e.status()) + " " + e.detail();
  }
  return "no error";
}

}  // namespace

TEST(CalendarDates, ParsesStrictIsoDatesOnly) {
  EXPECT_EQ(format_date(d("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_date("2025-02-29"));
  EXPECT_FALSE(parse_date("2025-13-01"));
  EXPECT_FALSE(parse_date("2025-1-01"));
  EXPECT_FALSE(parse_date("2025-01-01 "));
  EXPECT_FALSE(parse_date("2025/01/01"));
  EXPECT_FALSE(parse_date("2025-+1-01"));
  EXPECT_FALSE(parse_date(""));
  EXPECT_EQ(format_date(year_month_day{year{987}, month{3}, day{4}}), "0987-03-04");
}

TEST(CalendarDates, KindsHaveStableNames) {
  EXPECT_EQ(kind_name(DayKind::holiday), "holiday");
  EXPECT_EQ(kind_name(DayKind::workday), "workday");
  EXPECT_EQ(parse_kind("workday"), DayKind::workday);
  EXPECT_EQ(parse_kind("holiday"), DayKind::holiday);
  EXPECT_FALSE(parse_kind("Holiday"));
  EXPECT_FALSE(parse_kind(""));
}

TEST(CalendarDates, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(add_months(d("2025-01-31"), 1), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2025-03-31"), 1), d("2025-04-30"));
  EXPECT_EQ(add_months(d("2025-01-15"), 3), d("2025-04-15"));
  EXPECT_EQ(add_months(d("2025-11-30"), 3), d("2026-02-28"));
  EXPECT_EQ(add_months(d("2025-03-31"), -1), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2025-01-10"), -13), d("2023-12-10"));
}

TEST(CalendarDates, AddMonthsKnowsLeapYears) {
  EXPECT_EQ(add_months(d("2024-01-31"), 1), d("2024-02-29"));
  EXPECT_EQ(add_months(d("2024-02-29"), 12), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2023-02-28"), 12), d("2024-02-28"));
  EXPECT_EQ(add_months(d("2099-12-31"), 2), d("2100-02-28"));  // 2100 is not a leap year
  EXPECT_EQ(add_months(d("1999-12-31"), 2), d("2000-02-29"));  // 2000 is
}

TEST(CalendarDates, TodayIsTheCivilDateInTheCongresssTimeZone) {
  auto instant = sys_days{2025y / December / 31} + 16h + 30min;
  auto ms = duration_cast<milliseconds>(instant.time_since_epoch()).count();
  EXPECT_EQ(civil_date_in(ms, "Asia/Shanghai"), d("2026-01-01"));
  EXPECT_EQ(civil_date_in(ms, "UTC"), d("2025-12-31"));
  EXPECT_EQ(civil_date_in(ms - 60'001, "Asia/Shanghai"), d("2026-01-01"));
  // 15:59:59.999Z is still the last day of 2025 in Beijing.
  EXPECT_EQ(civil_date_in(ms - 30 * 60'000 - 1, "Asia/Shanghai"), d("2025-12-31"));
  EXPECT_EQ(civil_date_in(-1, "UTC"), d("1969-12-31"));
}

TEST(CalendarDates, AnUnknownTimeZoneIsAServerError) {
  EXPECT_TRUE(code_of([] { civil_date_in(0, "Mars/Olympus_Mons"); }).starts_with("time_zone_unknown 500"));
  EXPECT_TRUE(code_of([] { civil_date_in(0, ""); }).starts_with("time_zone_unknown 500"));
}

TEST(WorkingCalendar, SpringFestival2025DaysOffAreNotWorkingDaysAndMakeUpWeekendsAre) {
  const auto& c = shipped();
  for (auto day = sys_days{d("2025-01-28")}; day <= sys_days{d("2025-02-04")}; day += days{1})
    EXPECT_FALSE(c.is_working_day(year_month_day{day})) << format_date(year_month_day{day});
  EXPECT_TRUE(c.is_working_day(d("2025-01-26")));  // Sunday
  EXPECT_TRUE(c.is_working_day(d("2025-02-08")));  // Saturday
  EXPECT_TRUE(c.is_working_day(d("2025-01-27")));
  EXPECT_TRUE(c.is_working_day(d("2025-02-05")));
  EXPECT_FALSE(c.is_working_day(d("2025-01-25")));  // an ordinary Saturday
  EXPECT_FALSE(c.is_working_day(d("2025-02-09")));  // an ordinary Sunday
}

TEST(WorkingCalendar, LabourDay2025DaysOffAreNotWorkingDaysAndTheMakeUpSundayIs) {
  const auto& c = shipped();
  for (auto day = sys_days{d("2025-05-01")}; day <= sys_days{d("2025-05-05")}; day += days{1})
    EXPECT_FALSE(c.is_working_day(year_month_day{day})) << format_date(year_month_day{day});
  EXPECT_TRUE(c.is_working_day(d("2025-04-27")));
  EXPECT_TRUE(c.is_working_day(d("2025-04-30")));
  EXPECT_TRUE(c.is_working_day(d("2025-05-06")));
}

TEST(WorkingCalendar, NationalDay2025DaysOffAreNotWorkingDaysAndMakeUpWeekendsAre) {
  const auto& c = shipped();
  for (auto day = sys_days{d("2025-10-01")}; day <= sys_days{d("2025-10-08")}; day += days{1})
    EXPECT_FALSE(c.is_working_day(year_month_day{day})) << format_date(year_month_day{day});
  EXPECT_TRUE(c.is_working_day(d("2025-09-28")));  // Sunday
  EXPECT_TRUE(c.is_working_day(d("2025-10-11")));  // Saturday
  EXPECT_TRUE(c.is_working_day(d("2025-10-09")));
}

TEST(WorkingCalendar, OrdinaryDaysFollowTheWeek) {
  const auto& c = shipped();
  EXPECT_TRUE(c.is_working_day(d("2025-03-03")));   // Monday
  EXPECT_FALSE(c.is_working_day(d("2025-03-08")));  // Saturday
  EXPECT_FALSE(c.is_working_day(d("2024-01-01")));  // 元旦
  EXPECT_FALSE(c.is_working_day(d("2026-02-23")));  // 春节 2026, a Monday
  EXPECT_TRUE(c.is_working_day(d("2026-01-04")));   // 元旦 2026 make-up Sunday
}

TEST(WorkingCalendar, AddWorkingDaysAcrossSpringFestival2025) {
  const auto& c = shipped();
  EXPECT_EQ(c.add_working_days(d("2025-01-24"), 1), d("2025-01-26"));  // the make-up Sunday
  EXPECT_EQ(c.add_working_days(d("2025-01-24"), 2), d("2025-01-27"));
  EXPECT_EQ(c.add_working_days(d("2025-01-27"), 1), d("2025-02-05"));
  EXPECT_EQ(c.add_working_days(d("2025-01-28"), 1), d("2025-02-05"));  // from a day off
  EXPECT_EQ(c.add_working_days(d("2025-02-05"), 3), d("2025-02-08"));  // the make-up Saturday
}

TEST(WorkingCalendar, AddWorkingDaysAcrossNationalDay2025) {
  const auto& c = shipped();
  EXPECT_EQ(c.add_working_days(d("2025-09-30"), 1), d("2025-10-09"));
  EXPECT_EQ(c.add_working_days(d("2025-09-26"), 1), d("2025-09-28"));
  EXPECT_EQ(c.add_working_days(d("2025-10-09"), 2), d("2025-10-11"));
}

TEST(WorkingCalendar, AddWorkingDaysAcrossTheYearBoundary) {
  const auto& c = shipped();
  // 2026-01-01..03 off, Sunday 01-04 worked, then Monday to Friday.
  EXPECT_EQ(c.add_working_days(d("2025-12-31"), 1), d("2026-01-04"));
  EXPECT_EQ(c.add_working_days(d("2025-12-31"), 10), d("2026-01-15"));
  EXPECT_EQ(c.add_working_days(d("2024-12-31"), 1), d("2025-01-02"));
}

TEST(WorkingCalendar, AddingZeroWorkingDaysReturnsTheStartEvenOnADayOff) {
  const auto& c = shipped();
  EXPECT_EQ(c.add_working_days(d("2025-10-01"), 0), d("2025-10-01"));
  EXPECT_EQ(c.add_working_days(d("2030-01-01"), 0), d("2030-01-01"));
}

TEST(WorkingCalendar, WorkingDaysBetweenCountsTheHalfOpenRange) {
  const auto& c = shipped();
  EXPECT_EQ(c.working_days_between(d("2025-01-24"), d("2025-02-08")), 6);
  EXPECT_EQ(c.working_days_between(d("2025-09-30"), d("2025-10-09")), 1);
  EXPECT_EQ(c.working_days_between(d("2025-03-03"), d("2025-03-03")), 0);
  EXPECT_EQ(c.working_days_between(d("2025-03-10"), d("2025-03-03")), 0);
  EXPECT_EQ(c.working_days_between(d("2025-03-07"), d("2025-03-10")), 1);  // Fri → Mon
}

TEST(WorkingCalendar, YearsHaveTheirOfficialNumberOfWorkingDays) {
  const auto& c = shipped();
  EXPECT_EQ(c.working_days_between(d("2023-12-31"), d("2024-12-31")), 251);
  EXPECT_EQ(c.working_days_between(d("2024-12-31"), d("2025-12-31")), 248);
  EXPECT_EQ(c.working_days_between(d("2025-12-31"), d("2026-12-31")), 248);
}

TEST(WorkingCalendar, AdditionAndCountingAgreeWithTheDayByDayRule) {
  const auto& c = shipped();
  for (auto from = sys_days{d("2024-01-01")}; from <= sys_days{d("2026-11-30")}; from += days{1}) {
    year_month_day start{from};
    int counted = 0;
    auto day = from;
    for (int n = 1; n <= 20; ++n) {
      auto next = c.add_working_days(start, n);
      while (day < sys_days{next}) {
        day += days{1};
        if (c.is_working_day(year_month_day{day})) ++counted;
      }
      ASSERT_EQ(counted, n) << format_date(start) << " + " << n;
      ASSERT_TRUE(c.is_working_day(next));
      ASSERT_EQ(c.working_days_between(start, next), n) << format_date(start) << " + " << n;
    }
  }
}

TEST(WorkingCalendar, LongAdditionsAreFast) {
  const auto& c = shipped();
  auto started = steady_clock::now();
  year_month_day last{};
  for (int i = 0; i < 1000; ++i) last = c.add_working_days(d("2024-01-01"), 700);
  EXPECT_EQ(c.working_days_between(d("2024-01-01"), last), 700);
  EXPECT_LT(steady_clock::now() - started, 2s);
}

TEST(WorkingCalendar, AnUnknownYearIsAnErrorNeverAWeekendsOnlyGuess) {
  const auto& c = shipped();
  EXPECT_TRUE(c.knows(2025));
  EXPECT_FALSE(c.knows(2027));
  EXPECT_EQ(c.years(), (std::vector<int>{2024, 2025, 2026}));
  auto is_unknown_2027 = [](const std::string& text) {
    return text.starts_with("calendar_year_unknown 500") && text.find("2027") != std::string::npos;
  };
  EXPECT_PRED1(is_unknown_2027, code_of([&] { c.is_working_day(d("2027-01-04")); }));
  // 2026-12-31 is the first working day; the second lies in 2027.
  EXPECT_EQ(c.add_working_days(d("2026-12-30"), 1), d("2026-12-31"));
  EXPECT_PRED1(is_unknown_2027, code_of([&] { c.add_working_days(d("2026-12-30"), 2); }));
  EXPECT_PRED1(is_unknown_2027,
               code_of([&] { c.working_days_between(d("2026-12-01"), d("2027-01-10")); }));
  EXPECT_TRUE(code_of([&] { c.is_working_day(d("2023-12-29")); }).starts_with("calendar_year_unknown"));
  EXPECT_TRUE(code_of([] { WorkingCalendar{}.is_working_day(d("2025-03-03")); })
                  .starts_with("calendar_year_unknown"));
}

TEST(CheckYear, AnEmptyListIsAProblem) {
  auto problems = check_year(2025, {});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].index, -1);
}

TEST(CheckYear, FlagsDatesOutsideTheYearWeekdayWorkdaysAndDuplicates) {
  std::vector<DayException> days = {
      {d("2025-01-01"), DayKind::holiday, "元旦"},
      {d("2024-12-31"), DayKind::holiday, "元旦"},      // another year
      {d("2025-01-27"), DayKind::workday, "春节调休"},  // a Monday
      {d("2025-01-26"), DayKind::workday, "春节调休"},  // a Sunday: fine
      {d("2025-01-01"), DayKind::holiday, "元旦"},      // again
      {d("2025-02-01"), DayKind::holiday, "春节"},      // a Saturday off: fine
  };
  auto problems = check_year(2025, days);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].index, 1);
  EXPECT_NE(problems[0].message.find("not in 2025"), std::string::npos);
  EXPECT_EQ(problems[1].index, 2);
  EXPECT_NE(problems[1].message.find("Monday"), std::string::npos);
  EXPECT_EQ(problems[2].index, 4);
  EXPECT_NE(problems[2].message.find("more than once"), std::string::npos);
}

TEST(CheckYear, TheShippedYearsAreClean) {
  for (int year : {2024, 2025, 2026}) {
    auto parsed = parse_csv(read_file(calendar_file(year)));
    EXPECT_TRUE(check_year(year, parsed.days).empty()) << year;
  }
}

TEST(ParseCsv, AGoodFileGivesItsYearAndDays) {
  auto parsed = parse_csv(read_file(calendar_file(2025)));
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_EQ(parsed.year, 2025);
  ASSERT_EQ(parsed.days.size(), 33u);
  EXPECT_EQ(parsed.days[0].date, d("2025-01-01"));
  EXPECT_EQ(parsed.days[0].kind, DayKind::holiday);
  EXPECT_EQ(parsed.days[0].name, "元旦");
  EXPECT_EQ(parsed.days[1].kind, DayKind::workday);
  EXPECT_EQ(parsed.days[1].name, "春节调休");
}

TEST(ParseCsv, ABomCrlfQuotesAndBlankLinesAreAccepted) {
  auto parsed = parse_csv(
      "\xEF\xBB\xBF"
      "date,kind,name\r\n"
      "2025-01-01,holiday,元旦\r\n"
      "\r\n"
      "2025-01-26,workday,\"春节调休, 周日\"\r\n"
      " 2025-01-28 , holiday ,春节\r\n"
      "2025-05-31,holiday\r\n");
  EXPECT_TRUE(parsed.problems.empty()) << parsed.problems[0].message;
  EXPECT_EQ(parsed.year, 2025);
  ASSERT_EQ(parsed.days.size(), 4u);
  EXPECT_EQ(parsed.days[1].name, "春节调休, 周日");
  EXPECT_EQ(parsed.days[2].date, d("2025-01-28"));
  EXPECT_EQ(parsed.days[3].name, "");
}

TEST(ParseCsv, ABadDateIsReportedWithItsLineNumber) {
  auto parsed = parse_csv(
      "date,kind,name\n"
      "2025-01-01,holiday,元旦\n"
      "\n"
      "2025-02-30,holiday,春节\n"
      "2025/02/01,holiday,春节\n");
  ASSERT_EQ(parsed.problems.size(), 2u);
  EXPECT_EQ(parsed.problems[0].index, 4);
  EXPECT_NE(parsed.problems[0].message.find("2025-02-30"), std::string::npos);
  EXPECT_EQ(parsed.problems[1].index, 5);
  EXPECT_EQ(parsed.days.size(), 1u);
}

TEST(ParseCsv, ABadKindIsReportedWithItsLineNumber) {
  auto parsed = parse_csv(
      "date,kind,name\n"
      "2025-01-01,holiday,元旦\n"
      "2025-01-02,vacation,元旦\n");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].index, 3);
  EXPECT_NE(parsed.problems[0].message.find("vacation"), std::string::npos);
}

TEST(ParseCsv, YearRulesAreReportedWithLineNumbers) {
  auto parsed = parse_csv(
      "date,kind,name\n"
      "2025-01-01,holiday,\"元旦\n(multi-line)\"\n"
      "2025-01-27,workday,春节调休\n"
      "2024-12-31,holiday,元旦\n"
      "2025-01-01,holiday,元旦\n");
  EXPECT_EQ(parsed.year, 2025);
  ASSERT_EQ(parsed.problems.size(), 3u);
  EXPECT_EQ(parsed.problems[0].index, 4);  // the Monday workday, after a two-line row
  EXPECT_EQ(parsed.problems[1].index, 5);  // 2024
  EXPECT_EQ(parsed.problems[2].index, 6);  // the duplicate
}

TEST(ParseCsv, AMissingHeaderOrAnEmptyFileIsAProblem) {
  auto no_header = parse_csv("2025-01-01,holiday,元旦\n");
  ASSERT_EQ(no_header.problems.size(), 1u);
  EXPECT_EQ(no_header.problems[0].index, 1);
  auto empty = parse_csv("");
  ASSERT_EQ(empty.problems.size(), 1u);
  EXPECT_EQ(empty.problems[0].index, -1);
  auto header_only = parse_csv("\xEF\xBB\xBF" "date,kind,name\n");
  ASSERT_EQ(header_only.problems.size(), 1u);
  EXPECT_EQ(header_only.problems[0].index, -1);
  auto unclosed = parse_csv("date,kind,name\n2025-01-01,holiday,\"元旦\n");
  ASSERT_FALSE(unclosed.problems.empty());
  EXPECT_EQ(unclosed.problems[0].index, 2);
  auto not_utf8 = parse_csv("date,kind,name\n2025-01-01,holiday,\xD4\xAA\xB5\xA9\n");
  ASSERT_EQ(not_utf8.problems.size(), 1u);
}
