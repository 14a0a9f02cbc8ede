#pragma once
// JSON pointers (RFC 6901) that name the values of a profile in its errors: built while
// the profile is validated, then followed through the source text to a line and column.
// Thread-safe: pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace talentrules::rules::profile {

/// `pointer` + "/" + `token`, with '~' written "~0" and '/' written "~1".
std::string child_pointer(std::string_view pointer, std::string_view token);

/// The tokens of `pointer`, unescaped: "/a~1b/2" -> {"a/b", "2"}; "" -> {}.
std::vector<std::string> pointer_tokens(std::string_view pointer);

}  // namespace talentrules::rules::profile
