#pragma once
// The demo's suggestions: some in every state of their handling, written, submitted,
// assigned and answered by the demo accounts over the last months through the suggestions
// service itself, so that each workbench has something to show and each deadline colour
// appears.
#include <cstddef>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "modules/accounts/service.hpp"

namespace huying::demo {

std::size_t load_suggestions(db::Database& db, const Clock& clock, accounts::Service& accounts);

}  // namespace huying::demo
