#pragma once
/// Type-checking a parsed expression against an Env: every node gets a type, names are
/// resolved to variables, calls to overloads. Ill-typed expressions are rejected before
/// evaluation with the position of the fault.
/// Thread-safe: `check` keeps no state between calls.

#include <optional>
#include <string>
#include <vector>

#include "talentrules/cel/ast.hpp"
#include "talentrules/cel/env.hpp"
#include "talentrules/diagnostic.hpp"

namespace talentrules::cel {

/// What a name or call node refers to, by ExprId.
struct Reference {
    const Variable* variable = nullptr;          ///< ident/select chain naming a variable
    std::vector<const Overload*> overloads;      ///< calls: the overloads that may apply
    std::string_view type_constant;              ///< a type name used as a value (`int`)
    const EnumType* ordered_enum = nullptr;      ///< comparisons by an ordered enum's rank
};

struct CheckedExpr {
    ParsedExpr parsed;
    std::vector<Type> types;            ///< by ExprId
    std::vector<Reference> references;  ///< by ExprId
    Type result_type() const { return types[static_cast<std::size_t>(parsed.root.id)]; }
};

struct CheckResult {
    std::optional<CheckedExpr> expr;
    Diagnostics diagnostics;
    bool ok() const { return expr.has_value(); }
};

/// Codes: TR2001 undeclared reference, TR2002 no matching overload (message lists the
/// argument types), TR2003 unknown function, TR2004 type mismatch (e.g. a condition
/// that is not bool, list elements of mixed types), TR2005 field selection on a value
/// that has no fields, TR2006 a string literal that is not a value of the enum it is
/// compared with.
CheckResult check(ParsedExpr parsed, const Env& env);

}  // namespace talentrules::cel
