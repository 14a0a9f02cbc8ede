#pragma once
/// Plain JSON <-> CEL values, for variables, profiles and reports.
///
/// JSON -> Value: objects become maps with string keys, arrays lists, integers int
/// (outside int64: an error, never a silent double), other numbers double, and
/// null/bool/string as themselves. Value -> JSON: the inverse; uint as a number,
/// bytes as base64, timestamps and durations as their RFC 3339 / "1.5s" strings,
/// NaN and infinities as the strings "NaN", "Infinity", "-Infinity".
/// Thread-safe: no shared state.

#include <optional>
#include <string>
#include <string_view>

#include "talentrules/cel/value.hpp"

namespace talentrules {

struct JsonError {
    std::string message;
    std::uint32_t line = 0;    ///< 1-based; 0 when unknown
    std::uint32_t column = 0;  ///< 1-based, bytes
};

/// Parses one JSON document. On failure returns nullopt and fills `error`.
/// `max_depth` bounds nesting (deeper documents are rejected, not recursed into).
std::optional<cel::Value> value_from_json(std::string_view text, JsonError* error = nullptr,
                                          std::size_t max_depth = 256);

/// Compact JSON (no spaces). Map keys that are not strings are written as strings.
std::string value_to_json(const cel::Value& value);

/// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace talentrules
