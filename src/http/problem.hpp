#pragma once
// RFC 9457 problem details: the only way an error body is written.
#include "core/error.hpp"
#include "http/message.hpp"

namespace huying::http {

inline constexpr std::string_view problem_type_prefix = "urn:huying:problem:";

Response problem_response(const Error& error, const std::string& request_id);

// The opaque answer to an unexpected exception: no message, SQL or stack leaves the server.
Error internal_error();

}  // namespace huying::http
