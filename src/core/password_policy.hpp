#pragma once
// The password policy: at least 10 characters from 3 of the 4 classes (lower case, upper
// case, digits, others), not containing the username, and not a well-known password.
#include <optional>
#include <string>
#include <string_view>

namespace huying {

// Why a password is refused, or nothing when it is acceptable.
std::optional<std::string> password_problem(std::string_view password, std::string_view username);

// A random password that satisfies the policy, for one-time use.
std::string one_time_password();

}  // namespace huying
