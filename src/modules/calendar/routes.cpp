// HTTP face of the working-day calendar.
#include "modules/calendar/routes.hpp"

#include <boost/json.hpp>

#include "core/text.hpp"
#include "http/json_body.hpp"

namespace huying::calendar {

namespace {

using http::Request;
using http::Response;

int path_year(const Request& req) {
  const auto& text = req.param("year");
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos)
    throw Error::not_found("There is no calendar year " + text + ".");
  return std::stoi(text);
}

boost::json::object year_json(const YearView& v) {
  boost::json::array days;
  for (const auto& d : v.days)
    days.push_back({{"date", format_date(d.date)}, {"kind", kind_name(d.kind)}, {"name", d.name}});
  return {{"year", v.year},
          {"known", v.known},
          {"source", v.source},
          {"imported_by", v.imported_by},
          {"imported_at", v.imported_at ? boost::json::value(format_iso8601(*v.imported_at)) : nullptr},
          {"days", std::move(days)}};
}

}  // namespace

void add_routes(http::Router& router, Service& service) {
  router.add({"GET", "/api/v1/calendar/{year}",
              [&service](Request& req) {
                return Response::json(200, year_json(service.year(req.caller(), path_year(req))));
              },
              0, "One year of the working-day calendar: holidays and make-up working days"});
  router.add({"PUT", "/api/v1/calendar/{year}",
              [&service](Request& req) {
                int year = path_year(req);
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"source", "days"});
                auto source = body.text("source", false, 200).value_or("");
                Validator& v = body.validator();
                std::vector<DayException> days;
                std::vector<std::size_t> positions;  // each day's index in the request
                const auto* list = body.member("days");
                if (!list || !list->is_array()) {
                  v.field("/days", "A list of days is required.");
                } else {
                  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
                    std::string at = "/days/" + std::to_string(i);
                    const auto& item = list->as_array()[i];
                    if (!item.is_object()) {
                      v.field(at, "Must be an object with date, kind and name.");
                      continue;
                    }
                    const auto& o = item.as_object();
                    auto text_of = [&o](const char* key) -> std::string {
                      auto it = o.find(key);
                      return it != o.end() && it->value().is_string()
                                 ? std::string(it->value().as_string())
                                 : std::string();
                    };
                    auto date = parse_date(text_of("date"));
                    auto kind = parse_kind(text_of("kind"));
                    std::string name = text_of("name");
                    if (!date) v.field(at + "/date", "Must be a date (YYYY-MM-DD).");
                    if (!kind) v.field(at + "/kind", "Must be holiday or workday.");
                    if (utf8_length(name) > 50) v.field(at + "/name", "At most 50 characters.");
                    if (date && kind) {
                      days.push_back({*date, *kind, name});
                      positions.push_back(i);
                    }
                  }
                }
                // The year's rules on the well-formed days too, so that one 422 names every bad day.
                if (!v.ok())
                  for (const auto& problem : check_year(year, days))
                    if (problem.index >= 0)
                      v.field("/days/" + std::to_string(positions[problem.index]), problem.message);
                body.finish();
                return Response::json(200, year_json(service.replace_year(req.caller(), year, source, days)));
              },
              0, "Replace one year of the working-day calendar (administrators)"});
}

}  // namespace huying::calendar
