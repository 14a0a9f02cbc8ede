#pragma once
/// The attribute tree the Spirit X3 grammar fills in (private to the parser).
///
/// It mirrors the grammar, not cel-spec's Expr: binary operators are kept as flat
/// chains (`first op rhs op rhs ...`, precedence is applied by the lowering pass),
/// conditionals as `head ? then : else ? then : else ...`, unary operators and member
/// suffixes as vectors. Only brackets nest, so the depth of this tree is bounded by the
/// bracket nesting the parser's pre-scan allows. lower.cpp turns it into cel::Expr.
/// Nodes deriving from Tagged record their byte range in the source when their rule
/// succeeds (like x3::position_tagged, but the offsets are stored in the node itself, so
/// no position cache is needed). Literals are only a range: lower.cpp reads, decodes and
/// range-checks the source text.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace talentrules::cel::syntax {

namespace x3 = boost::spirit::x3;

/// Byte offsets [begin, end) of a node in the source text.
struct Tagged {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

struct Expression;
using ExprList = std::vector<Expression>;

/// A literal; its source text is a number (without sign), a string/bytes literal with
/// prefix and quotes, `true`, `false` or `null`.
struct Literal : Tagged {};

/// `[.]name` or `[.]name(args)`.
struct IdentPrimary : Tagged {
    bool leading_dot = false;
    std::string name;
    boost::optional<ExprList> args;  ///< set for a global call
};

/// An element of a list literal; `?x` when `optional`.
struct ListElement {
    bool optional = false;
    x3::forward_ast<Expression> value;
};

/// `[a, b, c]` (a trailing comma is allowed).
struct ListLiteral : Tagged {
    std::vector<ListElement> elements;
};

/// `k: v`, or `?k: v` when `optional`.
struct MapEntry {
    bool optional = false;
    x3::forward_ast<Expression> key;
    x3::forward_ast<Expression> value;
};

/// `{k: v, ...}`.
struct MapLiteral : Tagged {
    std::vector<MapEntry> entries;
};

/// `(expr)` is the forward_ast alternative.
using Primary = x3::variant<Literal, IdentPrimary, x3::forward_ast<Expression>, ListLiteral,
                            MapLiteral>;

/// `.name` or `.name(args)` after a member.
struct SelectOp : Tagged {
    bool optional = false;  ///< `.?name`
    std::string name;
    boost::optional<ExprList> args;
};

/// `[index]` after a member.
struct IndexOp : Tagged {
    bool optional = false;  ///< `[?index]`
    x3::forward_ast<Expression> index;
};

struct FieldInit {
    std::string name;
    x3::forward_ast<Expression> value;
};

/// `{field: value, ...}` after a (qualified) name: message construction.
struct MessageOp : Tagged {
    std::vector<FieldInit> fields;
};

using Postfix = x3::variant<SelectOp, IndexOp, MessageOp>;

/// A primary followed by selections, member calls, index operations.
struct Member : Tagged {
    Primary primary;
    std::vector<Postfix> postfix;
};

/// One `!` or `-` prefix operator.
struct UnaryOp : Tagged {
    char op = 0;
};

/// `ops... member` (the ops apply right to left).
struct Unary : Tagged {
    std::vector<UnaryOp> ops;
    Member member;
};

enum class BinOp : std::uint8_t {
    logical_or,
    logical_and,
    less,
    less_equals,
    greater,
    greater_equals,
    equals,
    not_equals,
    in,
    add,
    subtract,
    multiply,
    divide,
    modulo,
};

struct BinaryTail {
    BinOp op = BinOp::add;
    Unary rhs;
};

/// `first op rhs op rhs ...`: every binary operator of every precedence, flat.
struct Chain : Tagged {
    Unary first;
    std::vector<BinaryTail> rest;
};

struct ConditionalTail {
    Chain then_branch;
    Chain else_branch;
};

/// `head ? t1 : e1 ? t2 : e2 ...` = `head ? t1 : (e1 ? t2 : (e2 ...))`.
struct Expression : Tagged {
    Chain head;
    std::vector<ConditionalTail> rest;
};

}  // namespace talentrules::cel::syntax
