#pragma once
/// Plain JSON <-> CEL values, for variables, profiles and reports.
///
/// JSON -> Value: objects become maps with string keys, arrays lists, integers int
/// (outside int64: an error, never a silent double), other numbers double, and
/// null/bool/string as themselves. Value -> JSON: the inverse; uint as a number,
/// bytes as base64, timestamps and durations as their RFC 3339 / "1.5s" strings,
/// NaN and infinities as the strings "NaN", "Infinity", "-Infinity".
/// Thread-safe: no shared state.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "talentrules/cel/value.hpp"

namespace talentrules {

struct JsonError {
    std::string message;
    std::uint32_t line = 0;    ///< 1-based; 0 when unknown
    std::uint32_t column = 0;  ///< 1-based, bytes
    bool limit = false;        ///< a JsonLimits limit was exceeded (the text may be valid JSON)
};

/// Bounds on a document's shape, checked while it is converted (O(1) per value).
struct JsonLimits {
    std::size_t max_depth = 256;                        ///< nesting of arrays and objects
    std::size_t max_values = static_cast<std::size_t>(-1);  ///< values at any depth
};

/// Parses one JSON document. On failure returns nullopt and fills `error`.
/// `max_depth` bounds nesting (deeper documents are rejected, not recursed into).
std::optional<cel::Value> value_from_json(std::string_view text, JsonError* error = nullptr,
                                          std::size_t max_depth = 256);
/// The same with explicit limits. Invalid UTF-8, a repeated key in an object, an integer
/// outside int64 and a number outside double range (1e400) are errors; NaN and Infinity
/// are not JSON and are rejected by the parser.
std::optional<cel::Value> value_from_json(std::string_view text, const JsonLimits& limits,
                                          JsonError* error = nullptr);

/// Compact JSON (no spaces). Map keys that are not strings are written as strings.
std::string value_to_json(const cel::Value& value);

/// The same within a budget: if the JSON would be longer than `max_bytes`, stops as soon
/// as it is known and returns `{"error":"value larger than N bytes"}` instead. Lists and
/// maps share their parts, so a small value can print as gigabytes (`[l, l]` nested 40
/// times); reports and explanations use this form. Time is O(max_bytes).
std::string value_to_json(const cel::Value& value, std::size_t max_bytes);

/// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace talentrules
