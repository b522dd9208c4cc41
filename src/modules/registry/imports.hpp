#pragma once
// Importing deputies from CSV files: every bad row reported (row, column, reason), a dry
// run that writes nothing, all-or-nothing commits, and progress to poll while it runs.
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/caller.hpp"
#include "core/change_counter.hpp"
#include "core/clock.hpp"
#include "core/csv.hpp"
#include "db/database.hpp"
#include "modules/audit/service.hpp"
#include "modules/regions/service.hpp"

namespace huying::registry {

namespace imports_store {
struct NewDeputy;
}

struct ImportProblem {
  std::int64_t row = 0;  // as a spreadsheet counts: the header is row 1
  std::string column;
  std::string reason;
};

struct ImportJob {
  std::int64_t id = 0;
  std::string kind = "deputies";
  bool dry_run = false;
  std::string state;  // running, succeeded, failed
  std::string phase;  // reading, checking, writing, done
  std::string encoding;
  std::int64_t total_rows = 0, processed_rows = 0, imported_rows = 0;
  std::vector<ImportProblem> errors;
  std::int64_t congress_id = 0;
  std::string created_by;
  TimePoint created_at;
  std::optional<TimePoint> finished_at;
};

struct ImportRequest {
  std::int64_t congress_id = 0;
  std::optional<std::int64_t> term;
  bool dry_run = false;
  csv::Encoding encoding = csv::Encoding::automatic;
  bool xlsx = false;  // an .xlsx workbook rather than a CSV file
  std::string bytes;
};

class Imports {
 public:
  Imports(db::Database& db, const Clock& clock, const audit::Service& audit,
          regions::Service& regions, ChangeCounter& changes)
      : db_(db), clock_(clock), audit_(audit), regions_(regions), changes_(changes) {}
  ~Imports();

  // Checks the caller and the request, records the job and starts it in the background.
  ImportJob start(const Caller& caller, ImportRequest request);
  ImportJob get(const Caller& caller, std::int64_t id);
  // Registers one deputy from fields named like the import's columns (English names), by
  // the same rules; 422 with a pointer per bad field. Returns the new mandate's id.
  std::int64_t create_deputy(const Caller& caller, std::int64_t congress_id,
                             std::optional<std::int64_t> term,
                             const std::vector<std::pair<std::string, std::string>>& fields);

  static constexpr std::size_t max_reported_errors = 1000;

 private:
  struct Live {
    std::atomic<std::int64_t> processed{0};
    std::atomic<std::int64_t> total{0};
    std::string phase;
  };
  // The congress and term deputies are added to, checked against the caller's rights.
  struct Target {
    regions::Congress congress;
    std::string grant;
    std::int64_t term = 0;
  };
  Target target(const Caller& caller, std::int64_t congress_id, std::optional<std::int64_t> term,
                Validator& v);
  ImportJob begin(const Caller& caller, const ImportRequest& request, std::int64_t& term);
  void run(std::int64_t job_id, Caller caller, ImportRequest request, std::int64_t term);
  void finish(ImportJob& job);
  // Checks every row (the first names the columns) and returns the deputies to write, or
  // reports each problem; `progress` counts the rows checked.
  std::vector<imports_store::NewDeputy> check(const std::vector<csv::Row>& rows,
                                              std::int64_t congress_id, std::int64_t term,
                                              std::vector<ImportProblem>& errors,
                                              std::atomic<std::int64_t>& progress);

  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  regions::Service& regions_;
  ChangeCounter& changes_;
  std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<Live>> live_;  // progress of jobs running here
  std::vector<std::jthread> workers_;
};

}  // namespace huying::registry
