#pragma once
// Hashing and randomness (libsodium), for checksums, token hashes and identifiers.
#include <cstddef>
#include <string>
#include <string_view>

namespace huying::crypto {

// Must run once before any other call (main does it).
void init();
std::string sha256_hex(std::string_view bytes);
// `bytes` random bytes from the system CSPRNG, hex-encoded.
std::string random_hex(std::size_t bytes);
// `bytes` random bytes, URL-safe base64 without padding.
std::string random_base64url(std::size_t bytes);

}  // namespace huying::crypto
