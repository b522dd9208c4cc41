#include "modules/export/xlsx.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/crypto.hpp"

namespace huying::xlsx {

std::string workbook(const Sheet& sheet) {
  // libxlsxwriter writes files only: build the workbook in a private temporary file.
  auto path = std::filesystem::temp_directory_path() / ("huying-" + crypto::random_hex(8) + ".xlsx");
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) throw std::runtime_error("cannot create a workbook");
  lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (lxw_col_t c = 0; c < sheet.headers.size(); ++c)
    worksheet_write_string(ws, 0, c, sheet.headers[c].c_str(), bold);
  lxw_row_t r = 1;
  for (const auto& row : sheet.rows) {
    for (lxw_col_t c = 0; c < row.size(); ++c) worksheet_write_string(ws, r, c, row[c].c_str(), nullptr);
    ++r;
  }
  for (lxw_col_t c = 0; c < sheet.column_widths.size(); ++c)
    worksheet_set_column(ws, c, c, sheet.column_widths[c], nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  lxw_error status = workbook_close(book);
  std::string bytes;
  if (status == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    bytes = std::move(buffer).str();
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (status != LXW_NO_ERROR) throw std::runtime_error(std::string("workbook: ") + lxw_strerror(status));
  return bytes;
}

}  // namespace huying::xlsx
