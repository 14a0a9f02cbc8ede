#pragma once
/// The CEL grammar's entry rule, declared for parser.cpp; defined in grammar_def.hpp and
/// instantiated (once) in grammar.cpp for the types in config.hpp.

#include <boost/spirit/home/x3.hpp>

#include "cel/x3/ast.hpp"

namespace talentrules::cel::syntax {

namespace parser {
struct expression_class;
using expression_type = x3::rule<expression_class, Expression>;
BOOST_SPIRIT_DECLARE(expression_type)
}  // namespace parser

/// The whole-expression rule (cel-spec's `Expr`).
const parser::expression_type& expression();

}  // namespace talentrules::cel::syntax
