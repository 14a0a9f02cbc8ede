#pragma once
// UTF-8 validation for every text the engine takes in: expressions, pack files, YAML
// values, profiles, bytes converted to strings.

#include <cstddef>
#include <string_view>

namespace talentrules::text {

/// Offset of the first byte that does not start a valid UTF-8 sequence (overlong forms,
/// surrogates and code points above U+10FFFF are invalid); npos when the text is valid.
std::size_t first_invalid_utf8(std::string_view s);

}  // namespace talentrules::text
