#pragma once
// Henan (河南省, 410000) as the demo knows it: the 18 city-level regions and the 157
// county-level ones with their GB/T 2260 codes and names (as of 2023), rough populations
// from the 2020 census (万人), city-centre coordinates and telephone area codes. Townships
// are not listed here; the generator makes them up under their county's code.
#include <span>
#include <string_view>

namespace huying::demo::henan {

inline constexpr std::string_view province_code = "410000";
inline constexpr std::string_view province_name = "河南省";

// How a county-level region is built, which decides its townships: an urban district
// (subdistricts only), a suburban district (some subdistricts, mostly towns), a county, a
// county-level city, or 济源, the county-level city directly under the province that
// stands among the 18 cities and has no county level of its own.
enum class CountyKind { urban, suburban, county, city, province_direct };

struct County {
  std::string_view code;
  std::string_view name;
  CountyKind kind;
  int population;  // 万人, rough
};

struct City {
  std::string_view code;
  std::string_view name;
  std::string_view short_name;  // "郑州"
  std::string_view area_code;   // "0371"
  int latitude_micro;           // city centre, micro-degrees
  int longitude_micro;
  int population;  // 万人 (2020 census, rounded)
  std::span<const County> counties;
};

std::span<const City> cities();

}  // namespace huying::demo::henan
