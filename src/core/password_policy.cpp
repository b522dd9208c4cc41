#include "core/password_policy.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace huying {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Passwords that meet the length and class rules yet head every leaked-password list,
// including those common in China (keyboard walks, 5201314 "I love you for life").
constexpr std::array common_passwords{
    "password123!", "password@123", "password1234", "p@ssw0rd123",  "p@ssw0rd1234",
    "admin@12345",  "admin@123456", "admin123456!", "qwer1234!@#$", "qwerty123456!",
    "1qaz2wsx3edc", "1qaz@wsx3edc", "1qaz!qaz2wsx", "zaq1@wsx3edc", "abc123456789",
    "abcd1234!@#$", "a123456789.",  "aa123456789!", "woaini1314!",  "woaini5201314",
    "5201314woaini", "iloveyou123!", "welcome@123", "welcome12345", "changeme123!",
    "huying@12345", "huying123456", "renda@123456", "test@1234567", "root@1234567",
    "qazwsx123456", "q1w2e3r4t5y6", "1q2w3e4r5t6y", "passw0rd!234", "asdf1234!@#$",
    "zxcvbnm12345", "china@123456", "beijing@2008", "henan@123456", "123456789aA!",
};

}  // namespace

std::optional<std::string> password_problem(std::string_view password,
                                            std::string_view username) {
  std::size_t chars = 0;
  bool lower_case = false, upper_case = false, digit = false, other = false;
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++chars;  // count code points, not bytes
    if (std::islower(c))
      lower_case = true;
    else if (std::isupper(c))
      upper_case = true;
    else if (std::isdigit(c))
      digit = true;
    else
      other = true;
  }
  if (chars < 10) return "Must be at least 10 characters long.";
  if (int(lower_case) + int(upper_case) + int(digit) + int(other) < 3)
    return "Must mix at least 3 of: lower-case letters, upper-case letters, digits, symbols.";
  std::string lowered = lower(password);
  if (!username.empty() && lowered.find(lower(username)) != std::string::npos)
    return "Must not contain the username.";
  if (std::find(common_passwords.begin(), common_passwords.end(), lowered) != common_passwords.end())
    return "Is a well-known password; choose another.";
  return std::nullopt;
}

std::string one_time_password() {
  // No look-alike characters (0/O, 1/l/I), so that it can be read out over the phone.
  static constexpr std::string_view lowers = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view uppers = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view digits = "23456789";
  static constexpr std::string_view all = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  auto pick = [](std::string_view from) { return from[randombytes_uniform(uint32_t(from.size()))]; };
  std::string out;
  out += pick(lowers);
  out += pick(uppers);
  out += pick(digits);
  while (out.size() < 14) out += pick(all);
  for (std::size_t i = out.size() - 1; i > 0; --i)
    std::swap(out[i], out[randombytes_uniform(uint32_t(i + 1))]);
  return out;
}

}  // namespace huying
