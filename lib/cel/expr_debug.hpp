#pragma once
/// Debug printing of a cel::Expr as an S-expression (tests, diagnostics, CLI dumps).
///
///   constant   1  2u  1.5  "s"  b"\x00"  true  null
///   ident      x
///   select     (. x f)          test-only (has(x.f)):  (has x f)
///   call       (_+_ a b)        member call a.f(b):    (.f a b)
///   list       [a b]            map {k1 v1 k2 v2}:     {k1: v1, k2: v2}
///   comprehension (all x <range> <init> <condition> <step> <result>)
/// With `with_ids`, every node is followed by `#id`.

#include <string>

#include "talentrules/cel/ast.hpp"

namespace talentrules::cel {

std::string to_sexpr(const Expr& expr, bool with_ids = false);

/// A constant as CEL source text (strings and bytes quoted and escaped).
std::string constant_to_string(const Constant& constant);

}  // namespace talentrules::cel
