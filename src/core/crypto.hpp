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

namespace huying::crypto {

// argon2id (libsodium's crypto_pwhash_str, interactive limits): a self-describing string.
std::string hash_password(std::string_view password);
// Constant-time verification.
bool verify_password(const std::string& hash, std::string_view password);
// True when the hash was made with other parameters than today's.
bool password_needs_rehash(const std::string& hash);
// Compares secrets without leaking where they differ.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace huying::crypto
