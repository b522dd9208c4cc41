// The huying command line: serve, migrate, demo-data, token, user, calendar, scheduler, notifier, version.
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/app.hpp"
#include "app/config.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "modules/demo/demo_data.hpp"
#include "modules/demo/progress.hpp"

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
  std::string demo_scale = "county";
  std::uint64_t demo_seed = 1;
  demo->add_option("--scale", demo_scale,
                   "county: the counties of 郑州 and 开封; city: 郑州 down to its townships; "
                   "province: all of Henan (~180,000 deputies)")
      ->check(CLI::IsMember({"county", "city", "province"}))
      ->capture_default_str();
  demo->add_option("--seed", demo_seed, "the same seed makes the same dataset")->capture_default_str();
  auto* version = cli.add_subcommand("version", "Print the version");
  auto* token = cli.add_subcommand("token", "Manage API tokens for machine clients");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create a token (printed once)");
  std::string token_name, role = "admin";
  std::optional<std::int64_t> scope;
  std::optional<int> token_days;
  token_create->add_option("--name", token_name, "what the token is for")->required();
  token_create->add_option("--role", role, "role granted to the token")->capture_default_str();
  token_create->add_option("--scope", scope, "id of the congress, unit or station of the role");
  token_create->add_option("--expires-days", token_days, "days until it expires (default: never)");

  auto* user = cli.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Create an account (prints a one-time password)");
  accounts::NewUser new_user;
  std::optional<std::string> mobile;
  user_add->add_option("--username", new_user.username, "sign-in name")->required();
  user_add->add_option("--name", new_user.display_name, "name shown to people")->required();
  user_add->add_option("--mobile", mobile, "mobile number (also a sign-in name)");
  user_add->add_option("--congress", new_user.congress_id, "id of the congress owning the account");
  user_add->add_option("--role", role, "role: admin, staff, leader, committee_member, deputy, "
                                       "unit_handler, unit_head, station_keeper")
      ->required();
  user_add->add_option("--scope", scope, "id of the congress, unit or station of the role");
  auto* user_reset = user->add_subcommand("reset-password", "Reset a password (prints a one-time password)");
  std::string username;
  user_reset->add_option("--username", username, "sign-in name")->required();
  auto* user_list = user->add_subcommand("list", "List accounts");

  auto* calendar_cmd = cli.add_subcommand("calendar", "The working-day calendar (holidays, make-up days)");
  calendar_cmd->require_subcommand(1);
  auto* calendar_import = calendar_cmd->add_subcommand("import", "Replace a year from a CSV file (date,kind,name)");
  std::string calendar_file, calendar_source;
  calendar_import->add_option("file", calendar_file, "the CSV file of one year")->required()->check(CLI::ExistingFile);
  calendar_import->add_option("--source", calendar_source, "the notice it comes from (国办发明电〔2025〕7号)");
  auto* calendar_show = calendar_cmd->add_subcommand("show", "Print a year's holidays and make-up days");
  int calendar_year = 0;
  calendar_show->add_option("year", calendar_year, "the year")->required();
  auto* scheduler_cmd = cli.add_subcommand("scheduler", "Deadline sweep");
  scheduler_cmd->require_subcommand(1);
  auto* scheduler_run = scheduler_cmd->add_subcommand("run", "Run the deadline sweep once and print what it did");
  auto* notifier_cmd = cli.add_subcommand("notifier", "Messages to citizens");
  notifier_cmd->require_subcommand(1);
  auto* notifier_run = notifier_cmd->add_subcommand("run", "Send the messages that are due now and print what happened");
  for (auto* command : {serve, migrate, demo, token_create, user_add, user_reset, user_list, calendar_import,
                        calendar_show, scheduler_run, notifier_run})
    loader.add_flags(*command);

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
      auto clock = make_clock(config.clock_file);
      demo::ProgressReport progress;
      demo::Options options{*demo::parse_scale(demo_scale), demo_seed,
                            [&](std::string_view phase, std::size_t done, std::size_t total) {
                              progress(phase, done, total);
                            }};
      auto result = demo::load(app.database(), *clock, app.accounts(), App::operator_caller(), options);
      progress.finish();
      if (result.loaded) {
        const auto& n = result.counts;
        auto grouped = [](std::size_t v) {  // 1,000,000
          std::string digits = std::to_string(v), out;
          for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
          }
          return out;
        };
        std::cout << "huying: demo data loaded (scale " << demo_scale << ", seed " << demo_seed << ") in "
                  << fmt::format("{:.1f} s", result.generate_seconds + result.write_seconds +
                                                 result.opinions_seconds + result.accounts_seconds)
                  << fmt::format(" (generate {:.1f} s, write {:.1f} s, opinions {:.1f} s, accounts {:.1f} s)\n",
                                 result.generate_seconds, result.write_seconds, result.opinions_seconds,
                                 result.accounts_seconds)
                  << "  regions " << n.regions << ", congresses " << n.congresses << ", delegations "
                  << n.delegations << "\n"
                  << "  persons " << n.persons << ", mandates " << n.mandates << " (serving " << n.serving
                  << ": national " << n.by_level[0] << ", provincial " << n.by_level[1] << ", city "
                  << n.by_level[2] << ", county " << n.by_level[3] << ", township " << n.by_level[4]
                  << ")\n"
                  << "  committee contacts " << n.contacts << ", units " << n.units << ", stations "
                  << n.stations << " + " << n.online_stations << " online, station deputies "
                  << n.station_deputies << "\n"
                  << "  " << n.users << " demo accounts (password " << demo::demo_password << "), "
                  << n.suggestions << " suggestions\n"
                  << "  opinions " << grouped(n.opinions) << " (timeline steps " << grouped(n.opinion_events)
                  << "), receptions " << n.receptions << "\n"
                  << "  checksum " << result.checksum << "\n";
      } else {
        std::cout << "huying: the registry already holds data; demo data not loaded\n";
      }
    } else if (token_create->parsed()) {
      auto created = app.accounts().create_token(App::operator_caller(), token_name,
                                                 {0, role, "", scope}, token_days);
      std::cerr << "huying: token " << created.token.id << " (" << created.token.grant.label()
                << ") created; it is shown only this once:\n";
      std::cout << created.secret << "\n";
    } else if (user_add->parsed()) {
      new_user.mobile = mobile;
      new_user.grants = {{0, role, "", scope}};
      auto created = app.accounts().create_user(App::operator_caller(), new_user);
      std::cerr << "huying: account " << created.user.username << " (id " << created.user.id
                << ") created; its one-time password, to be changed at first sign-in:\n";
      std::cout << created.one_time_password << "\n";
    } else if (user_reset->parsed()) {
      auto found = app.accounts().find_by_username(username);
      auto password = app.accounts().reset_password(App::operator_caller(), found.id);
      std::cerr << "huying: password of " << username << " reset; its one-time password:\n";
      std::cout << password << "\n";
    } else if (user_list->parsed()) {
      PageRequest page{1, PageRequest::max_page_size};
      for (;; ++page.page) {
        auto users = app.accounts().list_users(App::operator_caller(), {}, page);
        for (const auto& u : users.items) {
          std::string grants;
          for (const auto& g : u.grants) grants += (grants.empty() ? "" : ",") + g.grant.label();
          std::cout << u.id << "\t" << u.username << "\t" << u.display_name << "\t" << grants
                    << (u.disabled ? "\tdisabled" : "") << "\n";
        }
        if (page.offset() + page.page_size >= users.total) break;
      }
    } else if (calendar_import->parsed()) {
      std::ifstream in(calendar_file, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto year = app.calendar().import_csv(App::operator_caller(), text.str(), calendar_source);
      int holidays = 0, workdays = 0;
      for (const auto& d : year.days) ++(d.kind == calendar::DayKind::holiday ? holidays : workdays);
      std::cout << "huying: calendar " << year.year << " imported: " << holidays << " holidays, " << workdays
                << " make-up working days\n";
    } else if (calendar_show->parsed()) {
      auto year = app.calendar().year(App::operator_caller(), calendar_year);
      if (!year.known) {
        std::cerr << "huying: the calendar does not know " << calendar_year << "\n";
        return exit_failure;
      }
      for (const auto& d : year.days)
        std::cout << format_date(d.date) << "\t" << calendar::kind_name(d.kind) << "\t" << d.name << "\n";
    } else if (scheduler_run->parsed()) {
      auto r = app.sweep();
      std::cout << "huying: deadline sweep closed " << r.closed << ", notified " << r.notified << "\n";
    } else if (notifier_run->parsed()) {
      auto r = app.opinions().deliver_due();
      std::cout << "huying: messages to citizens sent " << r.sent << ", retrying " << r.retried << ", failed "
                << r.failed << "\n";
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
