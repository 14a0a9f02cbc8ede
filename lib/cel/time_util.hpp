#pragma once
/// Timestamp and duration helpers shared by the standard library, the evaluator and the
/// conformance runner: RFC 3339 / CEL duration parsing and formatting, range-checked
/// arithmetic, civil-time breakdown and time-zone offsets.
///
/// Ranges (cel-spec langdef, "Overflow"):
///   timestamp: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z
///   duration:  a single int64 count of nanoseconds (about ±292 years).
/// Thread-safe: pure functions (time-zone lookups use the tz database, which is
/// initialised once and then read-only).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "talentrules/cel/time.hpp"  // parsing and formatting, public
#include "talentrules/cel/value.hpp"

namespace talentrules::cel {

/// Seconds in the largest valid duration (INT64_MAX nanoseconds = 9223372036.854775807s).
inline constexpr std::int64_t duration_limit_seconds = 9223372036;

bool timestamp_in_range(Timestamp t);
bool duration_in_range(Duration d);

/// A timestamp from seconds and nanoseconds (any nanos, normalised); nullopt out of range.
std::optional<Timestamp> make_timestamp(std::int64_t seconds, std::int64_t nanos = 0);
/// A duration from seconds and nanoseconds (any signs, normalised); nullopt out of range.
std::optional<Duration> make_duration(std::int64_t seconds, std::int64_t nanos = 0);

std::optional<Timestamp> add_duration(Timestamp t, Duration d);
std::optional<Timestamp> subtract_duration(Timestamp t, Duration d);
std::optional<Duration> subtract_timestamps(Timestamp a, Timestamp b);
std::optional<Duration> add_durations(Duration a, Duration b);
std::optional<Duration> subtract_durations(Duration a, Duration b);
std::optional<Duration> negate_duration(Duration d);

/// The broken-down civil time of a timestamp at a UTC offset.
struct CivilTime {
    std::int64_t year = 1970;
    int month = 1;        ///< 1..12
    int day = 1;          ///< 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nanos = 0;
    int day_of_week = 4;  ///< 0 = Sunday
    int day_of_year = 0;  ///< 0-based
};
CivilTime to_civil(Timestamp t, std::int64_t utc_offset_seconds = 0);

/// Offset from UTC, in seconds, of time zone `tz` at instant `at`. `tz` is "UTC", an IANA
/// name ("America/Los_Angeles", "US/Central") or a fixed offset "[+-]HH:MM" (no sign means
/// '+'). nullopt (with `error` set) for an unknown zone.
std::optional<std::int64_t> zone_offset(std::string_view tz, Timestamp at,
                                        std::string* error = nullptr);

}  // namespace talentrules::cel
