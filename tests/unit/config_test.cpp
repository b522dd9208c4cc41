#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>

#include "app/config.hpp"
#include "core/error.hpp"

using namespace huying;

namespace {

struct Parsed {
  ConfigLoader loader;
  CLI::App cli;
  explicit Parsed(std::vector<std::string> args) {
    auto* serve = cli.add_subcommand("serve");
    loader.add_flags(*serve);
    std::vector<const char*> argv{"huying", "serve"};
    for (auto& a : args) argv.push_back(a.c_str());
    cli.parse(int(argv.size()), const_cast<char**>(argv.data()));
  }
};

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("huying_config_test_" + name);
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.detail();
  }
  return "";
}

}  // namespace

TEST(Config, FlagsOverrideEnvironmentWhichOverridesTheFile) {
  auto file = write_temp("a.toml", "port = 1111\nhost = \"10.0.0.1\"\nlog_level = \"debug\"\n");
  Parsed p({"--config", file.string(), "--port", "3333"});
  char env_port[] = "HUYING_PORT=2222";
  char env_host[] = "HUYING_HOST=127.0.0.2";
  char* env[] = {env_port, env_host, nullptr};
  Config c = p.loader.load(env);
  EXPECT_EQ(c.server.port, 3333);         // flag
  EXPECT_EQ(c.server.host, "127.0.0.2");  // environment over file
  EXPECT_EQ(c.log_level, "debug");        // file over default
}

TEST(Config, JsonFileWorksToo) {
  auto file = write_temp("b.json", R"({"port": 4444, "database": "sqlite:///tmp/x.db"})");
  Parsed p({"--config", file.string()});
  Config c = p.loader.load(nullptr);
  EXPECT_EQ(c.server.port, 4444);
  EXPECT_EQ(c.database.url, "sqlite:///tmp/x.db");
}

TEST(Config, UnknownFileKeyStopsStartUpNamingTheKey) {
  auto file = write_temp("c.toml", "prot = 8080\n");
  Parsed p({"--config", file.string()});
  EXPECT_NE(error_of([&] { p.loader.load(nullptr); }).find("'prot'"), std::string::npos);
}

TEST(Config, UnknownEnvironmentVariableStopsStartUpNamingIt) {
  Parsed p({});
  char bad[] = "HUYING_DATABSE=sqlite:///x.db";
  char* env[] = {bad, nullptr};
  EXPECT_NE(error_of([&] { p.loader.load(env); }).find("HUYING_DATABSE"), std::string::npos);
}

TEST(Config, InvalidValuesAreRefusedNamingTheKey) {
  Parsed port({"--port", "70000"});
  EXPECT_NE(error_of([&] { port.loader.load(nullptr); }).find("'port'"), std::string::npos);
  Parsed db({"--database", "mysql://x"});
  EXPECT_NE(error_of([&] { db.loader.load(nullptr); }).find("'database'"), std::string::npos);
  Parsed sync({"--sqlite-synchronous", "SOMETIMES"});
  EXPECT_NE(error_of([&] { sync.loader.load(nullptr); }).find("'sqlite_synchronous'"),
            std::string::npos);
}

TEST(Config, EveryKeyHasAFlag) {
  Parsed p({});
  auto* serve = p.cli.get_subcommand("serve");
  for (const auto& key : ConfigLoader::keys()) {
    std::string flag = key.name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    EXPECT_NO_THROW(serve->get_option("--" + flag)) << key.name;
  }
}
