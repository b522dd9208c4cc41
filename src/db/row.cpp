#include "db/row.hpp"

namespace huying::db {

std::int64_t get_int64(const soci::row& row, std::size_t column) {
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(column);
    case soci::dt_long_long:
      return row.get<long long>(column);
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(row.get<unsigned long long>(column));
    case soci::dt_double:
      return static_cast<std::int64_t>(row.get<double>(column));
    case soci::dt_string:
      return std::stoll(row.get<std::string>(column));
    default:
      throw std::runtime_error("column " + row.get_properties(column).get_name() +
                               " is not an integer");
  }
}

std::optional<std::int64_t> get_optional_int64(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return get_int64(row, column);
}

std::optional<double> get_optional_double(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_double:
      return row.get<double>(column);
    case soci::dt_string:
      return std::stod(row.get<std::string>(column));
    default:
      return double(get_int64(row, column));
  }
}

std::string get_string(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return {};
  if (row.get_properties(column).get_data_type() != soci::dt_string)
    return std::to_string(get_int64(row, column));
  return row.get<std::string>(column);
}

std::optional<std::string> get_optional_string(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return get_string(row, column);
}

}  // namespace huying::db
