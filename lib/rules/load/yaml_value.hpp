#pragma once
// YAML data (profiles, inline test profiles, units files) as CEL values, typed the way
// JSON would type them: plain true/false, integers and decimals are typed; quoted
// scalars and everything else are strings. One conversion for every YAML data input.

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "talentrules/cel/value.hpp"
#include "talentrules/diagnostic.hpp"

namespace talentrules::rules::detail {

struct YamlValueLimits {
    /// Values converted, counting each use of an alias again: an alias bomb (or an
    /// anchor that contains its own alias) stops here instead of expanding.
    std::size_t max_values = 1'000'000;
    std::size_t max_depth = 64;
    /// Bytes of text in scalars, counting each use of an alias again.
    std::size_t max_bytes = 64u << 20;
};

/// Why a conversion failed, and where (yaml-cpp's 0-based mark; line -1 when unknown).
struct YamlValueError {
    std::string message;
    YAML::Mark mark = YAML::Mark::null_mark();
};

/// nullopt (and `error` filled) when a limit is exceeded, a mapping repeats a key or has
/// a key that is not a plain value, a number is outside int64 / double range, or a
/// scalar is not valid UTF-8 once YAML escapes are decoded.
/// Plain `nan`, `inf`, `.nan` and `.inf` are strings, never numbers.
std::optional<cel::Value> yaml_to_value(const YAML::Node& node, const YamlValueLimits& limits,
                                        YamlValueError* error);

/// With the default limits; nullopt on any of the errors above.
std::optional<cel::Value> yaml_to_value(const YAML::Node& node, int depth = 0);

/// YAML::Load for a file that must hold one document: a second one throws
/// YAML::ParserException at its start (callers report YAML::Exception with its mark),
/// rather than being dropped silently.
YAML::Node load_one_document(const std::string& text);

/// Where a second YAML document starts in `text` — its `---` line, or the first content
/// after a `...` — if there is one. Found from the document markers at the start of a line
/// (YAML forbids them inside any scalar), not by parsing every document: yaml-cpp's
/// LoadAll never returns on some malformed inputs (found by the pack fuzzers).
std::optional<Position> second_document_start(std::string_view text);

}  // namespace talentrules::rules::detail
