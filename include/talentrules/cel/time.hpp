#pragma once
/// Reading and writing CEL timestamps and durations as text: what embedders and tools
/// (the conformance runner) need of the engine's time support, and the only definition
/// of these formats. Range checks and arithmetic stay inside the library.
/// Thread-safe: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "talentrules/cel/value.hpp"

namespace talentrules::cel {

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)` ('t'/'z' accepted too). nullopt if
/// malformed or outside the timestamp range.
std::optional<Timestamp> parse_timestamp(std::string_view rfc3339);
/// RFC 3339 in UTC with 'Z'; the fraction has trailing zeros trimmed (as Go's
/// RFC3339Nano): "2009-02-13T23:31:30Z", "2009-02-13T23:31:30.5Z".
std::string format_timestamp(Timestamp t);

/// CEL / Go duration syntax: optional sign, then one or more `<decimal><unit>` with units
/// h m s ms us µs ns ("1h2m3.5s", "-1.5s", "100ms"), or "0". Also reads protobuf JSON
/// ("1.500s"). nullopt if malformed or out of range.
std::optional<Duration> parse_duration(std::string_view text);
/// Seconds with the fraction trimmed, then 's': "1.5s", "-0.001s", "1000000s", "0s".
std::string format_duration(Duration d);

}  // namespace talentrules::cel
