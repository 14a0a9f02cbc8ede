#pragma once
/// Parsing CEL text into an Expr tree (Boost.Spirit X3 behind this interface).
/// Thread-safe: `parse` keeps no state between calls.

#include <cstddef>
#include <optional>
#include <string_view>

#include "talentrules/cel/ast.hpp"
#include "talentrules/diagnostic.hpp"

namespace talentrules::cel {

/// Limits that keep hostile input bounded in time and memory. Documented in docs/LIMITS.
struct ParseOptions {
    std::size_t max_expression_bytes = 100'000;  ///< TR1002 beyond this
    int max_nesting_depth = 200;                 ///< brackets, calls, unary chains; TR1003
    int max_tree_depth = 1000;                   ///< depth of the resulting tree; TR1003
    bool enable_macros = true;                   ///< false: `e.all(x, p)` stays a call
    std::string_view file;                       ///< copied into diagnostics
};

struct ParseResult {
    std::optional<ParsedExpr> expr;  ///< set when there are no errors
    Diagnostics diagnostics;
    bool ok() const { return expr.has_value(); }
};

/// Parses one CEL expression. Never throws for bad input: every problem is a diagnostic
/// with its position. Codes:
///   TR1001 syntax error             TR1002 expression too large
///   TR1003 nesting too deep         TR1004 invalid UTF-8
///   TR1005 invalid literal (int out of range, bad escape, bad code point)
///   TR1006 reserved word used as an identifier
///   TR1007 invalid macro call (e.g. `[1].all(1, true)`: the variable must be a name)
ParseResult parse(std::string_view text, const ParseOptions& options = {});

}  // namespace talentrules::cel
