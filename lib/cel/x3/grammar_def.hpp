#pragma once
/// The CEL grammar (cel-spec doc/langdef.md, "Syntax"), as Spirit X3 rules.
///
/// Only grammar.cpp includes this file. Shape of the grammar:
///   expression = chain *('?' > chain > ':' > chain)        right fold in lower.cpp
///   chain      = unary *(binop > unary)                    precedence in lower.cpp
///   unary      = *('!' | '-') member
///   member     = primary *('.' > ident [args] | '[' > expression > ']' | '{' fields '}')
///   primary    = literal | ['.'] ident [args] | '(' > expression > ')' | list | map
/// Repetition is iterative (kleene), so only brackets recurse; parser.cpp bounds the
/// bracket nesting with a pre-scan before this grammar ever runs.
/// Literals are recognized only (their range is recorded); lower.cpp decodes the text.
/// Expectation points (`>`) raise x3::expectation_failure, which parser.cpp turns into
/// "expected ..." diagnostics. A rule name starting with '@' is a complete message.

#include <cstdint>
#include <type_traits>

#include <boost/spirit/home/x3.hpp>

#include "cel/x3/ast.hpp"
#include "cel/x3/ast_adapted.hpp"
#include "cel/x3/config.hpp"
#include "cel/x3/grammar.hpp"

namespace talentrules::cel::syntax::parser {

using x3::attr;
using x3::char_;
using x3::lexeme;
using x3::lit;
using x3::matches;
using x3::raw;

/// Records a tagged node's byte range [first, last) (after leading whitespace), as
/// offsets from the SourceBegin passed with x3::with<source_tag>.
struct annotate_position {
    template <typename T, typename Iterator, typename Context>
    void on_success(Iterator const& first, Iterator const& last, T& ast,
                    Context const& context) const {
        if constexpr (std::is_base_of_v<Tagged, T>) {
            const iterator_type base = x3::get<source_tag>(context).begin;
            ast.begin = static_cast<std::uint32_t>(first - base);
            ast.end = static_cast<std::uint32_t>(last - base);
        }
    }
};

/// STRING_LIT / BYTES_LIT: [rR]?[bB]? or [bB][rR] prefix, then '...', "...", '''...''' or
/// """...""". Recognizes the extent only (escapes are decoded by lower.cpp). A string
/// that is opened but never closed is an error at its opening quote.
struct string_literal_parser : x3::parser<string_literal_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
               Attribute&) const {
        x3::skip_over(first, last, context);
        Iterator it = first;
        bool raw_string = false;
        bool bytes = false;
        for (int i = 0; i < 2 && it != last; ++i) {
            const char c = *it;
            if ((c == 'r' || c == 'R') && !raw_string) {
                raw_string = true;
            } else if ((c == 'b' || c == 'B') && !bytes) {
                bytes = true;
            } else {
                break;
            }
            ++it;
        }
        if (it == last || (*it != '"' && *it != '\'')) return false;
        const char quote = *it;
        const Iterator open = it;
        const bool triple = last - it >= 3 && it[1] == quote && it[2] == quote;
        it += triple ? 3 : 1;
        for (;;) {
            if (it == last) {
                throw x3::expectation_failure<Iterator>(open, "@unterminated string literal");
            }
            const char c = *it;
            if (c == '\\' && !raw_string) {
                ++it;
                if (it != last) ++it;
                continue;
            }
            if (c == quote) {
                if (!triple) {
                    ++it;
                    break;
                }
                if (last - it >= 3 && it[1] == quote && it[2] == quote) {
                    it += 3;
                    break;
                }
            } else if (!triple && (c == '\n' || c == '\r')) {
                throw x3::expectation_failure<Iterator>(open, "@unterminated string literal");
            }
            ++it;
        }
        first = it;
        return true;
    }
};

const string_literal_parser string_literal{};

// Lexical pieces (used inside lexeme[], under omit[]/raw[]: attributes are not used).
const auto ident_start = char_("a-zA-Z_");
const auto ident_char = char_("a-zA-Z0-9_");
const auto digit = char_('0', '9');
const auto hex_digit = char_("0-9a-fA-F");
const auto exponent = (lit('e') | lit('E')) >> -(lit('+') | lit('-')) >> +digit;
const auto uint_suffix = lit('u') | lit('U');
const auto number = (*digit >> lit('.') >> +digit >> -exponent)  // FLOAT_LIT
                    | (+digit >> exponent)                          // FLOAT_LIT
                    | ((lit("0x") | lit("0X")) >> +hex_digit >> -uint_suffix)  // hex INT/UINT
                    | (+digit >> -uint_suffix);                     // INT_LIT / UINT_LIT
const auto keyword = lexeme[(lit("true") | lit("false") | lit("null") | lit("in")) >> !ident_char];
const auto word_literal = (lit("true") | lit("false") | lit("null")) >> !ident_char;

const x3::symbols<BinOp> binop_symbols(
    {
        {"||", BinOp::logical_or},
        {"&&", BinOp::logical_and},
        {"<", BinOp::less},
        {"<=", BinOp::less_equals},
        {">", BinOp::greater},
        {">=", BinOp::greater_equals},
        {"==", BinOp::equals},
        {"!=", BinOp::not_equals},
        {"+", BinOp::add},
        {"-", BinOp::subtract},
        {"*", BinOp::multiply},
        {"/", BinOp::divide},
        {"%", BinOp::modulo},
    },
    "operator");

