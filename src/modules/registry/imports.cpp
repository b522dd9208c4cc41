#include "modules/registry/imports.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/id_number.hpp"
#include "core/log.hpp"
#include "core/pinyin.hpp"
#include "core/policy.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"
#include "modules/export/xlsx.hpp"
#include "modules/registry/imports_store.hpp"

namespace huying::registry {

namespace {

// Column names as staff write them (Chinese) or as the API names fields (English).
struct Column {
  std::string_view key, chinese;
  bool required;
};
constexpr Column columns[] = {
    {"name", "姓名", true},           {"gender", "性别", true},
    {"id_number", "身份证号", true},  {"region_code", "选区代码", true},
    {"start_date", "当选日期", true}, {"birth_date", "出生日期", false},
    {"ethnicity", "民族", false},     {"party", "党派", false},
    {"occupation", "职务", false},    {"mobile", "手机", false},
    {"home_address", "家庭住址", false}, {"delegation", "代表团", false},
    {"deputy_group", "代表小组", false}, {"station_id", "联络站编号", false},
};

bool is_date(std::string_view text) {
  return text.size() == 10 && parse_iso8601(std::string(text) + "T00:00Z").has_value();
}

// Spreadsheets keep dates as day numbers since 1899-12-30 ("44939" is 2023-01-13): a
// date cell of an .xlsx arrives that way unless it was typed as text.
std::string normalise_date(const std::string& text) {
  if (text.empty() || text.size() > 8 || text.find_first_not_of("0123456789.") != std::string::npos)
    return text;
  long serial = std::atol(text.c_str());
  if (serial < 1 || serial > 2958465) return text;
  using namespace std::chrono;
  return format_date(year_month_day{sys_days{1899y / December / 30} + days{serial}});
}

std::string trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

Error import_not_found() { return Error::not_found("There is no such import."); }

}  // namespace

Imports::~Imports() {
  std::lock_guard lock(mutex_);
  workers_.clear();  // jthreads join: a running import finishes before the server exits
}

Imports::Target Imports::target(const Caller& caller, std::int64_t congress_id,
                                std::optional<std::int64_t> term, Validator& v) {
  policy::require_authenticated(caller.principal);
  auto congress = regions_.find_congress(congress_id);
  std::string grant = policy::enforce(caller.principal, policy::Action::user_manage,
                                      {congress ? std::optional(congress->id) : std::nullopt},
                                      "such congress");
  if (!congress) throw Error::not_found("There is no such congress.");
  auto with_terms = regions_.congresses(congress->region_code, {1, 50});
  std::optional<std::int64_t> current;
  bool known = false;
  for (const auto& c : with_terms.items)
    if (c.id == congress->id)
      for (const auto& t : c.terms) {
        if (!current || t.number > *current) current = t.number;
        known = known || (term && t.number == *term);
      }
  if (term && !known) v.parameter("term", "The congress has no such term.");
  if (!term && !current) v.parameter("term", "The congress has no term yet.");
  return {*congress, grant, term.value_or(current.value_or(0))};
}

ImportJob Imports::begin(const Caller& caller, const ImportRequest& request, std::int64_t& term) {
  Validator v;
  Target t = target(caller, request.congress_id, request.term, v);
  if (request.bytes.empty()) v.field("", "The file is empty.");
  v.throw_if_any();
  term = t.term;
  auto congress = &t.congress;
  const std::string& grant = t.grant;

  ImportJob job;
  job.dry_run = request.dry_run;
  job.state = "running";
  job.phase = "reading";
  job.congress_id = congress->id;
  job.created_by = caller.principal.actor;
  job.created_at = clock_.now();
  db_.write([&](soci::session& tx) {
    job.id = imports_store::insert_job(tx, job);
    audit_.record(tx, caller,
                  {request.dry_run ? "deputies.import_check" : "deputies.import", "import",
                   std::to_string(job.id),
                   {{"congress_id", congress->id}, {"term", term}, {"bytes", request.bytes.size()}},
                   grant, congress->id});
  });
  return job;
}

ImportJob Imports::start(const Caller& caller, ImportRequest request) {
  std::int64_t term = 0;
  ImportJob job = begin(caller, request, term);
  auto live = std::make_shared<Live>();
  live->phase = "reading";
  std::lock_guard lock(mutex_);
  live_[job.id] = live;
  workers_.emplace_back([this, id = job.id, caller, request = std::move(request), term]() mutable {
    run(id, caller, std::move(request), term);
  });
  return job;
}

ImportJob Imports::get(const Caller& caller, std::int64_t id) {
  policy::require_authenticated(caller.principal);
  std::optional<ImportJob> job;
  {
    auto lease = db_.read();
    job = imports_store::find_job(*lease, id);
  }
  if (!job) throw import_not_found();
  policy::enforce(caller.principal, policy::Action::user_view, {job->congress_id}, "such import");
  job->phase = job->state == "running" ? "reading" : "done";
  std::lock_guard lock(mutex_);
  if (auto it = live_.find(id); it != live_.end() && job->state == "running") {
    job->processed_rows = it->second->processed.load();
    job->total_rows = it->second->total.load();
    job->phase = it->second->phase;
  }
  return *job;
}

void Imports::finish(ImportJob& job) {
  job.finished_at = clock_.now();
  db_.write([&](soci::session& tx) { imports_store::update_job(tx, job); });
  std::lock_guard lock(mutex_);
  live_.erase(job.id);
}

std::int64_t Imports::create_deputy(const Caller& caller, std::int64_t congress_id,
                                    std::optional<std::int64_t> term,
                                    const std::vector<std::pair<std::string, std::string>>& fields) {
  Validator v;
  Target t = target(caller, congress_id, term, v);
  v.throw_if_any();
  // One row under the fields' own names: the same rules as a file's rows.
  std::vector<csv::Row> rows(2);
  for (const auto& [key, value] : fields) {
    rows[0].push_back(key);
    rows[1].push_back(value);
  }
  std::vector<ImportProblem> problems;
  std::atomic<std::int64_t> progress{0};
  auto deputies = check(rows, congress_id, t.term, problems, progress);
  for (const auto& p : problems) v.field("/" + p.column, p.reason);
  v.throw_if_any();
  std::int64_t mandate_id = 0;
  db_.write([&](soci::session& tx) {
    imports_store::Writer writer(tx, congress_id, t.term, t.congress.level, to_epoch_ms(clock_.now()));
    mandate_id = writer.add(deputies.front());
    audit_.record(tx, caller,
                  {"deputy.create", "mandate", std::to_string(mandate_id),
                   {{"name", deputies.front().name}, {"region_code", deputies.front().region_code},
                    {"term", t.term}},
                   t.grant, congress_id});
  });
  changes_.bump();
  return mandate_id;
}

std::vector<imports_store::NewDeputy> Imports::check(const std::vector<csv::Row>& rows,
                                                    std::int64_t congress_id, std::int64_t term,
                                                    std::vector<ImportProblem>& errors,
                                                    std::atomic<std::int64_t>& progress) {
  auto fail = [&](std::int64_t row, std::string column, std::string reason) {
    errors.push_back({row, std::move(column), std::move(reason)});
  };
  // The header: each column known, required ones present.
  std::unordered_map<std::string, std::size_t> at;  // field key → column index
  std::vector<std::string> header_names;
  for (std::size_t c = 0; c < rows[0].size(); ++c) {
    std::string name = trim(rows[0][c]);
    header_names.push_back(name);
    const Column* found = nullptr;
    for (const auto& col : columns)
      if (name == col.key || name == col.chinese) found = &col;
    if (!found)
      fail(1, name, "Unknown column.");
    else if (!at.emplace(std::string(found->key), c).second)
      fail(1, name, "The column appears twice.");
  }
  for (const auto& col : columns)
    if (col.required && !at.contains(std::string(col.key)))
      fail(1, std::string(col.chinese), "This required column is missing.");

  auto congress = regions_.find_congress(congress_id);
  std::string prefix = region_prefix(congress->region_code);
  std::set<std::string> known_regions, holding;
  std::map<std::string, std::int64_t> persons;
  std::set<std::int64_t> stations;
  {
    auto lease = db_.read();
    known_regions = imports_store::region_codes(*lease, prefix, prefix_bound(prefix));
    holding = imports_store::id_numbers_holding(*lease, congress_id, term);
    persons = imports_store::persons_by_id_number(*lease);
    stations = imports_store::station_ids(*lease);
  }

  std::vector<imports_store::NewDeputy> deputies;
  std::unordered_map<std::string, std::int64_t> seen;  // ID number → first row
  if (errors.empty()) {
    deputies.reserve(rows.size() - 1);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      std::int64_t row = std::int64_t(i) + 1;
      const csv::Row& r = rows[i];
      std::size_t errors_before = errors.size();
      auto cell = [&](std::string_view key) -> std::string {
        auto it = at.find(std::string(key));
        return it == at.end() || it->second >= r.size() ? std::string() : trim(r[it->second]);
      };
      auto column_name = [&](std::string_view key) { return header_names[at.at(std::string(key))]; };
      imports_store::NewDeputy d;
      d.name = cell("name");
      if (d.name.empty()) fail(row, column_name("name"), "Required.");
      std::string gender = cell("gender");
      if (gender == "男" || gender == "male") d.gender = "male";
      else if (gender == "女" || gender == "female") d.gender = "female";
      else fail(row, column_name("gender"), gender.empty() ? "Required." : "Must be 男 or 女.");
      d.id_number = cell("id_number");
      for (char& c : d.id_number) if (c == 'x') c = 'X';
      if (d.id_number.empty()) {
        fail(row, column_name("id_number"), "Required.");
      } else if (!is_valid_id_number(d.id_number)) {
        fail(row, column_name("id_number"), "Not a valid 18-character ID number.");
      } else if (auto [it, fresh] = seen.emplace(d.id_number, row); !fresh) {
        fail(row, column_name("id_number"),
             "Duplicate: the same ID number is on row " + std::to_string(it->second) + ".");
      } else if (holding.contains(d.id_number)) {
        fail(row, column_name("id_number"),
             "Duplicate: this person already holds a mandate in this congress and term.");
      }
      d.region_code = cell("region_code");
      if (d.region_code.empty()) fail(row, column_name("region_code"), "Required.");
      else if (!known_regions.contains(d.region_code))
        fail(row, column_name("region_code"), "Unknown region code, or outside the congress's region.");
      d.start_date = normalise_date(cell("start_date"));
      if (d.start_date.empty()) fail(row, column_name("start_date"), "Required.");
      else if (!is_date(d.start_date)) fail(row, column_name("start_date"), "Must be a date such as 2021-12-01.");
      if (at.contains("birth_date")) {
        d.birth_date = normalise_date(cell("birth_date"));
        if (!d.birth_date.empty() && !is_date(d.birth_date))
          fail(row, column_name("birth_date"), "Must be a date such as 1975-06-30.");
        else if (!d.birth_date.empty())
          d.birth_year = std::stoll(d.birth_date.substr(0, 4));
      }
      if (at.contains("mobile")) {
        d.mobile = cell("mobile");
        bool digits = d.mobile.size() == 11 && d.mobile[0] == '1' &&
                      d.mobile.find_first_not_of("0123456789") == std::string::npos;
        if (!d.mobile.empty() && !digits) fail(row, column_name("mobile"), "Must be an 11-digit mobile number.");
      }
      if (at.contains("station_id")) {
        std::string station = cell("station_id");
        if (!station.empty()) {
          std::int64_t id = 0;
          auto [end, ec] = std::from_chars(station.data(), station.data() + station.size(), id);
          if (ec != std::errc{} || end != station.data() + station.size() || !stations.contains(id))
            fail(row, column_name("station_id"), "Unknown station.");
          else
            d.station_id = id;
        }
      }
      d.ethnicity = cell("ethnicity");
      d.party = cell("party");
      d.occupation = cell("occupation");
      d.home_address = cell("home_address");
      d.delegation = cell("delegation");
      d.deputy_group = cell("deputy_group");
      if (errors.size() == errors_before) {
        if (auto p = persons.find(d.id_number); p != persons.end()) d.existing_person = p->second;
        Pinyin pinyin = to_pinyin(d.name);
        d.pinyin = std::move(pinyin.full);
        d.initials = std::move(pinyin.initials);
        deputies.push_back(std::move(d));
      }
      if (errors.size() >= max_reported_errors) break;
      progress = std::int64_t(i);
    }
  }
  return deputies;
}

