#include "modules/registry/imports_store.hpp"

#include <boost/json.hpp>
#include <soci/soci.h>

#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::registry::imports_store {

namespace {

std::string errors_json(const std::vector<ImportProblem>& errors) {
  boost::json::array out;
  for (const auto& e : errors)
    out.push_back({{"row", e.row}, {"column", e.column}, {"reason", e.reason}});
  return boost::json::serialize(out);
}

std::vector<ImportProblem> errors_from(const std::string& text) {
  std::vector<ImportProblem> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& item : value.get_array()) {
    const auto& o = item.as_object();
    out.push_back({o.at("row").to_number<std::int64_t>(), std::string(o.at("column").as_string()),
                   std::string(o.at("reason").as_string())});
  }
  return out;
}

}  // namespace

std::int64_t insert_job(soci::session& tx, const ImportJob& job) {
  long long congress = job.congress_id, created = to_epoch_ms(job.created_at), id = 0;
  int dry = job.dry_run ? 1 : 0;
  tx << "INSERT INTO imports (kind, dry_run, state, congress_id, created_by, created_at_ms) "
        "VALUES (:kind, :dry, 'running', :congress, :by, :at) RETURNING id",
      soci::use(job.kind), soci::use(dry), soci::use(congress), soci::use(job.created_by),
      soci::use(created), soci::into(id);
  return id;
}

void update_job(soci::session& tx, const ImportJob& job) {
  db::Query q("UPDATE imports SET state = ");
  q.value(job.state).text(", encoding = ").value(job.encoding);
  q.text(", total_rows = ").value(job.total_rows).text(", processed_rows = ").value(job.processed_rows);
  q.text(", imported_rows = ").value(job.imported_rows).text(", errors = ").value(errors_json(job.errors));
  q.text(", finished_at_ms = ");
  if (job.finished_at)
    q.value(to_epoch_ms(*job.finished_at));
  else
    q.text("NULL");
  q.text(" WHERE id = ").value(job.id);
  q.execute(tx);
}

std::optional<ImportJob> find_job(soci::session& s, std::int64_t id) {
  db::Query q("SELECT id, kind, dry_run, state, encoding, total_rows, processed_rows, imported_rows, "
              "errors, congress_id, created_by, created_at_ms, finished_at_ms FROM imports WHERE id = ");
  q.value(id);
  for (const auto& r : q.rows(s)) {
    ImportJob j;
    j.id = db::get_int64(r, 0);
    j.kind = db::get_string(r, 1);
    j.dry_run = db::get_int64(r, 2) != 0;
    j.state = db::get_string(r, 3);
    j.encoding = db::get_string(r, 4);
    j.total_rows = db::get_int64(r, 5);
    j.processed_rows = db::get_int64(r, 6);
    j.imported_rows = db::get_int64(r, 7);
    j.errors = errors_from(db::get_string(r, 8));
    j.congress_id = db::get_optional_int64(r, 9).value_or(0);
    j.created_by = db::get_string(r, 10);
    j.created_at = from_epoch_ms(db::get_int64(r, 11));
    if (auto f = db::get_optional_int64(r, 12)) j.finished_at = from_epoch_ms(*f);
    return j;
  }
  return std::nullopt;
}

std::set<std::string> region_codes(soci::session& s, const std::string& from,
                                   const std::optional<std::string>& to) {
  db::Query q("SELECT code FROM regions WHERE code >= ");
  q.value(from);
  if (to) q.text(" AND code < ").value(*to);
  std::set<std::string> out;
  for (const auto& r : q.rows(s)) out.insert(db::get_string(r, 0));
  return out;
}

std::set<std::string> id_numbers_holding(soci::session& s, std::int64_t congress_id, std::int64_t term) {
  db::Query q("SELECT pp.id_number FROM mandates m JOIN person_private pp ON pp.person_id = m.person_id "
              "WHERE m.congress_id = ");
  q.value(congress_id).text(" AND m.term_number = ").value(term);
  std::set<std::string> out;
  for (const auto& r : q.rows(s)) out.insert(db::get_string(r, 0));
  return out;
}

std::map<std::string, std::int64_t> persons_by_id_number(soci::session& s) {
  db::Query q("SELECT id_number, person_id FROM person_private WHERE id_number <> ''");
  std::map<std::string, std::int64_t> out;
  for (const auto& r : q.rows(s)) out.emplace(db::get_string(r, 0), db::get_int64(r, 1));
  return out;
}

std::set<std::int64_t> station_ids(soci::session& s) {
  db::Query q("SELECT id FROM stations");
  std::set<std::int64_t> out;
  for (const auto& r : q.rows(s)) out.insert(db::get_int64(r, 0));
  return out;
}

