#include "modules/demo/store.hpp"

#include <soci/soci.h>

#include <deque>
#include <memory>

#include "core/geo.hpp"
#include "core/schedule.hpp"

namespace huying::demo::store {

namespace {

enum class Type { integer, real, text };

struct Column {
  std::string_view name;
  Type type;
};

// One bound value; the statement keeps references to these, so they never move.
struct Cell {
  long long i = 0;
  double d = 0;
  std::string s;
  soci::indicator ind = soci::i_ok;
};

// A multi-row INSERT of `rows_per_statement` rows, prepared once and executed for every
// full batch, each value bound to a cell; a last, shorter statement writes the rest.
class Bulk {
 public:
  Bulk(soci::session& s, std::string_view table, std::vector<Column> columns, std::string_view phase,
       std::size_t total, const ProgressFn& progress)
      : session_(s), table_(table), columns_(std::move(columns)), phase_(phase), total_(total),
        progress_(progress) {
    // About 2,000 values a statement: far below either engine's limit on parameters, and
    // enough that the round trips stop mattering.
    rows_per_statement_ = std::max<std::size_t>(1, 2'000 / columns_.size());
    cells_.resize(rows_per_statement_ * columns_.size());
  }

  Bulk& operator<<(std::int64_t v) {
    Cell& c = next(Type::integer);
    c.i = v;
    c.ind = soci::i_ok;
    return *this;
  }
  Bulk& operator<<(double v) {
    Cell& c = next(Type::real);
    c.d = v;
    c.ind = soci::i_ok;
    return *this;
  }
  Bulk& operator<<(const std::string& v) {
    Cell& c = next(Type::text);
    c.s = v;
    c.ind = soci::i_ok;
    return *this;
  }
  template <class T>
  Bulk& operator<<(const std::optional<T>& v) {
    if (v) return *this << *v;
    Cell& c = next(columns_[cursor_ % columns_.size()].type);
    c.ind = soci::i_null;
    return *this;
  }

  void end_row() {
    if (cursor_ % columns_.size() != 0) throw std::logic_error("demo store: a row of the wrong width");
    if (cursor_ == cells_.size()) flush();
  }

  std::size_t rows_per_statement() const { return rows_per_statement_; }

  void finish() {
    flush();
    if (progress_) progress_(phase_, written_, std::max(total_, written_));
  }

 private:
  Cell& next(Type type) {
    if (columns_[cursor_ % columns_.size()].type != type)
      throw std::logic_error("demo store: a value of the wrong type for " + std::string(table_) + "." +
                             std::string(columns_[cursor_ % columns_.size()].name));
    return cells_[cursor_++];
  }

  std::unique_ptr<soci::statement> prepare(std::size_t rows) {
    std::string sql = "INSERT INTO " + std::string(table_) + " (";
    for (std::size_t c = 0; c < columns_.size(); ++c) sql += (c ? ", " : "") + std::string(columns_[c].name);
    sql += ") VALUES ";
    auto st = std::make_unique<soci::statement>(session_);
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t c = 0; c < columns_.size(); ++c, ++n) {
        sql += (c ? ", :p" : ":p") + std::to_string(n);
        Cell& cell = cells_[n];
        switch (columns_[c].type) {
          case Type::integer: st->exchange(soci::use(cell.i, cell.ind)); break;
          case Type::real: st->exchange(soci::use(cell.d, cell.ind)); break;
          case Type::text: st->exchange(soci::use(cell.s, cell.ind)); break;
        }
      }
      sql += ")";
    }
    st->alloc();
    st->prepare(sql);
    st->define_and_bind();
    return st;
  }

  void flush() {
    std::size_t rows = cursor_ / columns_.size();
    if (rows == 0) return;
    if (rows == rows_per_statement_) {
      if (!full_) full_ = prepare(rows);
      full_->execute(true);
    } else {
      prepare(rows)->execute(true);
    }
    written_ += rows;
    cursor_ = 0;
    if (progress_ && (written_ / rows_per_statement_) % 16 == 0) progress_(phase_, written_, total_);
  }

  soci::session& session_;
  std::string_view table_;
  std::vector<Column> columns_;
  std::string_view phase_;
  std::size_t total_;
  const ProgressFn& progress_;
  std::size_t rows_per_statement_ = 1;
  std::vector<Cell> cells_;
  std::size_t cursor_ = 0, written_ = 0;
  std::unique_ptr<soci::statement> full_;
};

using enum Type;

}  // namespace

void analyze(soci::session& tx) { tx << "ANALYZE"; }

