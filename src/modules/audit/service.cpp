#include "modules/audit/service.hpp"

#include <xlsxwriter.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/policy.hpp"
#include "modules/audit/store.hpp"

namespace huying::audit {

void Service::record(soci::session& tx, const Caller& caller, const Entry& entry) const {
  store::insert(tx, {0, clock_.now(),
                     caller.principal.authenticated() ? caller.principal.actor : "anonymous",
                     entry.grant, entry.action, entry.record_type, entry.record_id,
                     boost::json::serialize(entry.changes), caller.request_id,
                     caller.client_address, entry.congress_id});
}

Page<Row> Service::query(const Caller& caller, const Filter& filter, const PageRequest& page) {
  auto scope = policy::list_scope(caller.principal, policy::Action::audit_view);
  if (scope.nothing()) throw Error::forbidden("Your role may not read the audit trail.");
  auto lease = db_.read();
  return {store::select(*lease, scope, filter, page.page_size, page.offset()),
          store::count(*lease, scope, filter), page};
}

std::string Service::export_xlsx(const Caller& caller, const Filter& filter) {
  auto scope = policy::list_scope(caller.principal, policy::Action::audit_view);
  if (scope.nothing()) throw Error::forbidden("Your role may not read the audit trail.");
  std::vector<Row> rows;
  {
    auto lease = db_.read();
    rows = store::select(*lease, scope, filter, max_export_rows, 0);
  }
  // libxlsxwriter writes files only: build the workbook in a private temporary file.
  auto path = std::filesystem::temp_directory_path() /
              ("huying-audit-" + crypto::random_hex(8) + ".xlsx");
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) throw std::runtime_error("cannot create a workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(book, "audit");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  const char* headers[] = {"id",     "at (UTC)",  "actor",      "grant",          "action",
                           "record type", "record id", "changes", "request id", "client address"};
  for (lxw_col_t c = 0; c < std::size(headers); ++c)
    worksheet_write_string(sheet, 0, c, headers[c], bold);
  lxw_row_t r = 1;
  for (const auto& row : rows) {
    worksheet_write_number(sheet, r, 0, double(row.id), nullptr);
    std::string cells[] = {format_iso8601(row.at), row.actor,     row.grant,
                           row.action,             row.record_type, row.record_id,
                           row.changes,            row.request_id, row.client_address};
    for (lxw_col_t c = 0; c < std::size(cells); ++c)
      worksheet_write_string(sheet, r, c + 1, cells[c].c_str(), nullptr);
    ++r;
  }
  worksheet_set_column(sheet, 1, 1, 26, nullptr);
  worksheet_set_column(sheet, 7, 7, 60, nullptr);
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
  if (status != LXW_NO_ERROR)
    throw std::runtime_error(std::string("workbook: ") + lxw_strerror(status));
  return bytes;
}

}  // namespace huying::audit
