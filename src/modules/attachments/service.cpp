#include "modules/attachments/service.hpp"

#include <fcntl.h>
#include <magic.h>
#include <soci/soci.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "db/query.hpp"
#include "db/row.hpp"

namespace huying::attachments {

namespace {

Error storage_error(std::string detail) {
  return Error(500, "storage_failed", "Internal Server Error", std::move(detail));
}

constexpr std::string_view docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// One libmagic handle per thread: a handle is not safe to share, and loading the database
// for every upload would cost more than the check.
std::string sniff(std::string_view bytes) {
  struct Closer {
    void operator()(magic_t m) const { magic_close(m); }
  };
  thread_local std::unique_ptr<std::remove_pointer_t<magic_t>, Closer> cookie = [] {
    magic_t m = magic_open(MAGIC_MIME_TYPE);
    if (m && magic_load(m, nullptr) != 0) {
      magic_close(m);
      m = nullptr;
    }
    return std::unique_ptr<std::remove_pointer_t<magic_t>, Closer>(m);
  }();
  if (!cookie) throw storage_error("The file type database could not be loaded.");
  const char* type = magic_buffer(cookie.get(), bytes.data(), bytes.size());
  return type ? type : "";
}

// Office files are zip archives; libmagic names them by type when it recognises the
// parts, and as a plain zip otherwise.
bool bytes_match(std::string_view declared, const std::string& sniffed) {
  if (declared == sniffed) return true;
  if (declared == docx || declared == xlsx)
    return sniffed == "application/zip";
  return false;
}

std::string bare_type(std::string_view header) {
  std::string type(header.substr(0, header.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

void write_durably(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path());
  auto temp = path;
  temp += ".part" + crypto::random_hex(4);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) throw storage_error("The attachment could not be stored.");
  std::size_t written = 0;
  while (written < bytes.size()) {
    auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      throw storage_error("The attachment could not be stored.");
    }
    written += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw storage_error("The attachment could not be stored.");
  std::filesystem::rename(temp, path);
}

Attachment attachment_from(const soci::row& r) {
  return {db::get_int64(r, 0), db::get_string(r, 1), db::get_int64(r, 2), db::get_string(r, 3),
          db::get_string(r, 4), db::get_string(r, 5), db::get_int64(r, 6), db::get_string(r, 7),
          db::get_string(r, 8), from_epoch_ms(db::get_int64(r, 9))};
}

constexpr const char* columns =
    "SELECT id, owner_type, owner_id, purpose, filename, content_type, size_bytes, sha256, "
    "uploaded_by, uploaded_at_ms FROM attachments WHERE ";

}  // namespace

const std::vector<std::string>& accepted_types() {
  static const std::vector<std::string> types{"application/pdf", "image/jpeg", "image/png",
                                              std::string(docx), std::string(xlsx)};
  return types;
}

std::filesystem::path Service::path_of(const std::string& sha256) const {
  return directory_ / "attachments" / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

Attachment Service::add(soci::session& tx, const std::string& owner_type, std::int64_t owner_id,
                        const Upload& upload, const std::string& uploaded_by, std::size_t max_bytes) const {
  return record(tx, owner_type, owner_id, store(upload, max_bytes), uploaded_by);
}

StoredFile Service::store(const Upload& upload, std::size_t max_bytes) const {
  std::size_t limit = max_bytes ? std::min(max_bytes, max_bytes_) : max_bytes_;
  if (upload.bytes.size() > limit)
    throw Error(413, "attachment_too_large", "Content Too Large",
                "An attachment may have at most " + std::to_string(limit) + " bytes.");
  Validator v;
  if (upload.filename.empty() || upload.filename.size() > 200 ||
      upload.filename.find_first_of("/\\\r\n\"") != std::string::npos)
    v.parameter("filename", "A file name (at most 200 bytes, without / \\ or quotes) is required.");
  if (upload.bytes.empty()) v.field("", "The file is empty.");
  v.throw_if_any();
  std::string declared = bare_type(upload.declared_type);
  const auto& types = accepted_types();
  if (std::find(types.begin(), types.end(), declared) == types.end())
    throw Error(415, "attachment_type", "Unsupported Media Type",
                "Attachments may be PDF, JPEG, PNG, DOCX or XLSX files.");
  std::string sniffed = sniff(upload.bytes);
  if (!bytes_match(declared, sniffed))
    throw Error(415, "attachment_type", "Unsupported Media Type",
                "The file's contents are " + (sniffed.empty() ? std::string("unknown") : sniffed) +
                    ", not " + declared + ".");
  std::string sha = crypto::sha256_hex(upload.bytes);
  auto path = path_of(sha);
  if (!std::filesystem::exists(path)) write_durably(path, upload.bytes);
  return {upload.filename, declared, upload.purpose, sha, static_cast<std::int64_t>(upload.bytes.size())};
}

Attachment Service::record(soci::session& tx, const std::string& owner_type, std::int64_t owner_id,
                           const StoredFile& file, const std::string& uploaded_by) const {
  auto now = to_epoch_ms(clock_.now());
  db::Query("INSERT INTO attachments (owner_type, owner_id, purpose, filename, content_type, size_bytes, "
            "sha256, uploaded_by, uploaded_at_ms) VALUES (")
      .value(owner_type).text(", ").value(owner_id).text(", ").value(file.purpose).text(", ")
      .value(file.filename).text(", ").value(file.content_type).text(", ").value(file.size).text(", ")
      .value(file.sha256).text(", ").value(uploaded_by).text(", ").value(now).text(")")
      .execute(tx);
  db::Query last(std::string(columns) + "owner_type = ");
  last.value(owner_type).text(" AND owner_id = ").value(owner_id).text(" ORDER BY id DESC LIMIT 1");
  for (const auto& r : last.rows(tx)) return attachment_from(r);
  throw storage_error("The attachment was not recorded.");
}

std::vector<Attachment> Service::of(soci::session& s, const std::string& owner_type,
                                    std::int64_t owner_id) const {
  db::Query q(std::string(columns) + "owner_type = ");
  q.value(owner_type).text(" AND owner_id = ").value(owner_id).text(" ORDER BY id");
  std::vector<Attachment> out;
  for (const auto& r : q.rows(s)) out.push_back(attachment_from(r));
  return out;
}

std::optional<Attachment> Service::find(soci::session& s, std::int64_t id) const {
  db::Query q(std::string(columns) + "id = ");
  q.value(id);
  for (const auto& r : q.rows(s)) return attachment_from(r);
  return std::nullopt;
}

std::string Service::read(const Attachment& a) const {
  std::ifstream in(path_of(a.sha256), std::ios::binary);
  if (!in) throw storage_error("An attachment's file is missing from the data directory.");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace huying::attachments
