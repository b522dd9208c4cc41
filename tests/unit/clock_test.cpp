#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/clock.hpp"

using namespace huying;

TEST(Clock, ParsesAndFormatsIso8601) {
  auto t = parse_iso8601("2026-11-26T17:23:00.5+08:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2026-11-26T09:23:00.500Z");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2024-02-29T00:00Z")), "2024-02-29T00:00:00.000Z");
}

TEST(Clock, RejectsInstantsWithoutZoneOrInvalidDates) {
  EXPECT_FALSE(parse_iso8601("2026-11-26T17:23:00"));
  EXPECT_FALSE(parse_iso8601("2025-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2026-11-26T17:23:00Zjunk"));
}

TEST(Clock, FileClockReadsTheFileOnEveryCall) {
  auto path = std::filesystem::temp_directory_path() / "huying_clock_test";
  std::ofstream(path) << "2026-01-01T00:00:00Z\n";
  FileClock clock(path);
  EXPECT_EQ(format_iso8601(clock.now()), "2026-01-01T00:00:00.000Z");
  std::ofstream(path) << "2026-03-01T08:00:00Z\n";
  EXPECT_EQ(format_iso8601(clock.now()), "2026-03-01T08:00:00.000Z");
  std::filesystem::remove(path);
}
