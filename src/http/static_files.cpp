#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace huying::http {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = std::move(buffer).str();
  return true;
}

// Whether the client accepts a content coding (q=0 refuses it).
bool accepts_encoding(const Request& req, std::string_view coding) {
  auto header = req.header("Accept-Encoding");
  if (!header) return false;
  std::string value = lower(*header);
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string item = value.substr(start, end - start);
    start = end + 1;
    auto semicolon = item.find(';');
    std::string name = item.substr(0, semicolon);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name != coding) continue;
    if (semicolon == std::string::npos) return true;
    std::string params = item.substr(semicolon + 1);
    auto q = params.find("q=");
    return q == std::string::npos || std::stod(params.substr(q + 2)) > 0;
  }
  return false;
}

Error not_found() { return Error::not_found("There is no page or file at this address."); }

}  // namespace

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

bool is_unsafe_path(std::string_view path) {
  if (path.empty() || path[0] != '/') return true;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos)
    return true;
  std::string l = lower(path);
  for (std::string_view encoded : {"%2e", "%2f", "%5c", "%00"})
    if (l.find(encoded) != std::string::npos) return true;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    bool last = end == path.size();
    if (segment == ".." || segment == "." || (segment.empty() && !last)) return true;
    start = end + 1;
  }
  return false;
}

std::string_view mime_type(std::string_view extension) {
  static const std::map<std::string, std::string, std::less<>> types{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".pdf", "application/pdf"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
  };
  auto it = types.find(lower(extension));
  return it == types.end() ? std::string_view("application/octet-stream") : it->second;
}

Response StaticFiles::serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    Error e(405, "method_not_allowed", "Method Not Allowed",
            "Pages and files answer only to GET and HEAD.");
    e.with_header("Allow", "GET, HEAD");
    throw e;
  }
  if (is_unsafe_path(req.path)) throw not_found();
  fs::path relative = fs::path(req.path.substr(1));
  if (relative.empty() || req.path.back() == '/') relative /= "index.html";
  fs::path file = root_ / relative;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    // Client-side routes (no file extension) get the app; a missing asset is a 404.
    if (relative.has_extension()) throw not_found();
    file = root_ / "index.html";
    if (!fs::is_regular_file(file, ec)) throw not_found();
  }
  // The lexical checks above already keep us inside; this guards against symlinks.
  fs::path canonical_root = fs::weakly_canonical(root_, ec);
  fs::path canonical_file = fs::weakly_canonical(file, ec);
  auto [root_end, file_it] =
      std::mismatch(canonical_root.begin(), canonical_root.end(), canonical_file.begin());
  if (ec || root_end != canonical_root.end()) throw not_found();

  Response res;
  res.set_header("Content-Type", std::string(mime_type(file.extension().string())));
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("X-Content-Type-Options", "nosniff");
  bool hashed_asset = req.path.starts_with("/assets/");
  res.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable"
                                               : "no-cache");

  fs::path chosen = file;
  std::string encoding;
  for (auto [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    fs::path candidate = file;
    candidate += suffix;
    if (accepts_encoding(req, coding) && fs::is_regular_file(candidate, ec)) {
      chosen = candidate;
      encoding = coding;
      break;
    }
  }
  auto size = fs::file_size(chosen, ec);
  auto mtime = fs::last_write_time(chosen, ec).time_since_epoch().count();
  std::string etag = fmt::format("\"{:x}-{:x}{}\"", size, static_cast<std::uint64_t>(mtime), encoding.empty() ? "" : "-" + encoding);
  res.set_header("ETag", etag);
  if (!encoding.empty()) res.set_header("Content-Encoding", encoding);
  if (auto inm = req.header("If-None-Match"); inm && inm->find(etag) != std::string::npos) {
    res.status = 304;
    return res;
  }
  if (!read_file(chosen, res.body)) throw not_found();
  return res;
}

}  // namespace huying::http
