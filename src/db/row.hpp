#pragma once
// Reading values out of SOCI rows the same way on both engines: SQLite and PostgreSQL
// report integer columns with different SOCI types, so stores read through these.
#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

namespace huying::db {

std::int64_t get_int64(const soci::row& row, std::size_t column);
std::optional<std::int64_t> get_optional_int64(const soci::row& row, std::size_t column);
std::optional<double> get_optional_double(const soci::row& row, std::size_t column);
std::string get_string(const soci::row& row, std::size_t column);
std::optional<std::string> get_optional_string(const soci::row& row, std::size_t column);

}  // namespace huying::db
