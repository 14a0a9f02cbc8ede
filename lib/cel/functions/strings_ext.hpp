#pragma once
// Shared by the string extension's two files (strings_ext.cpp, string_format.cpp).

#include "talentrules/cel/function.hpp"

namespace talentrules::cel {

/// The error for a string that would exceed BuildLimits::max_string_bytes.
Value too_long(const BuildLimits& limits);

/// format and strings.quote (string_format.cpp).
void register_string_format(FunctionRegistry& registry);

}  // namespace talentrules::cel
