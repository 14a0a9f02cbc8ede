#pragma once
/// Lowering: the X3 attribute tree (lib/cel/x3/ast.hpp) to cel::Expr.
///
/// Applies operator precedence to the flat binary chains, folds `-` into numeric
/// literals, decodes literals (escapes, ranges), expands macros, assigns ids 1..N and
/// records each node's byte range. Rejects reserved identifiers (TR1006), bad literals
/// (TR1005), bad macro calls (TR1007), message construction (TR1001) and trees deeper than
/// ParseOptions::max_tree_depth (TR1003). Folding is iterative; recursion follows the
/// bracket nesting only, which parse() bounds before the grammar runs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cel/x3/ast.hpp"
#include "talentrules/cel/ast.hpp"
#include "talentrules/cel/parser.hpp"
#include "talentrules/diagnostic.hpp"

namespace talentrules::cel::detail {

/// A problem found while lowering: code, message and byte range in the source.
struct LowerError {
    std::string code;
    std::string message;
    Range range;
    std::string key;                ///< catalogue template of `message`
    std::vector<std::string> args;  ///< its arguments (see Diagnostic::args)
};

/// A new node of `out`: the next id, with its byte range recorded (the lowering and the
/// extension macros both build nodes this way, so ids stay dense and ranges indexable).
inline Expr new_node(ParsedExpr& out, ExprKind kind, Range range) {
    Expr e;
    e.id = static_cast<ExprId>(out.ranges.size());
    e.kind = kind;
    out.ranges.push_back(range);
    return e;
}

/// `text` is the source the grammar ran over (the tree's offsets index it).
/// Returns the error, or nothing when `out` holds the lowered expression.
std::optional<LowerError> lower(const syntax::Expression& ast, std::string_view text,
                                const ParseOptions& options, ParsedExpr& out);

/// Expands the extension macros (cel.bind, the two-variable comprehensions, math.greatest
/// and math.least with several arguments, optMap/optFlatMap) in a lowered tree; throws
/// Failure (macros_ext.cpp).
void expand_ext_macros(ParsedExpr& out);

/// Decodes a literal's source text (as the grammar captured it: unsigned number,
/// string/bytes with prefix and quotes, true, false, null). `negative` applies a folded
/// minus sign to an int or double. `offset` is the text's byte offset in the source (for
/// error ranges). Exposed for tests.
struct DecodedLiteral {
    Constant value;
    std::optional<LowerError> error;
};
DecodedLiteral decode_literal(std::string_view literal, std::uint32_t offset,
                              bool negative = false);

/// True if the literal text is an int or double literal (one a minus sign folds into).
bool is_signable_literal(std::string_view literal);

/// True for the words cel-spec reserves (may not be identifiers or function names).
bool is_reserved_word(std::string_view word);

}  // namespace talentrules::cel::detail
