#pragma once
/// The standard library's function families (private to the library). Each family
/// registers its overloads; register_standard_library (standard.cpp) calls them all.

#include <memory>
#include <string>
#include <string_view>

#include "talentrules/cel/function.hpp"

namespace re2 {
class RE2;
}

namespace talentrules::cel {

void register_arithmetic(FunctionRegistry& registry);           // _+_ _-_ _*_ _/_ _%_ -_
void register_comparison(FunctionRegistry& registry);           // _<_ _<=_ _>_ _>=_
void register_equality_membership(FunctionRegistry& registry);  // _==_ _!=_ @in _[_]
void register_strings(FunctionRegistry& registry);              // contains startsWith endsWith
void register_regex(FunctionRegistry& registry);                // matches
void register_conversions(FunctionRegistry& registry);          // int uint double string ...
void register_time(FunctionRegistry& registry);                 // getFullYear ... getMilliseconds
void register_collections(FunctionRegistry& registry);          // size
void register_logic(FunctionRegistry& registry);                // !_

// cel-go's extension libraries (docs/CEL.md).
void register_math_ext(FunctionRegistry& registry);             // math.*
void register_strings_ext(FunctionRegistry& registry);          // charAt indexOf ... format
void register_encoders_ext(FunctionRegistry& registry);         // base64.*
void register_comprehensions_ext(FunctionRegistry& registry);   // @map_insert (transforms)
void register_optional_ext(FunctionRegistry& registry);         // optional.*, value, orValue

/// A compiled RE2 for `pattern` from a process-wide, thread-safe cache (bounded; safe to
/// call from many threads). Returns nullptr and sets `error` for an invalid pattern.
std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern,
                                              std::string* error = nullptr);

/// string(double): Go's "%g" (shortest round-trip digits; exponent form when the decimal
/// exponent is < -4 or >= 6): "1.5", "-0.0045", "1e+06", "1e+30", "NaN", "+Inf".
std::string format_double(double d);

}  // namespace talentrules::cel
