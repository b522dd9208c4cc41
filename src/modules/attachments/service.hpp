#pragma once
// Uploaded files (answer letters, photos, documents): checked by size and by what their
// bytes are (libmagic), stored once per content under the data directory by SHA-256, and
// recorded against the record that owns them. Who may upload or download is decided by the
// owner's service; this one only keeps files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace soci {
class session;
}

namespace huying::attachments {

struct Attachment {
  std::int64_t id = 0;
  std::string owner_type;
  std::int64_t owner_id = 0;
  std::string purpose, filename, content_type;
  std::int64_t size = 0;
  std::string sha256, uploaded_by;
  TimePoint uploaded_at;
};

struct Upload {
  std::string filename, declared_type, purpose;
  std::string_view bytes;
};

// A file checked and kept in the data directory, not yet recorded against an owner.
struct StoredFile {
  std::string filename, content_type, purpose, sha256;
  std::int64_t size = 0;
};

// The media types accepted, by what libmagic must find in the bytes.
const std::vector<std::string>& accepted_types();

class Service {
 public:
  Service(std::filesystem::path directory, std::size_t max_bytes, const Clock& clock)
      : directory_(std::move(directory)), max_bytes_(max_bytes), clock_(clock) {}

  std::size_t max_bytes() const { return max_bytes_; }
  // Checks the upload (413 too large, 415 a type not accepted or bytes that are not what
  // the declared type says, 422 a bad file name or purpose), stores the file and records it
  // in the caller's transaction.
  // `max_bytes`: a lower limit of the caller's (0: this service's).
  Attachment add(soci::session& tx, const std::string& owner_type, std::int64_t owner_id,
                 const Upload& upload, const std::string& uploaded_by, std::size_t max_bytes = 0) const;
  // The two halves of add(): the checks and the file, outside any transaction (the same
  // errors), then the record.
  StoredFile store(const Upload& upload, std::size_t max_bytes = 0) const;
  Attachment record(soci::session& tx, const std::string& owner_type, std::int64_t owner_id,
                    const StoredFile& file, const std::string& uploaded_by) const;
  std::vector<Attachment> of(soci::session& s, const std::string& owner_type, std::int64_t owner_id) const;
  std::optional<Attachment> find(soci::session& s, std::int64_t id) const;
  // The stored bytes; 500 when the file has gone missing from the data directory.
  std::string read(const Attachment& attachment) const;

 private:
  std::filesystem::path path_of(const std::string& sha256) const;
  std::filesystem::path directory_;
  std::size_t max_bytes_;
  const Clock& clock_;
};

}  // namespace huying::attachments
