// The standard library: the one place that lists every function family.

#include "cel/functions/families.hpp"

namespace talentrules::cel {

void register_standard_library(FunctionRegistry& registry) {
    register_logic(registry);
    register_arithmetic(registry);
    register_comparison(registry);
    register_equality_membership(registry);
    register_collections(registry);
    register_strings(registry);
    register_regex(registry);
    register_conversions(registry);
    register_time(registry);
    register_math_ext(registry);
    register_strings_ext(registry);
    register_encoders_ext(registry);
    register_comprehensions_ext(registry);
    register_optional_ext(registry);
}

}  // namespace talentrules::cel
