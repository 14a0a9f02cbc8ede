#pragma once
// docs/FUNCTIONS.md, generated from function registries (tests/docs_test.cpp keeps the
// file equal to it).

#include <string>

#include "talentrules/cel/function.hpp"

namespace talentrules::cel {

/// The reference: every function of `standard` (cel-spec's library) and of `pack` (the
/// functions rule packs add), each with its overload signatures and one-line docs.
std::string functions_markdown(const FunctionRegistry& standard, const FunctionRegistry& pack);

}  // namespace talentrules::cel
