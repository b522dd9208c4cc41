// The huying command line: serve, migrate, demo-data, token, version.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/app.hpp"
#include "app/config.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "modules/demo/demo_data.hpp"

extern char** environ;

namespace {

constexpr int exit_failure = 1;
constexpr int exit_config = 2;

spdlog::level::level_enum level_of(const std::string& name) {
  return spdlog::level::from_str(name == "warn" ? "warning" : name);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace huying;
  crypto::init();

  CLI::App cli{"呼应 Huying — deputy-work platform of a People's Congress"};
  cli.require_subcommand(1);
  ConfigLoader loader;

  auto* serve = cli.add_subcommand("serve", "Serve the web UI and the API");
  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  auto* demo = cli.add_subcommand("demo-data", "Load the demo dataset into an empty registry");
  auto* version = cli.add_subcommand("version", "Print the version");
  auto* token = cli.add_subcommand("token", "Manage API tokens for machine clients");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create a token (printed once)");
  std::string token_name, token_role = "admin";
  std::optional<int> token_days;
  token_create->add_option("--name", token_name, "what the token is for")->required();
  token_create->add_option("--role", token_role, "role granted to the token")->capture_default_str();
  token_create->add_option("--expires-days", token_days, "days until it expires (default: never)");
  for (auto* command : {serve, migrate, demo, token_create}) loader.add_flags(*command);

  CLI11_PARSE(cli, argc, argv);

  if (version->parsed()) {
    std::cout << "huying " << HUYING_VERSION << "\n";
    return 0;
  }

  Config config;
  try {
    config = loader.load(environ);
  } catch (const Error& e) {
    std::cerr << "huying: " << e.detail() << "\n";
    return exit_config;
  }
  log::setup(level_of(config.log_level));

  try {
    App app(config);
    if (migrate->parsed()) {
      auto applied = app.migrate();
      std::cout << "huying: " << applied.size() << " migration(s) applied to "
                << app.database().display_url() << "\n";
      for (const auto& name : applied) std::cout << "  " << name << "\n";
    } else if (demo->parsed()) {
      auto result = demo::load(app.regions(), App::operator_caller());
      if (result.loaded)
        std::cout << "huying: demo data loaded: " << result.regions << " regions, "
                  << result.congresses << " congresses\n";
      else
        std::cout << "huying: the registry already holds data; demo data not loaded\n";
    } else if (token_create->parsed()) {
      auto created = app.accounts().create_token(App::operator_caller(), token_name, token_role,
                                                 token_days);
      std::cerr << "huying: token " << created.id << " created; it is shown only this once:\n";
      std::cout << created.token << "\n";
    } else if (serve->parsed()) {
      app.serve();
    }
  } catch (const Error& e) {
    std::string fields;
    for (const auto& f : e.fields()) fields += "\n  " + f.pointer + f.parameter + ": " + f.detail;
    std::cerr << "huying: " << e.detail() << fields << "\n";
    return e.code() == "migration_failed" || e.code() == "invalid_config" ? exit_config
                                                                          : exit_failure;
  } catch (const std::exception& e) {
    std::cerr << "huying: " << e.what() << "\n";
    return exit_failure;
  }
  return 0;
}