bool registry_empty(soci::session& s) {
  long long regions = 0, persons = 0;
  s << "SELECT COUNT(*) FROM regions", soci::into(regions);
  s << "SELECT COUNT(*) FROM persons", soci::into(persons);
  return regions == 0 && persons == 0;
}

void write(soci::session& tx, db::Engine engine, const Dataset& d, std::int64_t now_ms,
           const ProgressFn& progress) {
  std::int64_t now = now_ms;
  {
    Bulk b(tx, "regions",
           {{"code", text}, {"name", text}, {"level", text}, {"parent_code", text},
            {"created_at_ms", integer}, {"updated_at_ms", integer}},
           "regions", d.regions.size(), progress);
    for (const auto& r : d.regions) (b << r.code << r.name << r.level << r.parent_code << now << now).end_row();
    b.finish();
  }
  {
    Bulk b(tx, "congresses", {{"id", integer}, {"region_code", text}, {"level", text}, {"name", text}},
           "congresses", d.congresses.size(), progress);
    for (const auto& c : d.congresses) (b << c.id << c.region_code << c.level << c.name).end_row();
    b.finish();
    std::size_t terms = 0;
    for (const auto& c : d.congresses) terms += c.terms.size();
    Bulk t(tx, "congress_terms",
           {{"congress_id", integer}, {"number", integer}, {"start_date", text}, {"end_date", text}},
           "congress_terms", terms, progress);
    for (const auto& c : d.congresses)
      for (const auto& term : c.terms) (t << c.id << term.number << term.start_date << term.end_date).end_row();
    t.finish();
    // A congress meets once a year: the term's first session opens on its first day, and the
    // next ones on the same day of each following year, until the term ends or 2026.
    struct SessionRow {
      std::int64_t congress, term, number;
      std::string start, end;
    };
    std::vector<SessionRow> sessions;
    for (const auto& c : d.congresses)
      for (const auto& term : c.terms) {
        using namespace std::chrono;
        int first = std::stoi(term.start_date.substr(0, 4));
        int last = term.end_date ? std::stoi(term.end_date->substr(0, 4)) - 1 : 2026;
        unsigned month = unsigned(std::stoi(term.start_date.substr(5, 2)));
        unsigned day = unsigned(std::stoi(term.start_date.substr(8, 2)));
        for (int y = first; y <= last; ++y) {
          sys_days open{year{y} / month / day};
          sessions.push_back({c.id, term.number, y - first + 1, format_date(year_month_day{open}),
                              format_date(year_month_day{open + days{4}})});
        }
      }
    Bulk ss(tx, "congress_sessions",
            {{"congress_id", integer}, {"term_number", integer}, {"number", integer}, {"start_date", text},
             {"end_date", text}},
            "congress_sessions", sessions.size(), progress);
    for (const auto& r : sessions) (ss << r.congress << r.term << r.number << r.start << r.end).end_row();
    ss.finish();
  }
  {
    Bulk b(tx, "delegations", {{"id", integer}, {"congress_id", integer}, {"term_number", integer}, {"name", text}},
           "delegations", d.delegations.size(), progress);
    for (const auto& r : d.delegations) (b << r.id << r.congress_id << r.term_number << r.name).end_row();
    b.finish();
  }
  {
    Bulk b(tx, "persons",
           {{"id", integer}, {"name", text}, {"name_pinyin", text}, {"name_initials", text}, {"gender", text},
            {"birth_year", integer}, {"ethnicity", text}, {"party", text}, {"occupation", text},
            {"created_at_ms", integer}, {"updated_at_ms", integer}},
           "persons", d.persons.size(), progress);
    for (const auto& p : d.persons)
      (b << p.id << p.name << p.name_pinyin << p.name_initials << p.gender << p.birth_year << p.ethnicity
         << p.party << p.occupation << now << now)
          .end_row();
    b.finish();
  }
  {
    Bulk b(tx, "person_private",
           {{"person_id", integer}, {"id_number", text}, {"mobile", text}, {"home_address", text},
            {"birth_date", text}},
           "person_private", d.privates.size(), progress);
    for (const auto& p : d.privates)
      (b << p.person_id << p.id_number << p.mobile << p.home_address << p.birth_date).end_row();
    b.finish();
  }
  {
    Bulk b(tx, "mandates",
           {{"id", integer}, {"person_id", integer}, {"congress_id", integer}, {"term_number", integer},
            {"level", text}, {"region_code", text}, {"delegation_id", integer}, {"deputy_group", text},
            {"status", text}, {"start_date", text}, {"end_date", text}, {"created_at_ms", integer},
            {"updated_at_ms", integer}},
           "mandates", d.mandates.size(), progress);
    for (const auto& m : d.mandates)
      (b << m.id << m.person_id << m.congress_id << m.term_number << m.level << m.region_code
         << m.delegation_id << m.deputy_group << m.status << m.start_date << m.end_date << now << now)
          .end_row();
    b.finish();
  }
  {
    Bulk b(tx, "committee_contacts", {{"member_mandate_id", integer}, {"mandate_id", integer}},
           "committee_contacts", d.contacts.size(), progress);
    for (const auto& c : d.contacts) (b << c.member_mandate_id << c.mandate_id).end_row();
    b.finish();
  }
  {
    Bulk b(tx, "units",
           {{"id", integer}, {"name", text}, {"congress_id", integer}, {"kind", text}, {"region_code", text},
            {"parent_id", integer}, {"contact_name", text}, {"contact_phone", text}, {"created_at_ms", integer}},
           "units", d.units.size(), progress);
    for (const auto& u : d.units)
      (b << u.id << u.name << u.congress_id << u.kind << u.region_code << u.parent_id << u.contact_name
         << u.contact_phone << now)
          .end_row();
    b.finish();
  }
  {
    Bulk b(tx, "stations",
           {{"id", integer}, {"name", text}, {"congress_id", integer}, {"kind", text}, {"region_code", text},
            {"address", text}, {"latitude", real}, {"longitude", real}, {"grid_cell", integer},
            {"opening_hours", text}, {"reception_schedule", text}, {"phone", text}, {"created_at_ms", integer}},
           "stations", d.stations.size(), progress);
    for (const auto& s : d.stations) {
      std::optional<double> lat, lng;
      std::optional<std::int64_t> cell;
      if (s.latitude_micro && s.longitude_micro) {
        lat = static_cast<double>(*s.latitude_micro) / 1e6;
        lng = static_cast<double>(*s.longitude_micro) / 1e6;
        cell = geo::cell_of(*lat, *lng);
      }
      (b << s.id << s.name << s.congress_id << s.kind << s.region_code << s.address << lat << lng << cell
         << s.opening_hours << s.reception_schedule << s.phone << now)
          .end_row();
    }
    b.finish();
  }
  {
    Bulk b(tx, "station_deputies", {{"station_id", integer}, {"mandate_id", integer}}, "station_deputies",
           d.station_deputies.size(), progress);
    for (const auto& r : d.station_deputies) (b << r.station_id << r.mandate_id).end_row();
    b.finish();
  }
  // The rows came with their ids: move PostgreSQL's identity sequences past them (SQLite's
  // AUTOINCREMENT follows explicit ids by itself).
  if (engine == db::Engine::postgresql)
    for (std::string table : {"congresses", "delegations", "persons", "mandates", "units", "stations"}) {
      long long ignored = 0;
      soci::indicator ind = soci::i_ok;
      // The table names are this list's, never input; the sequence's name is bound.
      tx << "SELECT setval(pg_get_serial_sequence(:t, 'id'), MAX(id)) FROM " + table +
                " HAVING MAX(id) IS NOT NULL",
          soci::use(table), soci::into(ignored, ind);
    }
}

