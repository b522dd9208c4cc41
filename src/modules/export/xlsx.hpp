#pragma once
// Spreadsheets for "导出 Excel": one sheet of text cells under a bold header row.
#include <string>
#include <vector>

namespace huying::xlsx {

struct Sheet {
  std::string name;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> column_widths;  // optional, in characters
};

// The bytes of an .xlsx workbook holding the sheet.
std::string workbook(const Sheet& sheet);

// The cells of a workbook's first sheet as text, row by row (blank cells as ""), so that an
// .xlsx is imported like the CSV it could have been saved as. Throws std::invalid_argument
// when the bytes are not a workbook.
std::vector<std::vector<std::string>> read_first_sheet(std::string_view bytes);

inline constexpr std::string_view content_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace huying::xlsx
