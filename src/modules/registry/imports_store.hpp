#pragma once
// SQL of imports: jobs, the lookups that validate rows, and the writer of new mandates.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "modules/registry/imports.hpp"

namespace soci {
class session;
class statement;
}  // namespace soci

namespace huying::registry::imports_store {

std::int64_t insert_job(soci::session& tx, const ImportJob& job);
void update_job(soci::session& tx, const ImportJob& job);
std::optional<ImportJob> find_job(soci::session& s, std::int64_t id);

std::set<std::string> region_codes(soci::session& s, const std::string& from,
                                   const std::optional<std::string>& to);
std::set<std::string> id_numbers_holding(soci::session& s, std::int64_t congress_id, std::int64_t term);
std::map<std::string, std::int64_t> persons_by_id_number(soci::session& s);
std::set<std::int64_t> station_ids(soci::session& s);

struct NewDeputy {
  std::string name, pinyin, initials, gender, ethnicity, party, occupation;
  std::optional<std::int64_t> birth_year;
  std::string id_number, mobile, home_address, birth_date;
  std::string region_code, delegation, deputy_group, start_date;
  std::optional<std::int64_t> station_id;
  std::optional<std::int64_t> existing_person;
};

// Prepared once, executed per row, inside the caller's transaction.
class Writer {
 public:
  Writer(soci::session& tx, std::int64_t congress_id, std::int64_t term, const std::string& level,
         std::int64_t now_ms);
  ~Writer();
  // Returns the new mandate's id.
  std::int64_t add(const NewDeputy& deputy);

 private:
  struct Statements;
  std::int64_t delegation_id(const std::string& name);
  soci::session& tx_;
  std::int64_t congress_id_, term_;
  std::string level_;
  std::int64_t now_ms_;
  std::map<std::string, std::int64_t> delegations_;
  std::unique_ptr<Statements> st_;
};

}  // namespace huying::registry::imports_store
