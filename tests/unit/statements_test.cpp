#include <gtest/gtest.h>

#include <soci/soci.h>

#include <filesystem>

#include "core/crypto.hpp"
#include "db/database.hpp"
#include "db/query.hpp"
#include "db/row.hpp"

using namespace huying;
namespace fs = std::filesystem;

namespace {

// db::Query keeps one prepared statement per connection and SQL text; these check that a
// reused statement answers with the values of each use and never with stale data.
class CachedStatements : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    dir_ = fs::temp_directory_path() / ("huying_statements_" + crypto::random_hex(6));
    fs::create_directories(dir_);
    db::Options options;
    options.url = "sqlite://" + (dir_ / "test.db").string();
    options.pool_size = 1;  // one reader: every read below reuses the same connection
    db_ = db::Database::open(options);
    db_->write([](soci::session& tx) {
      tx << "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";
      for (int i = 1; i <= 3; ++i) db::Query("INSERT INTO t (id, name) VALUES (").value(i).text(", ").value("n" + std::to_string(i)).text(")").execute(tx);
    });
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  std::vector<std::string> names_above(soci::session& s, int id) {
    db::Query q("SELECT name FROM t WHERE id > ");
    q.value(id).text(" ORDER BY id");
    std::vector<std::string> out;
    for (const auto& r : q.rows(s)) out.push_back(db::get_string(r, 0));
    return out;
  }
  fs::path dir_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(CachedStatements, ASecondUseBindsItsOwnValues) {
  auto lease = db_->read();
  EXPECT_EQ(names_above(*lease, 0), (std::vector<std::string>{"n1", "n2", "n3"}));
  EXPECT_EQ(names_above(*lease, 2), (std::vector<std::string>{"n3"}));
  EXPECT_EQ(names_above(*lease, 3), (std::vector<std::string>{}));
  EXPECT_EQ(names_above(*lease, 1), (std::vector<std::string>{"n2", "n3"}));
}

TEST_F(CachedStatements, ALoopLeftEarlyLetsTheNextUseStartAfresh) {
  auto lease = db_->read();
  db::Query q("SELECT name FROM t WHERE id > ");
  q.value(0).text(" ORDER BY id");
  for (const auto& r : q.rows(*lease)) {
    EXPECT_EQ(db::get_string(r, 0), "n1");
    break;
  }
  EXPECT_EQ(names_above(*lease, 0).size(), 3u);
}

TEST_F(CachedStatements, TheSameQueryInsideItsOwnLoopGetsAStatementOfItsOwn) {
  auto lease = db_->read();
  std::vector<std::string> pairs;
  db::Query outer("SELECT name FROM t WHERE id > ");
  outer.value(1).text(" ORDER BY id");
  for (const auto& r : outer.rows(*lease))
    for (const auto& inner : names_above(*lease, 2)) pairs.push_back(db::get_string(r, 0) + inner);
  EXPECT_EQ(pairs, (std::vector<std::string>{"n2n3", "n3n3"}));
}

TEST_F(CachedStatements, AReaderSeesWhatWasCommittedAfterItsLastUse) {
  {
    auto lease = db_->read();
    EXPECT_EQ(names_above(*lease, 0).size(), 3u);
  }
  db_->write([](soci::session& tx) { db::Query("INSERT INTO t (id, name) VALUES (4, 'n4')").execute(tx); });
  auto lease = db_->read();
  EXPECT_EQ(names_above(*lease, 0).size(), 4u);
  EXPECT_EQ(db::Query("SELECT COUNT(*) FROM t").count(*lease), 4);
}

TEST_F(CachedStatements, AFailedStatementCanRunAgain) {
  auto insert = [this](int id) {
    db_->write([id](soci::session& tx) {
      db::Query("INSERT INTO t (id, name) VALUES (").value(id).text(", 'again')").execute(tx);
    });
  };
  EXPECT_ANY_THROW(insert(1));  // the key exists
  insert(5);
  auto lease = db_->read();
  EXPECT_EQ(db::Query("SELECT COUNT(*) FROM t WHERE name = 'again'").count(*lease), 1);
}

}  // namespace
