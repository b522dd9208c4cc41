// HTTP face of the directory: the public search of deputies and stations, and the staff
// registry of mandates. Public answers are built from public fields only.
#include "modules/registry/directory_routes.hpp"

#include <boost/json.hpp>

#include <charconv>

#include "core/geo.hpp"
#include "core/text.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"
#include "modules/export/xlsx.hpp"
#include "modules/regions/model.hpp"

namespace huying::registry {

namespace {

using boost::json::object;
using http::Request;
using http::Response;

object card_json(const DeputyCard& c) {
  return {{"id", std::to_string(c.id)},
          {"person_id", std::to_string(c.person_id)},
          {"name", c.name},
          {"pinyin", c.pinyin},
          {"initials", c.initials},
          {"gender", c.gender},
          {"level", c.level},
          {"congress_id", std::to_string(c.congress_id)},
          {"congress_name", c.congress_name},
          {"term_number", c.term_number},
          {"region_code", c.region_code},
          {"region_name", c.region_name},
          {"delegation", c.delegation},
          {"occupation", c.occupation},
          {"photo_url", c.photo_url}};
}

boost::json::value optional_number(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : nullptr;
}

object station_json(const StationCard& s) {
  object o{{"id", std::to_string(s.id)},
           {"name", s.name},
           {"kind", s.kind},
           {"region_code", s.region_code},
           {"region_name", s.region_name},
           {"address", s.address},
           {"latitude", optional_number(s.latitude)},
           {"longitude", optional_number(s.longitude)},
           {"opening_hours", s.opening_hours},
           {"phone", s.phone},
           {"reception_schedule", s.reception_schedule}};
  if (s.distance_m) o["distance_m"] = std::int64_t(*s.distance_m + 0.5);
  return o;
}

object record_json(const DeputyRecord& d) {
  object o = card_json(d.card);
  o["status"] = d.status;
  o["start_date"] = d.start_date;
  o["end_date"] = d.end_date ? boost::json::value(*d.end_date) : nullptr;
  o["deputy_group"] = d.deputy_group;
  o["ethnicity"] = d.ethnicity;
  o["party"] = d.party;
  o["birth_year"] = d.birth_year ? boost::json::value(*d.birth_year) : nullptr;
  o["id_number"] = d.id_number_masked;
  o["mobile"] = d.mobile_masked;
  o["version"] = d.version;
  return o;
}

std::optional<std::int64_t> read_id(const Request& req, Validator& v, const std::string& name) {
  auto text = req.query_param(name);
  if (!text) return std::nullopt;
  auto id = http::parse_id(std::string_view(*text));
  if (!id) v.parameter(name, "Must be an id.");
  return id;
}

std::optional<std::string> read_region(const Request& req, Validator& v) {
  auto code = req.query_param("region");
  if (code && !regions::is_region_code(*code)) {
    v.parameter("region", "Must be a 6-digit GB/T 2260 code or a 9-digit township code.");
    return std::nullopt;
  }
  return code;
}

DeputyFilter read_deputy_filter(const Request& req, Validator& v) {
  DeputyFilter f;
  f.region = read_region(req, v);
  if (auto level = req.query_param("level")) {
    if (std::find(regions::congress_levels.begin(), regions::congress_levels.end(), *level) ==
        regions::congress_levels.end())
      v.parameter("level", "Must be one of: national, provincial, city, county, township.");
    else
      f.level = level;
  }
  if (auto term = req.query_param("term")) {
    f.term = http::parse_id(std::string_view(*term));
    if (!f.term) v.parameter("term", "Must be a term number.");
  }
  f.delegation = read_id(req, v, "delegation");
  f.station = read_id(req, v, "station");
  f.sort = http::read_choice(req, v, "sort", deputy_sorts, "name");
  if (auto q = req.query_param("q")) {
    if (utf8_length(*q) > 50)
      v.parameter("q", "Must be at most 50 characters.");
    else
      f.q = q;
  }
  return f;
}

std::optional<std::string> read_status(const Request& req, Validator& v) {
  auto status = req.query_param("status");
  if (status && std::find(deputy_statuses.begin(), deputy_statuses.end(), *status) == deputy_statuses.end()) {
    v.parameter("status", "Must be one of: serving, resigned, terminated, recalled.");
    return std::nullopt;
  }
  return status;
}

StationFilter read_station_filter(const Request& req, Validator& v) {
  StationFilter f;
  f.region = read_region(req, v);
  if (auto kind = req.query_param("kind")) {
    if (std::find(station_kinds.begin(), station_kinds.end(), *kind) == station_kinds.end())
      v.parameter("kind", "Must be one of: home, station, hub, online.");
    else
      f.kind = kind;
  }
  if (auto q = req.query_param("q"); q && !q->empty()) {
    if (utf8_length(*q) > 50) v.parameter("q", "At most 50 characters.");
    else f.q = q;
  }
  return f;
}

// "34.7466,113.6254"
std::optional<Near> read_near(const Request& req, Validator& v) {
  auto text = req.query_param("near");
  if (!text) return std::nullopt;
  Near near;
  auto comma = text->find(',');
  bool ok = comma != std::string::npos;
  if (ok) {
    auto parse = [](std::string_view s, double& out) {
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
      return ec == std::errc{} && end == s.data() + s.size();
    };
    ok = parse(std::string_view(*text).substr(0, comma), near.latitude) &&
         parse(std::string_view(*text).substr(comma + 1), near.longitude) &&
         geo::valid(near.latitude, near.longitude);
  }
  if (!ok) v.parameter("near", "Must be latitude,longitude in degrees, such as 34.7466,113.6254.");
  if (auto limit = req.query_param("limit")) {
    int n = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (ec != std::errc{} || end != limit->data() + limit->size() || n < 1 || n > 50)
      v.parameter("limit", "Must be an integer from 1 to 50.");
    else
      near.limit = n;
  }
  return near;
}

Response public_json(const boost::json::value& body) {
  Response res = Response::json(200, body);
  // The directory changes rarely; a minute of caching spares the server on busy days.
  res.set_header("Cache-Control", "public, max-age=60");
  return res;
}

object import_json(const ImportJob& j) {
  boost::json::array errors;
  for (const auto& e : j.errors) errors.push_back({{"row", e.row}, {"column", e.column}, {"reason", e.reason}});
  return {{"id", std::to_string(j.id)},
          {"kind", j.kind},
          {"dry_run", j.dry_run},
          {"state", j.state},
          {"phase", j.phase},
          {"encoding", j.encoding},
          {"congress_id", std::to_string(j.congress_id)},
          {"total_rows", j.total_rows},
          {"processed_rows", j.processed_rows},
          {"imported_rows", j.imported_rows},
          {"errors", std::move(errors)},
          {"created_by", j.created_by},
          {"created_at", format_iso8601(j.created_at)},
          {"finished_at", j.finished_at ? boost::json::value(format_iso8601(*j.finished_at)) : nullptr}};
}

constexpr std::size_t max_import_bytes = 64 * 1024 * 1024;

}  // namespace

void add_directory_routes(http::Router& router, Directory& directory, Imports& imports) {
  router.add({"POST", "/api/v1/deputies/imports",
              [&imports](Request& req) {
                auto type = req.header("Content-Type").value_or("");
                ImportRequest request;
                request.xlsx = type.starts_with(xlsx::content_type);
                if (!type.starts_with("text/csv") && !request.xlsx)
                  throw Error(415, "unsupported_media_type", "Unsupported Media Type",
                              "Send the file as text/csv or as an .xlsx workbook.");
                Validator v;
                auto congress = read_id(req, v, "congress_id");
                if (!congress && !req.query_param("congress_id"))
                  v.parameter("congress_id", "This parameter is required.");
                if (auto term = req.query_param("term")) {
                  request.term = http::parse_id(std::string_view(*term));
                  if (!request.term) v.parameter("term", "Must be a term number.");
                }
                std::string dry = req.query_param("dry_run").value_or("false");
                if (dry != "true" && dry != "false") v.parameter("dry_run", "Must be true or false.");
                std::string encoding = http::read_choice(req, v, "encoding", {"auto", "utf-8", "gb18030"}, "auto");
                v.throw_if_any();
                request.congress_id = *congress;
                request.dry_run = dry == "true";
                request.encoding = encoding == "utf-8"     ? csv::Encoding::utf8
                                   : encoding == "gb18030" ? csv::Encoding::gb18030
                                                           : csv::Encoding::automatic;
                request.bytes = std::move(req.body);
                ImportJob job = imports.start(req.caller(), std::move(request));
                Response res = Response::json(202, import_json(job));
                res.set_header("Location", "/api/v1/imports/" + std::to_string(job.id));
                return res;
              },
              max_import_bytes, "Import deputies from a CSV file (UTF-8 or GB18030); poll the import"});
  router.add({"GET", "/api/v1/imports/{id}",
              [&imports](Request& req) {
                auto job = imports.get(req.caller(), http::path_id(req, "id", "such import"));
                Response res = Response::json(200, import_json(job));
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "An import's state, progress and errors"});
  router.add({"GET", "/api/v1/public/deputies",
              [&directory](Request& req) {
                Validator v;
                DeputyFilter filter = read_deputy_filter(req, v);
                filter.congress = read_id(req, v, "congress_id");
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                return public_json(http::page_json(directory.search_deputies(filter, page), card_json));
              },
              0, "Search serving deputies by region, level, term, delegation, station, name or pinyin"});
  router.add({"GET", "/api/v1/public/deputies/{id}",
              [&directory](Request& req) {
                auto profile = directory.deputy_profile(http::path_id(req, "id", "such deputy"));
                object body = card_json(profile.card);
                body["ethnicity"] = profile.ethnicity;
                body["party"] = profile.party;
                body["deputy_group"] = profile.deputy_group;
                body["birth_year"] = profile.birth_year ? boost::json::value(*profile.birth_year) : nullptr;
                boost::json::array stations, others;
                for (const auto& s : profile.stations)
                  stations.push_back({{"id", std::to_string(s.id)}, {"name", s.name}, {"kind", s.kind}, {"address", s.address}});
                for (const auto& m : profile.other_mandates)
                  others.push_back({{"id", std::to_string(m.id)},
                                    {"level", m.level},
                                    {"congress_name", m.congress_name},
                                    {"term_number", m.term_number}});
                body["stations"] = std::move(stations);
                body["other_mandates"] = std::move(others);
                return public_json(body);
              },
              0, "A deputy's public profile"});
  router.add({"GET", "/api/v1/public/stations",
              [&directory](Request& req) {
                Validator v;
                StationFilter filter = read_station_filter(req, v);
                auto near = read_near(req, v);
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                if (near) {
                  boost::json::array items;
                  for (const auto& s : directory.nearest_stations(*near, filter)) items.push_back(station_json(s));
                  return public_json(object{{"items", std::move(items)}});
                }
                return public_json(http::page_json(directory.stations(filter, page), station_json));
              },
              0, "Liaison stations by region, or the nearest to a point"});
  router.add({"GET", "/api/v1/public/stations/{id}",
              [&directory](Request& req) {
                auto page = directory.station_page(http::path_id(req, "id", "such station"));
                object body = station_json(page.card);
                boost::json::array deputies, days;
                for (const auto& d : page.deputies) deputies.push_back(card_json(d));
                for (const auto& d : page.next_reception_days) days.push_back(boost::json::value(d));
                boost::json::array receptions;
                for (const auto& r : page.next_receptions) {
                  boost::json::array on_duty;
                  for (const auto* d : r.deputies)
                    on_duty.push_back({{"id", std::to_string(d->id)}, {"name", d->name}});
                  receptions.push_back({{"date", r.date}, {"deputies", std::move(on_duty)}});
                }
                body["deputies"] = std::move(deputies);
                body["next_reception_days"] = std::move(days);
                body["next_receptions"] = std::move(receptions);
                return public_json(body);
              },
              0, "A station with its deputies and next reception days"});

  router.add({"GET", "/api/v1/deputies",
              [&directory](Request& req) {
                Validator v;
                DeputyFilter filter = read_deputy_filter(req, v);
                filter.congress = read_id(req, v, "congress_id");
                filter.status = read_status(req, v);
                PageRequest page = http::read_page(req, v);
                v.throw_if_any();
                return Response::json(
                    200, http::page_json(directory.staff_deputies(req.caller(), filter, page), record_json));
              },
              0, "The registry of mandates (staff; private fields masked)"});
  router.add({"GET", "/api/v1/deputies/export",
              [&directory](Request& req) {
                Validator v;
                DeputyFilter filter = read_deputy_filter(req, v);
                filter.congress = read_id(req, v, "congress_id");
                filter.status = read_status(req, v);
                v.throw_if_any();
                Response res;
                res.body = directory.export_deputies(req.caller(), filter);
                res.set_header("Content-Type", std::string(xlsx::content_type));
                res.set_header("Content-Disposition", "attachment; filename=\"deputies.xlsx\"");
                return res;
              },
              0, "The registry of mandates as an .xlsx workbook"});
  router.add({"POST", "/api/v1/deputies",
              [&directory, &imports](Request& req) {
                static const std::initializer_list<std::string_view> fields{
                    "name",       "gender",   "id_number",    "region_code", "start_date",
                    "birth_date", "ethnicity", "party",       "occupation",  "mobile",
                    "home_address", "delegation", "deputy_group", "station_id"};
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"name", "gender", "id_number", "region_code", "start_date", "birth_date",
                                 "ethnicity", "party", "occupation", "mobile", "home_address", "delegation",
                                 "deputy_group", "station_id", "congress_id", "term"});
                auto congress = body.id("congress_id", true);
                auto term = body.integer("term", false);
                std::vector<std::pair<std::string, std::string>> values;
                // Every field is present (empty when not sent), so that a missing one is
                // reported at its own pointer.
                for (auto field : fields) {
                  const boost::json::value* v = body.member(field);
                  if (!v || v->is_null())
                    values.emplace_back(std::string(field), std::string());
                  else if (v->is_string())
                    values.emplace_back(std::string(field), std::string(v->get_string()));
                  else if (v->is_int64())
                    values.emplace_back(std::string(field), std::to_string(v->get_int64()));
                  else
                    body.validator().field("/" + std::string(field), "Must be a string.");
                }
                body.finish();
                auto id = imports.create_deputy(req.caller(), *congress, term, values);
                Response res = Response::json(201, record_json(directory.staff_deputy(req.caller(), id)));
                res.set_header("Location", "/api/v1/deputies/" + std::to_string(id));
                return res;
              },
              0, "Register one deputy (staff of the congress; the import's rules)"});
  router.add({"GET", "/api/v1/deputies/{id}/private",
              [&directory](Request& req) {
                auto p = directory.deputy_private(req.caller(), http::path_id(req, "id", "such deputy"));
                Response res = Response::json(200, {{"id_number", p.id_number},
                                                    {"mobile", p.mobile},
                                                    {"home_address", p.home_address},
                                                    {"birth_date", p.birth_date}});
                res.set_header("Cache-Control", "no-store");
                return res;
              },
              0, "A deputy's private fields, unmasked (staff of the congress; audited)"});
  router.add({"GET", "/api/v1/deputies/{id}",
              [&directory](Request& req) {
                auto record = directory.staff_deputy(req.caller(), http::path_id(req, "id", "such deputy"));
                Response res = Response::json(200, record_json(record));
                http::set_etag(res, record.version);
                return res;
              },
              0, "One mandate (staff)"});
  router.add({"PATCH", "/api/v1/deputies/{id}",
              [&directory](Request& req) {
                auto id = http::path_id(req, "id", "such deputy");
                http::BodyReader body(http::parse_json_body(req));
                body.allow_only({"status", "end_date", "deputy_group", "occupation"});
                DeputyPatch patch;
                patch.status = body.text("status", false, 20);
                if (auto end = body.member("end_date"))
                  patch.end_date = end->is_string() ? std::string(end->get_string()) : std::string();
                patch.deputy_group = body.text("deputy_group", false, 50);
                patch.occupation = body.text("occupation", false, 100);
                body.finish();
                auto version = http::read_if_match(req);
                auto record = directory.update_deputy(req.caller(), id, patch, version);
                Response res = Response::json(200, record_json(record));
                http::set_etag(res, record.version);
                return res;
              },
              0, "Edit a mandate (staff of its congress; If-Match)"});
}

}  // namespace huying::registry