// Rule ids; those deriving from annotate_position record source positions.
struct literal_class : annotate_position {};
struct identifier_class;
struct selector_class;
struct ident_primary_class : annotate_position {};
struct call_args_class;
struct paren_class;
struct list_literal_class : annotate_position {};
struct list_element_class;
struct map_literal_class : annotate_position {};
struct map_entry_class;
struct primary_class;
struct select_op_class : annotate_position {};
struct index_op_class : annotate_position {};
struct message_op_class : annotate_position {};
struct field_init_class;
struct postfix_class;
struct member_class : annotate_position {};
struct unary_op_class : annotate_position {};
struct unary_class : annotate_position {};
struct binop_class;
struct binary_tail_class;
struct chain_class : annotate_position {};
struct conditional_tail_class;
struct expression_class : annotate_position {};

const x3::rule<literal_class, Literal> literal = "literal";
const x3::rule<identifier_class, std::string> identifier = "identifier";
const x3::rule<selector_class, std::string> selector = "identifier";
const x3::rule<ident_primary_class, IdentPrimary> ident_primary = "identifier";
const x3::rule<call_args_class, ExprList> call_args = "arguments";
const x3::rule<paren_class, Expression> paren = "'('";
const x3::rule<list_literal_class, ListLiteral> list_literal = "list";
const x3::rule<list_element_class, ListElement> list_element = "expression";
const x3::rule<map_literal_class, MapLiteral> map_literal = "map";
const x3::rule<map_entry_class, MapEntry> map_entry = "map entry";
const x3::rule<primary_class, Primary> primary = "expression";
const x3::rule<select_op_class, SelectOp> select_op = "selection";
const x3::rule<index_op_class, IndexOp> index_op = "index";
const x3::rule<message_op_class, MessageOp> message_op = "field initializers";
const x3::rule<field_init_class, FieldInit> field_init = "field initializer";
const x3::rule<postfix_class, Postfix> postfix = "selection";
const x3::rule<member_class, Member> member = "expression";
const x3::rule<unary_op_class, UnaryOp> unary_op = "operator";
const x3::rule<unary_class, Unary> unary = "expression";
const x3::rule<binop_class, BinOp> binop = "operator";
const x3::rule<binary_tail_class, BinaryTail> binary_tail = "operator";
const x3::rule<chain_class, Chain> chain = "expression";
const x3::rule<conditional_tail_class, ConditionalTail> conditional_tail = "'?'";
const expression_type expression = "expression";

const auto literal_def = x3::omit[lexeme[string_literal | number | word_literal]];
const auto identifier_def = lexeme[!keyword >> ident_start >> *ident_char];
const auto ident_primary_def = matches[lit('.')] >> identifier >> -call_args;
const auto call_args_def = lit('(') > -(expression % ',') > lit(')');
const auto paren_def = lit('(') > expression > lit(')');
const auto list_literal_def = lit('[') > -(list_element % ',') > -lit(',') > lit(']');
const auto list_element_def = x3::matches[lit('?')] >> expression;
const auto map_literal_def = lit('{') > -(map_entry % ',') > -lit(',') > lit('}');
const auto map_entry_def = (x3::matches[lit('?')] >> expression) > lit(':') > expression;
const auto primary_def = literal | ident_primary | paren | list_literal | map_literal;
// A field name after '.' may be quoted in backticks (`content-type`); the name keeps
// its backticks here, lower.cpp strips them (and rejects a call of such a name).
const auto quoted_char = char_("a-zA-Z0-9_") | char_('.') | char_('-') | char_('/') | char_(' ');
const auto selector_def = identifier | raw[lexeme[lit('`') >> +quoted_char >> lit('`')]];
const auto select_op_def = (lit('.') > x3::matches[lit('?')] > selector) >> -call_args;
const auto index_op_def = lit('[') > x3::matches[lit('?')] > expression > lit(']');
const auto message_op_def = lit('{') > -(field_init % ',') > -lit(',') > lit('}');
const auto field_init_def = identifier > lit(':') > expression;
const auto postfix_def = select_op | index_op | message_op;
const auto member_def = primary >> *postfix;
const auto unary_op_def = char_('!') | char_('-');
const auto unary_def = *unary_op >> member;
const auto binop_def = binop_symbols | (lexeme[lit("in") >> !ident_char] >> attr(BinOp::in));
const auto binary_tail_def = binop > unary;
const auto chain_def = unary >> *binary_tail;
const auto conditional_tail_def = lit('?') > chain > lit(':') > chain;
const auto expression_def = chain >> *conditional_tail;

BOOST_SPIRIT_DEFINE(literal, identifier, selector, ident_primary, call_args, paren,
                    list_literal, list_element, map_literal, map_entry, primary, select_op, index_op,
                    message_op, field_init, postfix, member, unary_op, unary, binop,
                    binary_tail, chain, conditional_tail, expression)

}  // namespace talentrules::cel::syntax::parser
