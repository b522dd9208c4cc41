#pragma once
// Places on the map: great-circle distances, and a grid of 0.1° cells that lets the nearest
// stations be found by looking at a few cells around a point instead of at every station.
#include <cstdint>
#include <vector>

namespace huying::geo {

inline constexpr double cell_degrees = 0.1;

bool valid(double latitude, double longitude);
double distance_m(double lat1, double lng1, double lat2, double lng2);
std::int64_t cell_of(double latitude, double longitude);
// The cells at exactly `ring` cells' distance (Chebyshev) from the point's cell.
std::vector<std::int64_t> ring_cells(double latitude, double longitude, int ring);
// No point outside rings 0..ring is closer than this to the given point.
double beyond_ring_m(double latitude, int ring);

}  // namespace huying::geo
