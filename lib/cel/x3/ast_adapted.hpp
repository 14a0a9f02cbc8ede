#pragma once
/// Boost.Fusion adaptation of the X3 attribute tree (lib/cel/x3/ast.hpp).

#include <boost/fusion/include/adapt_struct.hpp>

#include "cel/x3/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::IdentPrimary, leading_dot, name, args)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::ListElement, optional, value)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::ListLiteral, elements)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::MapEntry, optional, key, value)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::MapLiteral, entries)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::SelectOp, optional, name, args)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::IndexOp, optional, index)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::FieldInit, name, value)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::MessageOp, fields)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::Member, primary, postfix)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::UnaryOp, op)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::Unary, ops, member)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::BinaryTail, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::Chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::ConditionalTail, then_branch, else_branch)
BOOST_FUSION_ADAPT_STRUCT(talentrules::cel::syntax::Expression, head, rest)
