#include <gtest/gtest.h>

#include <soci/soci.h>

#include <filesystem>

#include "core/crypto.hpp"
#include "core/geo.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "modules/demo/generator.hpp"
#include "modules/demo/store.hpp"

using namespace huying;
namespace fs = std::filesystem;

namespace {

class DemoStore : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    dir_ = fs::temp_directory_path() / ("huying_demo_store_" + crypto::random_hex(6));
    fs::create_directories(dir_);
    db::Options options;
    options.url = "sqlite://" + (dir_ / "test.db").string();
    options.pool_size = 1;
    options.sqlite_synchronous = "OFF";
    db_ = db::Database::open(options);
    db::apply_migrations(*db_, db::load_migrations(fs::path(HUYING_SOURCE_DIR) / "migrations"), clock_);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  long long scalar(const std::string& sql) {
    auto lease = db_->read();
    long long n = 0;
    *lease << sql, soci::into(n);
    return n;
  }
  fs::path dir_;
  std::unique_ptr<db::Database> db_;
  SystemClock clock_;
};

}  // namespace

TEST_F(DemoStore, WritesEveryRowWithItsIdsAndOnlyIntoAnEmptyRegistry) {
  auto data = demo::generate(demo::Scale::county, 7);
  {
    auto lease = db_->read();
    EXPECT_TRUE(demo::store::registry_empty(*lease));
  }
  std::size_t progress_calls = 0;
  db_->write([&](soci::session& tx) {
    demo::store::write(tx, db_->engine(), data, 1'700'000'000'000,
                       [&](std::string_view, std::size_t, std::size_t) { ++progress_calls; });
  });
  EXPECT_GT(progress_calls, 10u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM regions"), static_cast<long long>(data.regions.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM congresses"), static_cast<long long>(data.congresses.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM delegations"), static_cast<long long>(data.delegations.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM persons"), static_cast<long long>(data.persons.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM person_private"), static_cast<long long>(data.privates.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM mandates"), static_cast<long long>(data.mandates.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM committee_contacts"), static_cast<long long>(data.contacts.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM units"), static_cast<long long>(data.units.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM stations"), static_cast<long long>(data.stations.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM station_deputies"),
            static_cast<long long>(data.station_deputies.size()));
  EXPECT_EQ(scalar("SELECT MAX(id) FROM persons"), data.persons.back().id);
  // NULLs stay NULL: mandates outside a delegation, serving mandates' end dates.
  long long no_delegation = 0, open_ended = 0;
  for (const auto& m : data.mandates) {
    no_delegation += !m.delegation_id;
    open_ended += !m.end_date;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM mandates WHERE delegation_id IS NULL"), no_delegation);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM mandates WHERE end_date IS NULL"), open_ended);
  // Places come back as degrees with their grid cell.
  {
    auto lease = db_->read();
    double lat = 0, lng = 0;
    long long cell = 0;
    std::string name;
    *lease << "SELECT name, latitude, longitude, grid_cell FROM stations WHERE id = 1", soci::into(name),
        soci::into(lat), soci::into(lng), soci::into(cell);
    EXPECT_EQ(name, "金水区人大代表联络站");
    EXPECT_DOUBLE_EQ(lat, *data.stations[0].latitude_micro / 1e6);
    EXPECT_EQ(cell, geo::cell_of(lat, lng));
    EXPECT_FALSE(demo::store::registry_empty(*lease));
  }
}
