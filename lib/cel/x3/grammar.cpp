// The only translation unit that compiles the X3 grammar: instantiates the entry rule
// for the iterator and context types of config.hpp.

#include "cel/x3/grammar.hpp"

#include "cel/x3/config.hpp"
#include "cel/x3/grammar_def.hpp"

namespace talentrules::cel::syntax {

namespace parser {
BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)
}  // namespace parser

const parser::expression_type& expression() { return parser::expression; }

}  // namespace talentrules::cel::syntax
