#pragma once
// Value builders and numeric limits shared by the CEL unit tests (functions_test.cpp,
// value_test.cpp). Not a test itself: tests/CMakeLists.txt compiles only *_test.cpp.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cel/time_util.hpp"
#include "talentrules/cel/value.hpp"

namespace talentrules::cel::test_support {

inline Value I(std::int64_t v) { return Value(v); }
inline Value U(std::uint64_t v) { return Value(v); }
inline Value D(double v) { return Value(v); }
inline Value S(std::string s) { return Value::string(std::move(s)); }
inline Value B(std::string s) { return Value::bytes(std::move(s)); }
inline Value L(List items) { return Value::list(std::move(items)); }
inline Value M(std::vector<Map::Entry> entries) {
    auto m = Map::make(std::move(entries));
    REQUIRE(m.has_value());
    return Value::map(std::move(*m));
}
/// A timestamp from RFC 3339 text; the test fails (naming the text) if it does not parse.
inline Value TS(std::string_view s) {
    auto t = parse_timestamp(s);
    REQUIRE_MESSAGE(t.has_value(), s);
    return Value(*t);
}
/// A duration from CEL text ("1.5s", "1h"); the test fails (naming the text) if it does not parse.
inline Value DUR(std::string_view s) {
    auto d = parse_duration(s);
    REQUIRE_MESSAGE(d.has_value(), s);
    return Value(*d);
}

inline constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
inline constexpr double inf_v = std::numeric_limits<double>::infinity();
inline constexpr std::int64_t int_min = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t int_max = std::numeric_limits<std::int64_t>::max();
inline constexpr std::uint64_t uint_max = std::numeric_limits<std::uint64_t>::max();

}  // namespace talentrules::cel::test_support
