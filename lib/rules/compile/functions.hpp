#pragma once
// Date functions rule packs need beyond CEL's standard library. Dates are timestamps
// at 00:00 UTC; all arithmetic is on the civil (proleptic Gregorian) calendar.

#include <optional>
#include <string>
#include <string_view>

#include "talentrules/cel/function.hpp"

namespace talentrules::rules {

/// Registers date, age_on, months_between, years_between, days_between, add_days,
/// add_months, add_years.
void register_rule_functions(cel::FunctionRegistry& registry);

/// "YYYY-MM-DD" -> timestamp at 00:00 UTC; nullopt if not a valid date.
std::optional<cel::Timestamp> parse_date(std::string_view text);
/// The UTC calendar date of a timestamp, "YYYY-MM-DD".
std::string format_date(cel::Timestamp t);

}  // namespace talentrules::rules