OpinionCounts write_opinions(soci::session& tx, db::Engine engine, OpinionGenerator& gen, std::int64_t now_ms,
                             const ProgressFn& progress) {
  OpinionCounts n;
  // A million opinions update their indexes at random places (the tracking codes above all):
  // SQLite's default 2 MB page cache would spill to the WAL over and over (and read it back):
  // up to 2 GB for the load, about the size of the province's opinions.
  long long cache_pages = 0;
  if (engine == db::Engine::sqlite) {
    tx << "PRAGMA cache_size", soci::into(cache_pages);
    tx << "PRAGMA cache_size = -2097152";
  }
  // Secondary indexes are built faster once, over the loaded rows, than kept up to date row by
  // row at random places: they are dropped here and made again below from their own
  // definitions (read from the catalogue, so that they stay the migrations' ones). Inside
  // the load's transaction: a failed load leaves them as they were. The UNIQUE constraint on
  // tracking codes stays (its index is not a separate object).
  std::vector<std::pair<std::string, std::string>> indexes;  // name, CREATE INDEX statement
  {
    soci::rowset<soci::row> rows =
        engine == db::Engine::sqlite
            ? (tx.prepare << "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'opinions' "
                             "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
            : (tx.prepare << "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND "
                             "tablename = 'opinions' AND indexdef NOT LIKE 'CREATE UNIQUE%'");
    for (const auto& r : rows) indexes.emplace_back(r.get<std::string>(0), r.get<std::string>(1));
    for (const auto& [name, sql] : indexes) tx << "DROP INDEX " + name;  // names from the catalogue, never input
  }
  {
    const auto& receptions = gen.receptions();
    Bulk b(tx, "receptions",
           {{"id", integer}, {"station_id", integer}, {"reception_date", text}, {"people_received", integer},
            {"note", text}, {"created_by", text}, {"created_at_ms", integer}},
           "receptions", receptions.size(), progress);
    std::size_t attendees = 0;
    for (const auto& r : receptions) {
      (b << r.id << r.station_id << r.date << r.people_received << r.note << std::string("demo") << now_ms).end_row();
      attendees += r.attendees.size();
    }
    b.finish();
    Bulk a(tx, "reception_attendees", {{"reception_id", integer}, {"mandate_id", integer}}, "reception_attendees",
           attendees, progress);
    for (const auto& r : receptions)
      for (auto m : r.attendees) (a << r.id << m).end_row();
    a.finish();
    n.receptions = receptions.size();
    n.attendees = attendees;
  }
  {
    Bulk o(tx, "opinions",
           {{"id", integer}, {"tracking_code", text}, {"congress_id", integer}, {"station_id", integer},
            {"mandate_id", integer}, {"deputy_person_id", integer}, {"reception_id", integer}, {"channel", text},
            {"category", text}, {"title", text}, {"content", text}, {"citizen_name", text},
            {"citizen_mobile", text}, {"mobile_last4", text}, {"location", text}, {"publish", integer},
            {"state", text}, {"reject_reason", text}, {"guidance", text}, {"unit_id", integer},
            {"referral_due", text}, {"unit_reply", text}, {"unit_replied_at_ms", integer}, {"reply", text},
            {"replied_at_ms", integer}, {"replied_on", text}, {"rating", text}, {"rating_comment", text},
            {"rated_at_ms", integer}, {"reopened", integer}, {"accept_due", text}, {"due_date", text},
            {"received_at_ms", integer}, {"first_response_at_ms", integer}, {"updated_at_ms", integer},
            {"created_by", text}, {"version", integer}},
           "opinions", gen.size(), progress);
    static const ProgressFn quiet;
    Bulk e(tx, "opinion_events",
           {{"opinion_id", integer}, {"at_ms", integer}, {"actor", text}, {"actor_name", text}, {"role", text},
            {"action", text}, {"state", text}, {"note", text}, {"public_note", text}},
           "opinion_events", 0, quiet);
    // Events refer to their opinion: they wait until the statement that writes it has run.
    struct Pending {
      std::int64_t opinion_id;
      OpinionEventRow event;
    };
    std::vector<Pending> pending;
    auto drain = [&] {
      for (const auto& p : pending)
        (e << p.opinion_id << p.event.at_ms << p.event.actor << p.event.actor_name << p.event.role
           << p.event.action << p.event.state << p.event.note << p.event.public_note)
            .end_row();
      n.events += pending.size();
      pending.clear();
    };
    const std::size_t per_statement = o.rows_per_statement();
    gen.run([&](const OpinionRow& r) {
      std::string last4 = r.citizen_mobile.size() >= 4 ? r.citizen_mobile.substr(r.citizen_mobile.size() - 4) : "";
      (o << r.id << r.tracking_code << r.congress_id << r.station_id << r.mandate_id << r.deputy_person_id
         << r.reception_id << r.channel << r.category << r.title << r.content << r.citizen_name << r.citizen_mobile
         << last4 << r.location << std::int64_t{r.publish ? 1 : 0} << r.state << r.reject_reason << r.guidance
         << r.unit_id << r.referral_due << r.unit_reply << r.unit_replied_at_ms << r.reply << r.replied_at_ms
         << r.replied_on << r.rating << r.rating_comment << r.rated_at_ms << std::int64_t{r.reopened ? 1 : 0}
         << r.accept_due << r.due_date << r.received_at_ms << r.first_response_at_ms << r.updated_at_ms
         << r.created_by << r.version)
          .end_row();
      for (const auto& ev : r.events) pending.push_back({r.id, ev});
      if (++n.opinions % per_statement == 0) drain();  // that row's statement has just run
    });
    o.finish();
    drain();
    e.finish();
  }
  for (const auto& [name, sql] : indexes) tx << sql;
  if (engine == db::Engine::sqlite) tx << "PRAGMA cache_size = " + std::to_string(cache_pages);
  if (engine == db::Engine::postgresql)
    for (std::string table : {"receptions", "opinions"}) {
      long long ignored = 0;
      soci::indicator ind = soci::i_ok;
      tx << "SELECT setval(pg_get_serial_sequence(:t, 'id'), MAX(id)) FROM " + table + " HAVING MAX(id) IS NOT NULL",
          soci::use(table), soci::into(ignored, ind);
    }
  return n;
}

}  // namespace huying::demo::store
