#pragma once
// A deep copy of a CEL expression tree (Expr holds its comprehension by unique_ptr, so it
// has no copy constructor). The check stage and the compile stage both re-root trees.

#include "talentrules/cel/ast.hpp"

namespace talentrules::cel::detail {

Expr clone(const Expr& e);

}  // namespace talentrules::cel::detail
