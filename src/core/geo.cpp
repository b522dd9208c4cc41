#include "core/geo.hpp"

#include <cmath>

namespace huying::geo {

namespace {

constexpr double earth_radius_m = 6'371'008.8;
constexpr double pi = 3.14159265358979323846;
constexpr std::int64_t columns = 3600;  // 360° / 0.1°

double radians(double degrees) { return degrees * pi / 180.0; }

std::int64_t row_of(double latitude) { return std::int64_t(std::floor((latitude + 90.0) / cell_degrees)); }
std::int64_t column_of(double longitude) {
  return std::int64_t(std::floor((longitude + 180.0) / cell_degrees));
}

}  // namespace

bool valid(double latitude, double longitude) {
  return std::isfinite(latitude) && std::isfinite(longitude) && latitude >= -90 && latitude <= 90 &&
         longitude >= -180 && longitude <= 180;
}

double distance_m(double lat1, double lng1, double lat2, double lng2) {
  double dlat = radians(lat2 - lat1), dlng = radians(lng2 - lng1);
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(radians(lat1)) * std::cos(radians(lat2)) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * earth_radius_m * std::asin(std::min(1.0, std::sqrt(a)));
}

std::int64_t cell_of(double latitude, double longitude) {
  return row_of(latitude) * columns + column_of(longitude);
}

std::vector<std::int64_t> ring_cells(double latitude, double longitude, int ring) {
  std::int64_t row = row_of(latitude), column = column_of(longitude);
  std::vector<std::int64_t> cells;
  for (std::int64_t r = row - ring; r <= row + ring; ++r)
    for (std::int64_t c = column - ring; c <= column + ring; ++c) {
      bool on_ring = r == row - ring || r == row + ring || c == column - ring || c == column + ring;
      if (!on_ring || r < 0 || r >= 1800) continue;
      cells.push_back(r * columns + ((c % columns) + columns) % columns);
    }
  return cells;
}

double beyond_ring_m(double latitude, int ring) {
  // A cell is narrower east–west than north–south away from the equator; take the narrower
  // side at the point's latitude, plus a cell's worth of latitude drift, as a lower bound.
  double cell_ns = earth_radius_m * radians(cell_degrees);
  double cell_ew = cell_ns * std::cos(radians(std::min(89.0, std::abs(latitude) + cell_degrees * (ring + 1))));
  return ring * std::min(cell_ns, cell_ew);
}

}  // namespace huying::geo
