#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "app/app.hpp"
#include "app/openapi.hpp"
#include "core/crypto.hpp"

using namespace huying;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class OpenApi : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    dir_ = std::filesystem::temp_directory_path() / ("huying_openapi_" + crypto::random_hex(6));
    std::filesystem::create_directories(dir_);
    config_.database.url = "sqlite://" + (dir_ / "t.db").string();
    config_.database.pool_size = 1;
    config_.migrations_dir = std::string(HUYING_SOURCE_DIR) + "/migrations";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  Config config_;
};

}  // namespace

TEST_F(OpenApi, EveryRouteInTheTableIsDocumented) {
  App app(config_);
  auto doc = yaml_to_json(openapi_yaml());
  ASSERT_EQ(doc.at("openapi").as_string().subview().substr(0, 3), "3.1");
  const auto& paths = doc.at("paths").as_object();
  ASSERT_FALSE(app.router().routes().empty());
  for (const auto& route : app.router().routes()) {
    auto path = paths.find(route.pattern);
    ASSERT_NE(path, paths.end()) << route.pattern << " is not in docs/openapi.yaml";
    EXPECT_TRUE(path->value().as_object().contains(lower(route.method)))
        << route.method << " " << route.pattern << " is not in docs/openapi.yaml";
  }
}

TEST_F(OpenApi, EveryDocumentedOperationExists) {
  App app(config_);
  auto doc = yaml_to_json(openapi_yaml());
  for (const auto& [pattern, item] : doc.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      bool found = false;
      for (const auto& route : app.router().routes())
        found = found || (route.pattern == pattern && lower(route.method) == std::string(method));
      EXPECT_TRUE(found) << method << " " << pattern << " is documented but not routed";
    }
}

TEST(YamlToJson, ScalarsFollowTheCoreSchema) {
  auto v = yaml_to_json("a: 3\nb: '3'\nc: true\nd: 3.1.0\ne: null\nf: [1, x]\n");
  EXPECT_TRUE(v.at("a").is_int64());
  EXPECT_TRUE(v.at("b").is_string());
  EXPECT_TRUE(v.at("c").is_bool());
  EXPECT_TRUE(v.at("d").is_string());
  EXPECT_TRUE(v.at("e").is_null());
  EXPECT_EQ(v.at("f").as_array().size(), 2u);
}
