#pragma once
/// Where a diagnostic about a node should point (cel-go's "position" of a node).
///
/// ParsedExpr::ranges[id] is a node's whole source extent (`age + 'x'`). A message such
/// as "no matching overload for '+'" reads better with the caret on the operator, as
/// cel-go reports it. anchor_offset() recovers that token from the source and the
/// children's ranges:
///   binary operator, `?:`, `[ ]`    the operator token (`+`, `?`, `[`)
///   select `a.f`                    the '.'
///   call `f(x)`, `a.f(x)`, macros   the '('
///   everything else                 the start of the range (`!`, `-`, literal, name,
///                                   '[' of a list, '{' of a map)
/// Nodes a macro synthesized carry the macro call's range and get its start.

#include <cstdint>

#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {

std::uint32_t anchor_offset(const ParsedExpr& parsed, const Expr& expr);

}  // namespace talentrules::cel
