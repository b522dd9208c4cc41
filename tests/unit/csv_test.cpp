#include <gtest/gtest.h>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "core/id_number.hpp"

using namespace huying;

TEST(Csv, QuotedFieldsDoubledQuotesAndLineEndings) {
  auto rows = csv::parse("姓名,职务\r\n张伟,\"教师, \"\"优秀\"\"\"\n李娜,\"医生\n主任\"\n\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], "教师, \"优秀\"");
  EXPECT_EQ(rows[2][1], "医生\n主任");
}

TEST(Csv, EmptyFieldsAndMissingFinalNewline) {
  auto rows = csv::parse("a,,c\n,b,");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (csv::Row{"a", "", "c"}));
  EXPECT_EQ(rows[1], (csv::Row{"", "b", ""}));
}

TEST(Csv, AnUnclosedQuoteNamesItsLine) {
  try {
    csv::parse("a\nb,\"open\n");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos);
  }
}

TEST(Csv, Gb18030AndUtf8DecodeToTheSameText) {
  // "张伟" in GB18030 is D5 C5 CE B0.
  auto [text, encoding] = csv::decode("\xD5\xC5\xCE\xB0", csv::Encoding::automatic);
  EXPECT_EQ(encoding, "gb18030");
  EXPECT_EQ(text, "张伟");
  auto [same, utf8] = csv::decode("\xEF\xBB\xBF张伟", csv::Encoding::automatic);
  EXPECT_EQ(utf8, "utf-8");
  EXPECT_EQ(same, "张伟");
  EXPECT_THROW(csv::decode("\xD5\xC5", csv::Encoding::utf8), std::invalid_argument);
}

TEST(Csv, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("人大 abc"));
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE4\xBA"));      // cut short
}

TEST(IdNumber, CheckCharacterAndBirthDate) {
  EXPECT_EQ(id_number_check_character("11010519491231002"), 'X');
  EXPECT_TRUE(is_valid_id_number("11010519491231002X"));
  EXPECT_TRUE(is_valid_id_number("11010519491231002x"));
  EXPECT_FALSE(is_valid_id_number("110105194912310021"));
  EXPECT_FALSE(is_valid_id_number("11010519491331002X"));  // month 13
  EXPECT_FALSE(is_valid_id_number("1101051949123100"));
}
