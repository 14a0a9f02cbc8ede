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

/// What a text that parse_date refuses is: written YYYY-MM-DD but naming no day of the
/// calendar (2025-02-30, 2025-13-01, 0000-01-01), or not written so at all. Errors name
/// the two differently: the fix for one is the day, for the other the spelling.
enum class DateForm { valid, nonexistent, malformed };
DateForm classify_date(std::string_view text);

/// classify_date of the date part of a date-time ("2025-02-30T09:00:00Z"): nonexistent
/// when the text starts with a well-formed date that names no day, else malformed.
DateForm classify_datetime_date(std::string_view text);

}  // namespace talentrules::text
