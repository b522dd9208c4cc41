#pragma once
// Generates the demo dataset in memory, deterministically for a seed: regions, congresses,
// delegations, persons and their mandates at five levels, committee contacts, handling
// units, liaison stations and their deputies. No I/O: the store writes what this makes.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "modules/demo/dataset.hpp"

namespace huying::demo {

// Called now and then while work proceeds: the phase, what is done of it, and its size.
using ProgressFn = std::function<void(std::string_view phase, std::size_t done, std::size_t total)>;

std::optional<Scale> parse_scale(std::string_view name);
std::string_view scale_name(Scale scale);

// The reference day of the dataset (ages, by-elections and ends of mandates lie before it).
inline constexpr std::string_view reference_date = "2026-01-01";

Dataset generate(Scale scale, std::uint64_t seed, const ProgressFn& progress = {});

// SHA-256 (hex) over every row of every table in a canonical order; timestamps are not
// part of the dataset and so not of the checksum.
std::string checksum(const Dataset& data);

}  // namespace huying::demo
