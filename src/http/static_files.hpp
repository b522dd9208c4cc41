#pragma once
// Serves the built single-page app: MIME types, ETag/304, long caching for hashed assets,
// precompressed .br/.gz, SPA fallback to index.html, and no way out of the web root.
#include <filesystem>

#include "http/message.hpp"

namespace huying::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // Answers GET/HEAD for a non-API path; throws Error (404) when there is nothing to serve.
  Response serve(const Request& req) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// True when a decoded path could reach outside the root: "..", ".", empty segments
// (absolute paths after "//"), backslashes, NUL, or still-encoded separators and dots.
bool is_unsafe_path(std::string_view path);

std::string_view mime_type(std::string_view extension);

}  // namespace huying::http
