#pragma once
// Resident identity card numbers (GB 11643-1999): 17 digits and a check character.
#include <string_view>

namespace huying {

char id_number_check_character(std::string_view first17);
// 18 characters, digits but for a final X, valid check character and birth date.
bool is_valid_id_number(std::string_view id);

}  // namespace huying
