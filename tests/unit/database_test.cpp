#include <gtest/gtest.h>

#include <soci/soci.h>

#include <filesystem>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/crypto.hpp"
#include "db/database.hpp"
#include "db/query.hpp"

using namespace huying;
namespace fs = std::filesystem;

namespace {

class Writes : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    dir_ = fs::temp_directory_path() / ("huying_writes_" + crypto::random_hex(6));
    fs::create_directories(dir_);
    db::Options options;
    options.url = "sqlite://" + (dir_ / "test.db").string();
    options.pool_size = 1;
    db_ = db::Database::open(options);
    db_->write([](soci::session& tx) { tx << "CREATE TABLE t (name TEXT NOT NULL)"; });
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  static void add(soci::session& tx, const std::string& name) {
    db::Query("INSERT INTO t (name) VALUES (").value(name).text(")").execute(tx);
  }
  std::int64_t count() {
    auto lease = db_->read();
    return db::Query("SELECT COUNT(*) FROM t").count(*lease);
  }
  fs::path dir_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(Writes, APartThatThrowsIsUndoneAloneAndItsErrorReturned) {
  std::exception_ptr kept, undone;
  db_->write([&](soci::session& tx) {
    kept = db::Database::in_savepoint(tx, [](soci::session& t) { add(t, "kept"); });
    undone = db::Database::in_savepoint(tx, [](soci::session& t) {
      add(t, "undone");
      throw std::runtime_error("part failed");
    });
    add(tx, "after");
  });
  EXPECT_FALSE(kept);
  ASSERT_TRUE(undone);
  EXPECT_THROW(std::rethrow_exception(undone), std::runtime_error);
  auto lease = db_->read();
  EXPECT_EQ(db::Query("SELECT COUNT(*) FROM t WHERE name = 'undone'").count(*lease), 0);
  EXPECT_EQ(db::Query("SELECT COUNT(*) FROM t WHERE name IN ('kept', 'after')").count(*lease), 2);
}

TEST_F(Writes, GroupedWritesFailAloneAndCommitTogether) {
  EXPECT_THROW(db_->write_grouped([](soci::session& tx) {
    add(tx, "bad");
    throw std::runtime_error("bad input");
  }), std::runtime_error);
  db_->write_grouped([](soci::session& tx) { add(tx, "good"); });
  EXPECT_EQ(count(), 1);
}

TEST_F(Writes, BackgroundWriteRunsOnceGroupedWritesAreQuiet) {
  db_->write_grouped([](soci::session& tx) { add(tx, "citizen"); });
  std::int64_t seen = -1;
  db_->write_background([&](soci::session& tx) { seen = db::Query("SELECT COUNT(*) FROM t").count(tx); },
                        std::chrono::milliseconds(0), std::chrono::hours(1));
  EXPECT_EQ(seen, 1);
}

TEST_F(Writes, BackgroundWriteWaitsNoLongerThanItsPatience) {
  db_->write_grouped([](soci::session& tx) { add(tx, "citizen"); });
  // Grouped writes were just made, and an hour of quiet is asked: patience decides.
  db_->write_background([](soci::session& tx) { add(tx, "background"); }, std::chrono::hours(1),
                        std::chrono::milliseconds(0));
  EXPECT_EQ(count(), 2);
}

}  // namespace

namespace {

TEST_F(Writes, AReadInsideAReadUsesTheConnectionTheThreadHolds) {
  // One reader: a second connection for the inner read would never come.
  auto outer = db_->read();
  {
    auto inner = db_->read();
    EXPECT_EQ(&*inner, &*outer);
    EXPECT_EQ(db::Query("SELECT COUNT(*) FROM t").count(*inner), 0);
  }
  // The inner lease's end does not hand the connection back while the outer holds it.
  EXPECT_EQ(db_->read_pool_stats().in_use, 1);
  EXPECT_EQ(db::Query("SELECT COUNT(*) FROM t").count(*outer), 0);
}

TEST_F(Writes, AnotherThreadWaitsForTheConnectionUntilTheOuterLeaseEnds) {
  std::optional<db::Lease> outer(db_->read());
  { auto inner = db_->read(); }
  std::promise<std::int64_t> seen;
  std::thread other([&] {
    auto lease = db_->read();
    seen.set_value(db::Query("SELECT COUNT(*) FROM t").count(*lease));
  });
  outer.reset();
  EXPECT_EQ(seen.get_future().get(), 0);
  other.join();
  EXPECT_EQ(db_->read_pool_stats().in_use, 0);
}

}  // namespace