// The bound variables of the prepared statements: SOCI binds by address.
struct Writer::Statements {
  explicit Statements(soci::session& tx)
      : person(tx), person_private(tx), mandate(tx), station(tx) {}
  NewDeputy row;
  long long birth_year = 0, person_id = 0, mandate_id = 0, delegation = 0, station_id = 0;
  long long congress = 0, term = 0, now = 0;
  std::string level;
  soci::indicator birth_year_ind = soci::i_null, delegation_ind = soci::i_null;
  soci::statement person, person_private, mandate, station;
};

Writer::Writer(soci::session& tx, std::int64_t congress_id, std::int64_t term,
               const std::string& level, std::int64_t now_ms)
    : tx_(tx), congress_id_(congress_id), term_(term), level_(level), now_ms_(now_ms),
      st_(std::make_unique<Statements>(tx)) {
  auto& s = *st_;
  s.congress = congress_id;
  s.term = term;
  s.now = now_ms;
  s.level = level;
  s.person = (tx.prepare << "INSERT INTO persons (name, name_pinyin, name_initials, gender, birth_year, "
                            "ethnicity, party, occupation, created_at_ms, updated_at_ms) VALUES (:n, :p, "
                            ":i, :g, :b, :e, :pa, :o, :c, :u) RETURNING id",
              soci::use(s.row.name), soci::use(s.row.pinyin), soci::use(s.row.initials),
              soci::use(s.row.gender), soci::use(s.birth_year, s.birth_year_ind),
              soci::use(s.row.ethnicity), soci::use(s.row.party), soci::use(s.row.occupation),
              soci::use(s.now), soci::use(s.now), soci::into(s.person_id));
  s.person_private = (tx.prepare << "INSERT INTO person_private (person_id, id_number, mobile, "
                                    "home_address, birth_date) VALUES (:p, :i, :m, :h, :b)",
                      soci::use(s.person_id), soci::use(s.row.id_number), soci::use(s.row.mobile),
                      soci::use(s.row.home_address), soci::use(s.row.birth_date));
  s.mandate = (tx.prepare << "INSERT INTO mandates (person_id, congress_id, term_number, level, "
                             "region_code, delegation_id, deputy_group, status, start_date, "
                             "created_at_ms, updated_at_ms) VALUES (:p, :c, :t, :l, :r, :d, :g, "
                             "'serving', :s, :ca, :ua) RETURNING id",
               soci::use(s.person_id), soci::use(s.congress), soci::use(s.term), soci::use(s.level),
               soci::use(s.row.region_code), soci::use(s.delegation, s.delegation_ind),
               soci::use(s.row.deputy_group), soci::use(s.row.start_date), soci::use(s.now),
               soci::use(s.now), soci::into(s.mandate_id));
  s.station = (tx.prepare << "INSERT INTO station_deputies (station_id, mandate_id) VALUES (:s, :m)",
               soci::use(s.station_id), soci::use(s.mandate_id));
}

Writer::~Writer() = default;

std::int64_t Writer::delegation_id(const std::string& name) {
  if (auto it = delegations_.find(name); it != delegations_.end()) return it->second;
  long long congress = congress_id_, term = term_, id = 0;
  soci::indicator found = soci::i_null;
  tx_ << "SELECT id FROM delegations WHERE congress_id = :c AND term_number = :t AND name = :n",
      soci::use(congress), soci::use(term), soci::use(name), soci::into(id, found);
  if (found != soci::i_ok || id == 0)
    tx_ << "INSERT INTO delegations (congress_id, term_number, name) VALUES (:c, :t, :n) RETURNING id",
        soci::use(congress), soci::use(term), soci::use(name), soci::into(id);
  return delegations_[name] = id;
}

std::int64_t Writer::add(const NewDeputy& deputy) {
  auto& s = *st_;
  s.row = deputy;
  s.birth_year = deputy.birth_year.value_or(0);
  s.birth_year_ind = deputy.birth_year ? soci::i_ok : soci::i_null;
  s.delegation = deputy.delegation.empty() ? 0 : delegation_id(deputy.delegation);
  s.delegation_ind = deputy.delegation.empty() ? soci::i_null : soci::i_ok;
  if (deputy.existing_person) {
    s.person_id = *deputy.existing_person;
  } else {
    s.person.execute(true);
    s.person_private.execute(true);
  }
  s.mandate.execute(true);
  if (deputy.station_id) {
    s.station_id = *deputy.station_id;
    s.station.execute(true);
  }
  return s.mandate_id;
}

}  // namespace huying::registry::imports_store