void Imports::run(std::int64_t job_id, Caller caller, ImportRequest request, std::int64_t term) {
  std::shared_ptr<Live> live;
  {
    std::lock_guard lock(mutex_);
    if (auto it = live_.find(job_id); it != live_.end()) live = it->second;
  }
  if (!live) live = std::make_shared<Live>();
  auto set_phase = [&](const char* phase) {
    std::lock_guard lock(mutex_);
    live->phase = phase;
    live->processed = 0;
  };
  ImportJob job;
  job.id = job_id;
  job.dry_run = request.dry_run;
  job.congress_id = request.congress_id;
  auto fail = [&](std::int64_t row, std::string column, std::string reason) {
    job.errors.push_back({row, std::move(column), std::move(reason)});
  };
  try {
    std::vector<csv::Row> rows;
    if (request.xlsx) {
      rows = xlsx::read_first_sheet(request.bytes);
      job.encoding = "xlsx";
    } else {
      auto [text, encoding] = csv::decode(request.bytes, request.encoding);
      job.encoding = encoding;
      rows = csv::parse(text);
    }
    request.bytes.clear();
    request.bytes.shrink_to_fit();
    if (rows.empty()) throw std::invalid_argument("the file has no header row");
    job.total_rows = std::int64_t(rows.size()) - 1;
    live->total = job.total_rows;

    set_phase("checking");
    auto congress = regions_.find_congress(request.congress_id);
    std::vector<imports_store::NewDeputy> deputies =
        check(rows, request.congress_id, term, job.errors, live->processed);
    job.processed_rows = job.total_rows;
    if (job.errors.empty() && !request.dry_run) {
      set_phase("writing");
      db_.write([&](soci::session& tx) {
        imports_store::Writer writer(tx, request.congress_id, term, congress->level,
                                     to_epoch_ms(clock_.now()));
        for (const auto& d : deputies) {
          writer.add(d);
          ++live->processed;
        }
      });
      job.imported_rows = std::int64_t(deputies.size());
      changes_.bump();
    }
    // "succeeded": the file is good (and, unless a dry run, imported); "failed": it is not.
    job.state = job.errors.empty() ? "succeeded" : "failed";
  } catch (const std::exception& e) {
    fail(0, "", "The file could not be read: " + without_bound_values(e.what()));
    job.state = "failed";
    log::warn("import_failed", {{"import_id", job_id}, {"error", without_bound_values(e.what())}});
  }
  if (job.errors.size() > max_reported_errors) job.errors.resize(max_reported_errors);
  finish(job);
}

}  // namespace huying::registry
