#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "modules/export/xlsx.hpp"

using namespace huying;

TEST(Xlsx, AWorkbookWeWriteReadsBackCellForCell) {
  crypto::init();
  xlsx::Sheet sheet{"deputies", {"姓名", "性别", "选区代码"}, {{"张伟", "男", "410102"}, {"李娜", "", "410105"}}, {}};
  auto bytes = xlsx::workbook(sheet);
  auto rows = xlsx::read_first_sheet(bytes);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"姓名", "性别", "选区代码"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"张伟", "男", "410102"}));
  // A blank cell in the middle keeps the columns after it in place.
  EXPECT_EQ(rows[2][0], "李娜");
  EXPECT_EQ(rows[2][2], "410105");
}

TEST(Xlsx, SomethingElseIsRefused) {
  EXPECT_THROW(xlsx::read_first_sheet("姓名,性别\n张伟,男\n"), std::invalid_argument);
}
