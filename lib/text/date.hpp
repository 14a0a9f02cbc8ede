#pragma once
// The one reader of calendar dates written YYYY-MM-DD: pack periods, profile dates, the
// date() rule function, --as-of and request as_of all go through it, so they agree on
// what a date is. Thread-safe: pure functions.

#include <optional>
#include <string_view>

#include "talentrules/cel/value.hpp"

namespace talentrules::text {

/// "YYYY-MM-DD" naming a day that exists (2025-02-30 is well-formed but does not exist),
/// year 0001..9999, as a timestamp at 00:00 UTC; nullopt otherwise.
std::optional<cel::Timestamp> parse_date(std::string_view text);

/// True if parse_date(text) succeeds.
bool valid_date(std::string_view text);

}  // namespace talentrules::text
